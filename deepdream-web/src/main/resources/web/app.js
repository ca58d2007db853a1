// deepdream web UI: plain JavaScript, no build step. Every setting's control is built from
// GET /api/params (the settings codec's declarations) and every video setting's from
// GET /api/video-params (VideoParams), so names, ranges, defaults and help text live in one place;
// only the photo, clip and zip uploads and the buttons are written in index.html.
const $ = (id) => document.getElementById(id);
const OPEN_GROUPS = ['what', 'how', 'input']; // shown at once; the other groups go under "More controls"
let params = [];         // the declarations, in the order the codec applies them
let video = { params: [] }; // the video settings' declarations, the video preset and the server's video limits
let kind = 'photo';      // what the form dreams on: 'photo', 'video' or 'batch' (a zip of photos)
let batchLimits = null;  // the server's batch limits
let models = [];
let current = null;      // the job being watched
let events = null;       // its EventSource

function showError(message) {
  const e = $('error');
  e.textContent = message;
  e.hidden = !message;
}

function fmtEta(ms) {
  if (ms == null || ms < 0) return '';
  const s = Math.round(ms / 1000);
  return 'ETA ' + Math.floor(s / 60) + 'm' + String(s % 60).padStart(2, '0') + 's';
}

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  e.append(...children);
  return e;
}

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

// ---- video: the clip's settings from the declarations, and the switch between photo and video ----

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

/** Shows the photo or the video part of the form; switching by hand forgets an earlier job's photo or clip. */
function setKind(k, keepFromJob) {
  if (k !== kind && !keepFromJob) {
    $('from_job').value = '';
    $('chosen').hidden = true;
  }
  kind = k;
  $('kind-photo').setAttribute('aria-selected', String(k === 'photo'));
  $('kind-video').setAttribute('aria-selected', String(k === 'video'));
  $('kind-batch').setAttribute('aria-selected', String(k === 'batch'));
  $('drop').hidden = k !== 'photo';
  $('video-drop').hidden = k !== 'video';
  $('batch-drop').hidden = k !== 'batch';
  $('video-settings').hidden = k !== 'video';
  // The preset a video dreams with when none is chosen is the server's video preset.
  const preset = $('preset');
  if (preset && preset.options.length) {
    const first = preset.options[0];
    if (!first.dataset.photo) first.dataset.photo = first.textContent;
    first.textContent = k === 'video' && video.default_preset ? 'default: ' + video.default_preset : first.dataset.photo;
  }
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
    box.append(el('label', {}, cb, el('span', { textContent: l.name }), el('span', { className: 'hint', textContent: hint })));
  }
  syncLayerBoxes();
}

// ---- a job ----

function formData() {
  const fd = new FormData();
  const file = chosenFile();
  if (file) fd.append(kind === 'video' ? 'video' : kind === 'batch' ? 'zip' : 'image', file);
  else if ($('from_job').value && kind !== 'batch') fd.append('from_job', $('from_job').value);
  if (kind === 'video') {
    for (const p of video.params) {
      const v = $('video-' + p.name).value.trim();
      if (v) fd.append(p.name, v);
    }
  }
  for (const p of params) {
    if (p.kind === 'flag') {
      if ($(p.name).checked) fd.append(p.name, 'true');
    } else if (p.kind !== 'image') {
      const v = $(p.name).value.trim();
      if (v) fd.append(p.name, v);
    } else if (!p.repeatable) {
      if ($(p.name).files[0]) fd.append(p.name, $(p.name).files[0]);
    } else {
      // Each picture is paired in order with the text value of the same name: its objective.
      for (const row of document.querySelectorAll('.pictures[data-param="' + p.name + '"] .picture')) {
        const f = row.querySelector('input[type=file]').files[0];
        const objective = row.querySelector('input.objective').value.trim();
        if (!f && objective) throw new Error('Choose a ' + p.name + ' picture for "' + objective + '", or clear it.');
        if (!f) continue;
        fd.append(p.name, f);
        fd.append(p.name, objective);
      }
    }
  }
  return fd;
}

/** The file the current tab sends: the photo, the clip or the zip. */
function chosenFile() {
  return (kind === 'video' ? $('video') : kind === 'batch' ? $('zip') : $('image')).files[0];
}

async function start(ev) {
  ev.preventDefault();
  showError('');
  const chosen = chosenFile();
  if (!chosen && (kind === 'batch' || !$('from_job').value)) {
    showError(kind === 'video' ? 'Choose a video clip first.' : kind === 'batch' ? 'Choose a .zip of photos first.'
      : 'Choose a photo first.');
    return;
  }
  let body;
  try {
    body = formData();
  } catch (e) {
    showError(e.message);
    return;
  }
  $('start').disabled = true;
  let r;
  try {
    const url = kind === 'video' ? '/api/jobs/video' : kind === 'batch' ? '/api/jobs/batch' : '/api/jobs';
    r = await fetch(url, { method: 'POST', body });
  } catch (e) {
    showError('Could not reach the server: ' + e);
    $('start').disabled = false;
    return;
  }
  const answer = await r.json().catch(() => ({ error: 'bad answer from the server' }));
  if (r.status !== 202) {
    showError(answer.error || ('HTTP ' + r.status));
    $('start').disabled = false;
    return;
  }
  watch(answer.id);
}

function watch(id) {
  current = id;
  if (events) events.close();
  $('download').hidden = true;
  $('video-result').hidden = true;
  $('video-result').removeAttribute('src');
  $('frame-info').textContent = '';
  $('batch-info').textContent = '';
  $('failure-list').innerHTML = '';
  $('failures').hidden = true;
  $('cancel').disabled = false;
  $('status').textContent = 'queued';
  $('progress').value = 0;
  events = new EventSource('/api/jobs/' + id + '/events');
  events.addEventListener('progress', (e) => {
    const j = JSON.parse(e.data);
    $('status').textContent = j.status + (j.frames ? ' frame ' + j.frame + '/' + j.frames : '')
      + (j.items && j.item ? ' item ' + j.item + '/' + j.items : '')
      + (j.octave ? ' octave ' + j.octave + '/' + j.octaves + ' step ' + j.step + '/' + j.steps : '')
      + (j.encoding ? ', writing the MP4' : '');
    $('progress').value = j.progress || 0;
    $('loss').textContent = j.loss != null ? 'loss ' + j.loss.toFixed(4) : '';
    $('eta').textContent = fmtEta(j.eta_ms);
  });
  // A video's finished frame: the counter, the time per frame, the ETA and the frame itself.
  events.addEventListener('frame', (e) => {
    const f = JSON.parse(e.data);
    $('frame-info').textContent = 'frame ' + f.frame + '/' + f.frames + ', ' + (f.frame_ms / 1000).toFixed(1)
      + ' s per frame' + (f.eta_ms != null ? ', ' + fmtEta(f.eta_ms) : '');
    $('eta').textContent = fmtEta(f.eta_ms);
    const img = $('preview');
    img.src = f.image;
    img.dataset.updates = String(Number(img.dataset.updates) + 1);
  });
  // A batch's picture starts or ends: "item i/n name", its status, the overall ETA; failures are listed.
  events.addEventListener('item', (e) => {
    const it = JSON.parse(e.data);
    const state = it.status === 'running' ? '' : ': ' + (it.status === 'done' ? 'done in ' + it.seconds.toFixed(1) + ' s'
      : it.status === 'skipped' ? 'skipped (done before)' : 'failed');
    $('batch-info').textContent = 'item ' + it.item + '/' + it.items + ' ' + it.relative + state
      + (it.eta_ms != null ? ', ' + fmtEta(it.eta_ms) : '');
    if (it.status === 'failed') showFailures([{ relative: it.relative, error: it.error }], true);
  });
  events.addEventListener('preview', (e) => {
    const p = JSON.parse(e.data);
    const img = $('preview');
    img.src = p.image;
    img.dataset.updates = String(Number(img.dataset.updates) + 1);
  });
  events.addEventListener('end', (e) => {
    const j = JSON.parse(e.data);
    events.close();
    events = null;
    $('status').textContent = j.status + (j.error ? ': ' + j.error : '');
    $('eta').textContent = '';
    $('cancel').disabled = true;
    $('start').disabled = false;
    if (j.kind === 'batch') {
      $('batch-info').textContent = j.items_done + '/' + j.items + ' pictures, ' + j.failed + ' failed'
        + (j.skipped ? ', ' + j.skipped + ' done before a restart' : '');
      showFailures(j.failures || [], false);
    }
    if (j.status === 'done' && j.kind === 'batch') {
      $('download').href = '/api/jobs/' + j.id + '/result';
      $('download').textContent = 'Download ZIP';
      $('download').hidden = false;
    } else if (j.status === 'done' && j.kind === 'video') {
      $('preview').src = '/api/jobs/' + j.id + '/frame?n=' + j.frames;
      $('video-result').src = '/api/jobs/' + j.id + '/result';
      $('video-result').hidden = false;
      $('download').href = '/api/jobs/' + j.id + '/result';
      $('download').textContent = 'Download MP4';
      $('download').hidden = false;
    } else if (j.status === 'done') {
      $('preview').src = '/api/jobs/' + j.id + '/result';
      $('download').href = '/api/jobs/' + j.id + '/result';
      $('download').textContent = 'Download PNG';
      $('download').hidden = false;
    } else if (j.status === 'failed') {
      showError(j.error || 'the dream failed');
    }
    loadGallery();
  });
}

/** The batch's failed pictures with their errors (appended as they fail, or the whole list at the end). */
function showFailures(list, append) {
  const ul = $('failure-list');
  if (!append) ul.innerHTML = '';
  for (const f of list) ul.append(el('li', { textContent: f.relative + ': ' + f.error }));
  $('failures').hidden = ul.children.length === 0;
}

async function cancel() {
  if (!current) return;
  await fetch('/api/jobs/' + current + '/cancel', { method: 'POST' });
}

/** Fills the form with a finished job's recorded settings and reuses its photo or clip. */
function again(job) {
  const rec = job.params || {};
  const isVideo = job.kind === 'video';
  setKind(isVideo ? 'video' : 'photo', true);
  $('from_job').value = job.id;
  $('image').value = '';
  $('video').value = '';
  if (isVideo) {
    $('video-text').textContent = 'Using the clip of an earlier dream (or drop another)';
    for (const p of video.params) $('video-' + p.name).value = (job.video || {})[p.name] || '';
  } else {
    $('chosen').src = '/api/jobs/' + job.id + '/input';
    $('chosen').hidden = false;
  }
  let pictures = false;
  for (const p of params) {
    if (p.kind === 'image') {
      // Pictures are recorded by hash; a file input cannot be filled, so they must be chosen again.
      pictures = pictures || rec[p.name] != null;
      for (const f of document.querySelectorAll('input[type=file][name="' + p.name + '"]')) f.value = '';
      for (const o of document.querySelectorAll('.pictures[data-param="' + p.name + '"] input.objective')) o.value = '';
      continue;
    }
    if (p.kind === 'flag') {
      $(p.name).checked = rec[p.name] === 'true';
      continue;
    }
    const v = rec[p.name] != null ? rec[p.name] : (p.name === 'seed' && job.seed ? job.seed : '');
    if (p.name !== 'model' || v) $(p.name).value = v;
  }
  $('drop-text').textContent = 'Using the photo of an earlier dream (or drop another)'
    + (pictures ? '; choose its guide and mask pictures again' : '');
  showLayers();
  window.scrollTo(0, 0);
}

/** The engine check behind the default model: the CPU, each plan tried and the plan chosen. */
async function loadEngine() {
  const e = await (await fetch('/api/engine')).json();
  const box = $('engine');
  if (!e.checked) {
    box.querySelector('summary').textContent = 'Engine: checked against a float64 reference on the first dream';
    box.querySelector('pre').textContent = '';
    return;
  }
  box.querySelector('summary').textContent = 'Engine: ' + e.engine + ' on ' + e.cpu + ', plan '
    + (e.plan || 'none (no plan computes right here)');
  box.querySelector('pre').textContent = e.lines.join('\n');
}

async function loadGallery() {
  loadEngine().catch(() => {});
  const jobs = await (await fetch('/api/jobs')).json();
  const g = $('gallery');
  g.innerHTML = '';
  for (const j of jobs) {
    const card = el('div', { className: 'card' });
    card.dataset.id = j.id;
    card.dataset.status = j.status;
    card.dataset.kind = j.kind || 'photo';
    if (j.status === 'done' && j.kind === 'batch') {
      card.append(el('a', { href: '/api/jobs/' + j.id + '/result', className: 'zip', textContent: 'Download ZIP',
        download: 'deepdream-' + j.id + '.zip' }));
    } else if (j.status === 'done' && j.kind === 'video') {
      card.append(el('video', { src: '/api/jobs/' + j.id + '/result', poster: '/api/jobs/' + j.id + '/frame',
        controls: true, preload: 'none' }));
    } else if (j.status === 'done') {
      card.append(el('img', { src: '/api/jobs/' + j.id + '/result', alt: 'dream ' + j.id }));
    }
    const settings = Object.entries(Object.assign({}, j.params || {}, j.video || {}))
      .map(([k, v]) => k + '=' + v).join(', ');
    const what = j.kind === 'batch' ? 'batch, ' + (j.status === 'done' ? j.items : j.items_done + '/' + j.items)
      + ' pictures' + (j.failed ? ', ' + j.failed + ' failed' : '') + ': ' : j.kind === 'video' ? 'video, ' + (j.status === 'done' ? j.frames : j.frames_done + '/' + j.frames)
      + ' frames: ' : '';
    const text = what + (settings || 'defaults') + (j.seed ? ', seed=' + j.seed : '') + (j.error ? ' (' + j.error + ')' : '');
    card.append(el('div', {}, el('strong', { textContent: j.status }), el('div', { className: 'params', textContent: text })));
    if (j.kind !== 'batch') { // a batch's pictures are not kept as one upload to reuse
      const b = el('button', { type: 'button', className: 'again', textContent: 'Dream again with these settings' });
      b.addEventListener('click', () => again(j));
      card.append(b);
    }
    if (j.status !== 'running') {
      const d = el('button', { type: 'button', textContent: 'Delete' });
      d.addEventListener('click', async () => {
        await fetch('/api/jobs/' + j.id, { method: 'DELETE' });
        loadGallery();
      });
      card.append(d);
    }
    g.append(card);
  }
}

// ---- the photo or the clip ----

/** A dropped file: a video goes to the video form, anything else is taken for a photo. */
function choose(file) {
  if (!file) return;
  const dt = new DataTransfer();
  dt.items.add(file);
  if (file.name.toLowerCase().endsWith('.zip') || file.type === 'application/zip') {
    setKind('batch');
    $('zip').files = dt.files;
    showChosenZip();
    return;
  }
  if (file.type.startsWith('video/')) {
    setKind('video');
    $('video').files = dt.files;
    showChosenVideo();
    return;
  }
  setKind('photo');
  $('image').files = dt.files;
  showChosen();
}

function showChosenVideo() {
  const file = $('video').files[0];
  if (!file) return;
  $('from_job').value = '';
  $('video-text').textContent = file.name;
  showError('');
}

function showChosenZip() {
  const file = $('zip').files[0];
  if (!file) return;
  $('batch-text').textContent = file.name;
  showError('');
}

function showChosen() {
  const file = $('image').files[0];
  if (!file) return;
  $('from_job').value = '';
  $('chosen').src = URL.createObjectURL(file);
  $('chosen').hidden = false;
  $('drop-text').textContent = file.name;
  showError('');
}

window.addEventListener('DOMContentLoaded', async () => {
  $('dream-form').addEventListener('submit', start);
  $('cancel').addEventListener('click', cancel);
  $('image').addEventListener('change', showChosen);
  $('video').addEventListener('change', showChosenVideo);
  $('kind-photo').addEventListener('click', () => setKind('photo'));
  $('kind-video').addEventListener('click', () => setKind('video'));
  $('kind-batch').addEventListener('click', () => setKind('batch'));
  $('zip').addEventListener('change', showChosenZip);
  for (const drop of [$('drop'), $('video-drop'), $('batch-drop')]) {
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); });
  }
  loadGallery();
  try {
    await loadParams();
  } catch (e) {
    showError('Could not load the settings: ' + e);
    return;
  }
  loadVideoParams().catch((e) => showError('Could not load the video settings: ' + e));
  loadBatchLimits().catch((e) => showError('Could not load the batch limits: ' + e));
  loadModels().catch((e) => showError('Could not load models: ' + e));
  loadPresets().catch((e) => showError('Could not load presets: ' + e));
});
