// deepdream web UI: the settings' controls. Every setting's control is built from GET /api/params
// (the settings codec's declarations) and every video setting's from GET /api/video-params
// (VideoParams), so names, ranges, defaults and help text live in one place; only the uploads and
// the buttons are written in index.html.

const OPEN_GROUPS = ['what', 'how', 'input']; // shown at once; the other groups go under "More controls"
let params = [];         // the declarations, in the order the codec applies them
let video = { params: [] }; // the video settings' declarations, the video preset and the server's video limits
let batchLimits = null;  // the server's batch limits
let models = [];         // the models, each with its layers and default layers

// ---- controls from the declarations ----

function describe(p) {
  return p.help + ' (default: ' + p.default + ')';
}

/** The bare input for a declaration: a select, a number box with its range, a file, a checkbox or a text box. */
function input(p) {
  if (p.kind === 'flag') return el('input', { type: 'checkbox', value: 'true' }); // unticked: not sent (off)
  if (p.kind === 'choice') {
    const sel = el('select');
    sel.append(el('option', { value: '', textContent: 'default: ' + p.default }));
    for (const c of p.choices) sel.append(el('option', { value: c, textContent: c }));
    return sel;
  }
  if (p.kind === 'image') return el('input', { type: 'file', accept: 'image/*' });
  if ((p.kind === 'integer' || p.kind === 'number') && p.min != null) {
    // step 'any': the browser must not refuse a value the range allows (0.00001).
    return el('input', { type: 'number', min: String(p.min), max: String(p.max), step: p.integer ? '1' : 'any',
      placeholder: p.default });
  }
  // Octaves (-2..2), sizes (800m), seeds (64-bit) and free text are typed as text.
  return el('input', { type: 'text', placeholder: p.default });
}

/** A labelled control whose id and name are the setting's name (a checkbox before its words). */
function field(p, control) {
  control.id = p.name;
  control.name = p.name;
  control.title = describe(p);
  const words = p.name.replace(/_/g, ' ');
  if (p.kind === 'flag') return el('label', { className: 'param flag' }, control, words);
  return el('label', { className: 'param' }, words, control);
}

/** Pictures that each carry an objective (masks): rows of a file and the objective inside it. */
function pictureRows(p) {
  const box = el('div', { className: 'pictures' });
  box.dataset.param = p.name;
  const add = el('button', { type: 'button', className: 'add', textContent: 'Add another ' + p.name });
  const addRow = () => {
    const n = box.querySelectorAll('.picture').length;
    const suffix = n ? '-' + n : '';
    const file = input(p);
    Object.assign(file, { id: p.name + suffix, name: p.name, title: describe(p) });
    const objective = el('input', { type: 'text', id: p.name + '-objective' + suffix, className: 'objective',
      placeholder: 'objective inside it (default: the dream\'s own)' });
    box.insertBefore(el('div', { className: 'picture' }, file, objective), add);
  };
  add.addEventListener('click', addRow);
  box.append(el('span', {}, p.name.replace(/_/g, ' ')), add);
  box.title = describe(p);
  addRow();
  return box;
}

/** The layers: a text field (id layers) fed by checkboxes of the chosen model's layers. */
function layersField(p) {
  const text = input(p);
  text.addEventListener('input', syncLayerBoxes);
  const picks = el('div', { id: 'layer-picks', className: 'layer-picks' });
  return el('div', {}, field(p, text), picks, el('p', { id: 'model-note', className: 'note' }));
}

function build(p) {
  if (p.name === 'model') return field(p, el('select')); // options come from /api/models
  if (p.name === 'layers') return layersField(p);
  if (p.kind === 'image' && p.objective_per_picture) return pictureRows(p);
  return field(p, input(p));
}

function buildControls() {
  const groups = new Map();
  for (const p of params) {
    if (!groups.has(p.group)) {
      const box = el('fieldset', { className: 'group' }, el('legend', { textContent: p.group }));
      box.dataset.group = p.group;
      (OPEN_GROUPS.includes(p.group) ? $('settings') : $('more-settings')).append(box);
      groups.set(p.group, box);
    }
    groups.get(p.group).append(build(p));
  }
}

async function loadParams() {
  params = await (await fetch('/api/params')).json();
  buildControls();
}

// ---- video and batch: the clip's settings from the declarations, the server's limits ----

/** A video setting's control, built as a dream setting's is (its kind, range, choices). Ids are video-NAME. */
function videoField(p) {
  const control = input(p);
  control.id = 'video-' + p.name;
  control.dataset.param = p.name;
  control.title = describe(p);
  return el('label', { className: 'param' }, p.name.replace(/_/g, ' ') + ' (' + p.label + ')', control);
}

async function loadVideoParams() {
  video = await (await fetch('/api/video-params')).json();
  for (const p of video.params) $('video-settings').append(videoField(p));
  $('video-limits').textContent = 'At most ' + Math.floor(video.max_upload_bytes / 1048576) + ' MB and '
    + video.max_frames + ' frames. Each frame is dreamed with the settings below; with no preset chosen, the "'
    + video.default_preset + '" preset.';
}

async function loadBatchLimits() {
  batchLimits = await (await fetch('/api/batch-limits')).json();
  $('batch-limits').textContent = 'At most ' + Math.floor(batchLimits.max_upload_bytes / 1048576) + ' MB zipped, '
    + batchLimits.max_files + ' pictures (PNG, JPEG, BMP, GIF, WebP; other files are skipped). Each is dreamed with '
    + 'the settings below; the result is a zip of the dreams at their paths in yours, with a manifest.';
}

// ---- presets and models (descriptions the declarations do not hold) ----

async function loadPresets() {
  const presets = await (await fetch('/api/presets')).json();
  const sel = $('preset');
  for (const o of sel.options) {
    const p = presets.find((x) => x.name === o.value);
    if (p) o.title = p.looks;
  }
  const note = el('p', { id: 'preset-note', className: 'hint' });
  sel.closest('label').after(note);
  sel.addEventListener('change', () => {
    const p = presets.find((x) => x.name === sel.value);
    note.textContent = p ? p.looks + ' (' + p.settings + '; fields you fill override it)' : '';
  });
}

async function loadModels() {
  models = await (await fetch('/api/models')).json();
  const sel = $('model');
  for (const m of models) {
    sel.append(el('option', { value: m.name, textContent: m.name + (m.cached ? '' : ' (fetched on first use)') }));
  }
  sel.addEventListener('change', showLayers);
  showLayers();
}

function layerList() {
  return $('layers').value.split(',').map((x) => x.trim()).filter((x) => x);
}

function syncLayerBoxes() {
  const names = layerList().map((x) => x.split('=')[0].trim());
  for (const cb of document.querySelectorAll('input.layer')) cb.checked = names.includes(cb.value);
}

/** Ticking a layer adds it to the layers field, keeping any weights typed there. */
function toggleLayer(cb) {
  const rest = layerList().filter((x) => x.split('=')[0].trim() !== cb.value);
  $('layers').value = (cb.checked ? [...rest, cb.value] : rest).join(',');
}

function showLayers() {
  const m = models.find((x) => x.name === $('model').value);
  const box = $('layer-picks');
  box.innerHTML = '';
  if (!m) return;
  const defaults = (m.default_layers || '').split(',');
  $('layers').placeholder = 'the model\'s: ' + (m.default_layers || '');
  $('model-note').textContent = m.imagenet_up_to
    ? 'Layers after ' + m.imagenet_up_to + ' were fine-tuned for another task (not ImageNet features).' : '';
  if (m.layers.length === 0) {
    box.textContent = 'default layers (' + (m.default_layers || '') + ')';
    return;
  }
  for (const l of m.layers) {
    const cb = el('input', { type: 'checkbox', value: l.name, className: 'layer' });
    cb.addEventListener('change', () => toggleLayer(cb));
    const hint = l.hint + (defaults.includes(l.name) ? ' (default)' : '');
    box.append(el('label', {}, cb, el('span', { textContent: l.name }),
      el('span', { className: 'hint', textContent: hint })));
  }
  syncLayerBoxes();
}

/** What a model dreams on when no layers or objective are given ("mixed3 + mixed5"), or null when not known. */
function defaultObjective(model) {
  const m = models.find((x) => x.name === model);
  return m && m.default_layers ? m.default_layers.split(',').map((x) => x.trim()).join(' + ') : null;
}
