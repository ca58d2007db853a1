// deepdream web UI: the Atlas tab. It browses the server's atlases (GET /api/atlases, each one's
// atlas.json and pictures): its layers, a grid of channels, a search by layer or channel (mixed3, 97
// or mixed3:97, as the atlas's own index.html), a click to enlarge with the channel's objective to
// copy, and "Dream with this channel", which fills the photo form. Its form draws an atlas on request
// (POST /api/atlases, a job like the others), built from GET /api/atlas-params: the declarations
// deepdream atlas takes its options from, with their ranges and the atlas's defaults.

const ATLAS_OPEN = ['atlas', 'model', 'layers', 'channels', 'size', 'steps', 'seed']; // the rest under "More"
let atlasParams = []; // the declarations
let browsed = null;   // the atlas shown: { name, data (its atlas.json) }
let atlasLayer = '';  // the layer shown; '': all
let visible = [];     // the channels in the grid, in order
let zoomed = -1;      // the enlarged one's index in visible
// As the atlas's own page says it: a channel whose objective stayed 0 drew nothing.
const SILENT = 'silent: this channel stayed at 0 from the noise it started on (a ReLU that never fired), so the '
  + 'render had no gradient and nothing to draw; try another seed, or dream with it on a photo';

// ---- the form: draw an atlas ----

/** A setting's control, as the dream settings' (controls.js), with ids draw-NAME. */
function atlasControl(p) {
  const control = p.name === 'model' ? el('select') : input(p); // the models come with GET /api/models
  if (p.kind === 'flag') control.checked = p.default === 'true'; // an atlas's flags may be on by default
  control.id = 'draw-' + p.name;
  control.title = describe(p);
  const words = p.name.replace(/_/g, ' ');
  return p.kind === 'flag' ? el('label', { className: 'param flag' }, control, words)
    : el('label', { className: 'param' }, words, control);
}

async function loadAtlasParams() {
  atlasParams = await getJson('/api/atlas-params');
  const more = el('details', {}, el('summary', { textContent: 'More atlas settings' }));
  for (const name of ATLAS_OPEN) {
    const p = atlasParams.find((x) => x.name === name);
    if (p) $('atlas-settings').append(atlasControl(p));
  }
  for (const p of atlasParams) if (!ATLAS_OPEN.includes(p.name)) more.append(atlasControl(p));
  $('atlas-settings').append(more);
}

/** The models to draw (after GET /api/models), the declared default chosen; the layers' hint follows the model. */
function atlasModels() {
  const sel = $('draw-model');
  if (!sel) return;
  const p = atlasParams.find((x) => x.name === 'model');
  sel.replaceChildren(...models.map((m) => el('option', { value: m.name, textContent: m.name })));
  sel.value = p.default;
  const hint = () => {
    const m = models.find((x) => x.name === sel.value);
    $('draw-layers').placeholder = m && m.default_layers ? 'e.g. ' + m.default_layers.split(',')[0] : '';
  };
  sel.addEventListener('change', hint);
  hint();
}

/** The form's fields: every one filled (a flag as true or false, since an atlas's may default to on). */
function atlasFormData() {
  const fd = new FormData();
  for (const p of atlasParams) {
    const c = $('draw-' + p.name);
    if (p.kind === 'flag') fd.append(p.name, String(c.checked));
    else if (c.value.trim()) fd.append(p.name, c.value.trim());
  }
  return fd;
}

/** "Draw again": the form filled from an atlas job's record (its seed included). */
function drawAgain(job) {
  setKind('atlas');
  for (const p of atlasParams) {
    const v = (job.params || {})[p.name];
    const c = $('draw-' + p.name);
    if (p.kind === 'flag') c.checked = v != null ? v === 'true' : p.default === 'true';
    else c.value = v != null ? v : '';
  }
  window.scrollTo(0, 0);
}

// ---- the gallery's and the stage's words for an atlas job ----

function atlasObjective(j) {
  const p = j.params || {};
  return 'channels ' + p.channels + ' of ' + p.layers + ' (atlas ' + p.atlas + ')';
}

function atlasFacts(j) {
  const parts = [(j.status === 'done' ? j.items : j.items_done + '/' + j.items) + ' channels'];
  if (j.skipped) parts.push(j.skipped + ' drawn before');
  if (j.failed) parts.push(j.failed + ' failed');
  if ((j.params || {}).size) parts.push(j.params.size + ' px');
  if (j.status === 'done' && j.started && j.finished) parts.push(fmtDuration(j.finished - j.started));
  return parts.join(' · ');
}

/** A finished atlas job's button: browse its atlas. */
function browseButton(j, close) {
  const b = el('button', { type: 'button', className: 'browse', textContent: 'Browse atlas' });
  b.addEventListener('click', () => { close(); browseAtlas(j.params.atlas); window.scrollTo(0, 0); });
  return b;
}

/** An atlas job's end on the stage: its counts and failures, then its atlas in the browser. */
function atlasEnded(j) {
  $('batch-info').textContent = j.items_done + '/' + j.items + ' channels, ' + (j.failed || 0) + ' failed'
    + (j.skipped ? ', ' + j.skipped + ' drawn before' : '');
  showFailures(j.failures || [], false);
  if (j.status === 'done') {
    $('preview').hidden = true; // the grid shows every channel
    loadAtlases(j.params.atlas).catch((e) => showError('Could not load the atlases: ' + e.message));
  }
}

// ---- the browser ----

function browseAtlas(name) {
  setKind('atlas');
  loadAtlases(name).catch((e) => showError('Could not load the atlases: ' + e.message));
}

/** The atlases to pick from; shows {@code pick} (else the one shown, else the latest). */
async function loadAtlases(pick) {
  const list = await getJson('/api/atlases');
  const sel = $('atlas-pick');
  sel.replaceChildren(...list.map((a) => el('option', { value: a.name,
    textContent: a.name + ' (' + a.model + ', ' + a.channels + ' channels)' })));
  $('atlas-empty').hidden = list.length > 0;
  const has = (n) => n && list.some((a) => a.name === n);
  const name = has(pick) ? pick : has(browsed && browsed.name) ? browsed.name : list.length ? list[0].name : null;
  if (name) {
    sel.value = name;
    await showAtlas(name);
  }
}

async function showAtlas(name) {
  const data = await getJson('/api/atlases/' + encodeURIComponent(name));
  browsed = { name, data };
  atlasLayer = '';
  $('atlas-about').textContent = [data.entries.length + ' channels of ' + data.model + ' drawn'].concat(data.notes)
    .join(' · ');
  const nav = $('atlas-layers');
  nav.replaceChildren();
  const button = (layer, label) => {
    const b = el('button', { type: 'button', textContent: label });
    b.dataset.layer = layer;
    b.addEventListener('click', () => { atlasLayer = layer; $('atlas-search').value = ''; renderAtlas(); });
    nav.append(b);
  };
  button('', 'all layers ' + data.entries.length);
  for (const l of data.layers) button(l.name, l.name + ' ' + l.drawn + '/' + l.channels);
  renderAtlas();
}

/** Whether a channel is shown for the search {@code q} (and the layer chosen). */
function atlasMatches(e, q) {
  if (!q) return !atlasLayer || e.layer === atlasLayer;
  const colon = q.lastIndexOf(':');
  if (colon >= 0) {
    const channel = q.slice(colon + 1);
    return e.layer === q.slice(0, colon) && (channel === '' || String(e.channel) === channel);
  }
  if (/^[0-9]+$/.test(q)) return String(e.channel) === q && (!atlasLayer || e.layer === atlasLayer);
  return e.layer.toLowerCase().includes(q.toLowerCase());
}

function pictureUrl(e) {
  return '/api/atlases/' + encodeURIComponent(browsed.name) + '/' + e.file.split('/').map(encodeURIComponent).join('/');
}

function renderAtlas() {
  if (!browsed) return;
  const q = $('atlas-search').value.trim().replace(/\s+/g, '');
  visible = browsed.data.entries.filter((e) => atlasMatches(e, q));
  for (const b of $('atlas-layers').children) b.classList.toggle('on', !q && b.dataset.layer === atlasLayer);
  $('atlas-grid').replaceChildren(...visible.map((e, i) => {
    const caption = el('figcaption', { textContent: e.objective });
    if (e.loss === 0) caption.append(el('span', { className: 'silent', textContent: ' silent', title: SILENT }));
    const f = el('figure', { title: e.objective }, el('img', { src: pictureUrl(e), alt: e.objective, loading: 'lazy' }),
      caption);
    f.addEventListener('click', () => zoom(i));
    return f;
  }));
  $('atlas-count').textContent = visible.length + ' shown';
}

/** Enlarges the i-th channel shown, with its objective, top classes, settings and the command that draws it. */
function zoom(i) {
  zoomed = (i + visible.length) % visible.length;
  const e = visible[zoomed];
  $('atlas-zoom-title').textContent = e.objective + ' · ' + browsed.data.model;
  $('atlas-big').src = pictureUrl(e);
  $('atlas-big').alt = e.objective;
  $('atlas-objective').value = e.objective;
  $('atlas-copied').textContent = '';
  $('atlas-command').textContent = 'deepdream visualize -o ' + e.objective.replace(/[^A-Za-z0-9_-]/g, '-')
    + '.png --model ' + browsed.data.model + ' --objective "' + e.objective + '" --seed ' + e.seed;
  $('atlas-classes').replaceChildren(...e.top_classes.map((c) => el('li',
    { textContent: 'class ' + c['class'] + ': ' + (100 * c.probability).toFixed(1) + '%' })));
  $('atlas-silent').textContent = e.loss === 0 ? SILENT : '';
  $('atlas-channel-settings').textContent = Object.entries(e.settings).map(([k, v]) => k + ' = ' + v).join('\n')
    + (e.loss == null ? '' : '\nfinal objective = ' + e.loss);
  if (!$('atlas-zoom').open) $('atlas-zoom').showModal();
}

function copyObjective() {
  const field = $('atlas-objective');
  const done = () => { $('atlas-copied').textContent = 'copied'; };
  field.select();
  if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(field.value).then(done, () => {});
  else if (document.execCommand('copy')) done();
}

/** Switches to the Photo tab with the channel's objective and the atlas's model (layers would replace it). */
function dreamWithChannel() {
  const e = visible[zoomed];
  $('atlas-zoom').close();
  setKind('photo');
  const sel = $('model');
  if (![...sel.options].some((o) => o.value === browsed.data.model)) {
    sel.append(el('option', { value: browsed.data.model, textContent: browsed.data.model }));
  }
  sel.value = browsed.data.model;
  showLayers();
  $('layers').value = '';
  syncLayerBoxes();
  $('objective').value = e.objective;
  $('objective').scrollIntoView({ block: 'center' });
  $('objective').focus();
}

function setUpAtlas() {
  $('atlas-pick').addEventListener('change', () => showAtlas($('atlas-pick').value)
    .catch((e) => showError('Could not load the atlas: ' + e.message)));
  $('atlas-search').addEventListener('input', renderAtlas);
  $('atlas-prev').addEventListener('click', () => zoom(zoomed - 1));
  $('atlas-next').addEventListener('click', () => zoom(zoomed + 1));
  $('atlas-zoom').addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowLeft') zoom(zoomed - 1);
    if (ev.key === 'ArrowRight') zoom(zoomed + 1);
  });
  $('atlas-zoom-close').addEventListener('click', () => $('atlas-zoom').close());
  $('atlas-copy').addEventListener('click', copyObjective);
  $('atlas-dream').addEventListener('click', dreamWithChannel);
}
