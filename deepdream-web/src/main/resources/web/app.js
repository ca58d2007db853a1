// deepdream web UI: plain JavaScript, no build step.
const $ = (id) => document.getElementById(id);
const FIELDS = ['preset', 'model', 'objective', 'mode', 'steps', 'step_size', 'octaves', 'octave_scale', 'tile_size',
  'max_dim', 'seed', 'step_rule', 'octave_mode', 'jitter', 'tv_weight', 'smoothing', 'guide_layer', 'mask_objective'];
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

async function loadPresets() {
  const r = await fetch('/api/presets');
  const presets = await r.json();
  const sel = $('preset');
  for (const p of presets) {
    const o = document.createElement('option');
    o.value = p.name;
    o.textContent = p.name;
    o.title = p.looks;
    sel.appendChild(o);
  }
  sel.addEventListener('change', () => {
    const p = presets.find((x) => x.name === sel.value);
    $('preset-note').textContent = p ? p.looks + ' (' + p.settings + '; fields you fill override it)' : '';
  });
}

async function loadModels() {
  const r = await fetch('/api/models');
  models = await r.json();
  const sel = $('model');
  sel.innerHTML = '';
  for (const m of models) {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = m.name + (m.cached ? '' : ' (fetched on first use)');
    sel.appendChild(o);
  }
  showLayers();
}

function showLayers(selected) {
  const m = models.find((x) => x.name === $('model').value);
  const box = $('layers');
  box.innerHTML = '';
  if (!m) return;
  $('model-note').textContent = m.imagenet_up_to
    ? 'Layers after ' + m.imagenet_up_to + ' were fine-tuned for another task (not ImageNet features).' : '';
  const chosen = selected || (m.default_layers || '').split(',');
  if (m.layers.length === 0) {
    box.textContent = 'default layers (' + (m.default_layers || '') + ')';
    return;
  }
  for (const l of m.layers) {
    const label = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.value = l.name;
    cb.checked = chosen.includes(l.name);
    cb.className = 'layer';
    const name = document.createElement('span');
    name.textContent = l.name;
    const hint = document.createElement('span');
    hint.className = 'hint';
    hint.textContent = l.hint;
    label.append(cb, name, hint);
    box.appendChild(label);
  }
}

function formData() {
  const fd = new FormData();
  const file = $('image').files[0];
  if (file) fd.append('image', file);
  else if ($('from_job').value) fd.append('from_job', $('from_job').value);
  for (const n of FIELDS) {
    const v = $(n).value.trim();
    if (v) fd.append(n, v);
  }
  if (!$('objective').value.trim() && !$('preset').value) {
    const layers = [...document.querySelectorAll('input.layer:checked')].map((c) => c.value);
    if (layers.length) fd.append('layers', layers.join(','));
  }
  for (const f of ['guide', 'mask']) {
    if ($(f).files[0]) fd.append(f, $(f).files[0]);
  }
  return fd;
}

async function start(ev) {
  ev.preventDefault();
  showError('');
  if (!$('image').files[0] && !$('from_job').value) {
    showError('Choose a photo first.');
    return;
  }
  $('start').disabled = true;
  let r;
  try {
    r = await fetch('/api/jobs', { method: 'POST', body: formData() });
  } catch (e) {
    showError('Could not reach the server: ' + e);
    $('start').disabled = false;
    return;
  }
  const body = await r.json().catch(() => ({ error: 'bad answer from the server' }));
  if (r.status !== 202) {
    showError(body.error || ('HTTP ' + r.status));
    $('start').disabled = false;
    return;
  }
  watch(body.id);
}

function watch(id) {
  current = id;
  if (events) events.close();
  $('download').hidden = true;
  $('cancel').disabled = false;
  $('status').textContent = 'queued';
  $('progress').value = 0;
  events = new EventSource('/api/jobs/' + id + '/events');
  events.addEventListener('progress', (e) => {
    const j = JSON.parse(e.data);
    $('status').textContent = j.status + (j.octave ? ' octave ' + j.octave + '/' + j.octaves + ' step ' + j.step + '/' + j.steps : '');
    $('progress').value = j.progress || 0;
    $('loss').textContent = j.loss != null ? 'loss ' + j.loss.toFixed(4) : '';
    $('eta').textContent = fmtEta(j.eta_ms);
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
    if (j.status === 'done') {
      $('preview').src = '/api/jobs/' + j.id + '/result';
      $('download').href = '/api/jobs/' + j.id + '/result';
      $('download').hidden = false;
    } else if (j.status === 'failed') {
      showError(j.error || 'the dream failed');
    }
    loadGallery();
  });
}

async function cancel() {
  if (!current) return;
  await fetch('/api/jobs/' + current + '/cancel', { method: 'POST' });
}

function again(job) {
  const p = job.params || {};
  $('from_job').value = job.id;
  $('image').value = '';
  $('chosen').src = '/api/jobs/' + job.id + '/input';
  $('chosen').hidden = false;
  $('drop-text').textContent = 'Using the photo of an earlier dream (or drop another)';
  if (p.model) $('model').value = p.model;
  showLayers(p.layers ? p.layers.split(',').map((x) => x.split('=')[0]) : undefined);
  for (const n of FIELDS) {
    if (n === 'model') continue;
    $(n).value = p[n] || (n === 'seed' && job.seed ? job.seed : '');
  }
  window.scrollTo(0, 0);
}

async function loadGallery() {
  const r = await fetch('/api/jobs');
  const jobs = await r.json();
  const g = $('gallery');
  g.innerHTML = '';
  for (const j of jobs) {
    const card = document.createElement('div');
    card.className = 'card';
    card.dataset.id = j.id;
    card.dataset.status = j.status;
    if (j.status === 'done') {
      const img = document.createElement('img');
      img.src = '/api/jobs/' + j.id + '/result';
      img.alt = 'dream ' + j.id;
      card.appendChild(img);
    }
    const info = document.createElement('div');
    const params = Object.entries(j.params || {}).map(([k, v]) => k + '=' + v).join(', ');
    info.innerHTML = '';
    const st = document.createElement('strong');
    st.textContent = j.status;
    const pr = document.createElement('div');
    pr.className = 'params';
    pr.textContent = (params || 'defaults') + (j.seed ? ', seed=' + j.seed : '') + (j.error ? ' (' + j.error + ')' : '');
    info.append(st, pr);
    card.appendChild(info);
    const b = document.createElement('button');
    b.textContent = 'Dream again with these settings';
    b.className = 'again';
    b.addEventListener('click', () => again(j));
    card.appendChild(b);
    if (j.status !== 'running') {
      const d = document.createElement('button');
      d.textContent = 'Delete';
      d.addEventListener('click', async () => {
        await fetch('/api/jobs/' + j.id, { method: 'DELETE' });
        loadGallery();
      });
      card.appendChild(d);
    }
    g.appendChild(card);
  }
}

function choose(file) {
  if (!file) return;
  const dt = new DataTransfer();
  dt.items.add(file);
  $('image').files = dt.files;
  showChosen();
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

window.addEventListener('DOMContentLoaded', () => {
  $('dream-form').addEventListener('submit', start);
  $('cancel').addEventListener('click', cancel);
  $('model').addEventListener('change', () => showLayers());
  $('image').addEventListener('change', showChosen);
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('over'); choose(e.dataTransfer.files[0]); });
  loadModels().catch((e) => showError('Could not load models: ' + e));
  loadPresets().catch((e) => showError('Could not load presets: ' + e));
  loadGallery();
});
