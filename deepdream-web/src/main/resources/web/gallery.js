// deepdream web UI: the gallery of jobs, newest first. A card says what a person wants at a
// glance: a thumbnail, the kind, the model and layers, the size and the time taken. The full
// settings are behind "details", a dialog that also dreams again with them (from the job's record:
// the settings as the server recorded them, seed included) and downloads or deletes the job.

function kindOf(j) {
  return j.kind || 'photo'; // records written before video jobs have no kind
}

/** What a job maximises: its objective (given layers make one), else the model's default layers. */
function objectiveOf(j) {
  const K = KINDS[kindOf(j)] || {};
  if (K.objective) return K.objective(j);
  const p = j.params || {};
  return p.objective || defaultObjective(p.model) || 'the model\'s default layers';
}

/** The model and what it maximises: "inception_v3 · mixed3 + mixed5". */
function modelAndLayers(j) {
  return ((j.params || {}).model || 'the default model') + ' · ' + objectiveOf(j);
}

/** The stage's title for a job: its kind, model and layers. */
function whatItDreams(j) {
  return kindOf(j) + ' · ' + modelAndLayers(j);
}

/** A card's second line: the frames or pictures, the size, the mode and the time it took. */
function factsOf(j) {
  const K = KINDS[kindOf(j)] || {};
  if (K.facts) return K.facts(j);
  const done = j.status === 'done';
  const parts = [];
  if (j.kind === 'video') parts.push((done ? j.frames : j.frames_done + '/' + j.frames) + ' frames');
  if (j.kind === 'batch') {
    parts.push((done ? j.items : j.items_done + '/' + j.items) + ' pictures'
      + (j.failed ? ', ' + j.failed + ' failed' : ''));
  }
  if (j.width && j.kind !== 'batch') parts.push(j.width + ' × ' + j.height);
  if ((j.params || {}).mode) parts.push(j.params.mode);
  if (done && j.started && j.finished) parts.push(fmtDuration(j.finished - j.started));
  return parts.join(' · ');
}

/** A card's badge for a job that is not simply done: where it is. */
function statusBadge(j) {
  return j.status === 'running' ? 'running ' + Math.round(100 * (j.progress || 0)) + '%' : j.status;
}

/** The job's thumbnail; without one (a job before its first picture), a plain tile of the same size. */
function thumbnail(j) {
  const img = el('img', { src: thumbnailUrl(j), alt: kindOf(j) + ' ' + j.id, loading: 'lazy' });
  img.addEventListener('error', () => img.replaceWith(el('span', { className: 'no-thumb',
    textContent: 'no picture yet' })));
  return img;
}

function card(j) {
  const c = el('div', { className: 'card' });
  c.dataset.id = j.id;
  c.dataset.status = j.status;
  c.dataset.kind = kindOf(j);
  const thumb = el('button', { type: 'button', className: 'thumb', title: 'details' }, thumbnail(j),
    el('span', { className: 'badge kind', textContent: kindOf(j) }));
  if (j.status !== 'done') {
    thumb.append(el('span', { className: 'badge status ' + j.status, textContent: statusBadge(j) }));
  }
  thumb.addEventListener('click', () => openDetails(j));
  const title = modelAndLayers(j);
  c.append(thumb, el('div', { className: 'title', textContent: title, title }),
    el('div', { className: 'facts', textContent: factsOf(j) }));
  if (j.error) c.append(el('div', { className: 'card-error', textContent: j.error, title: j.error }));
  const details = el('a', { href: '#', className: 'details', textContent: 'details' });
  details.addEventListener('click', (e) => { e.preventDefault(); openDetails(j); });
  c.append(el('div', { className: 'actions' }, details, ...actions(j, false)));
  return c;
}

/** A job's buttons: watch it (unfinished), dream again, download (done); in the dialog also delete. */
function actions(j, inDialog) {
  const out = [];
  const close = () => { if (inDialog) $('details').close(); };
  if (!['done', 'failed', 'cancelled'].includes(j.status)) {
    const w = el('button', { type: 'button', className: 'watch', textContent: 'Watch' });
    w.addEventListener('click', () => { close(); watch(j.id, j); window.scrollTo(0, 0); });
    out.push(w);
  }
  const K = KINDS[kindOf(j)] || {};
  const again = el('button', { type: 'button', className: 'again', textContent: K.againText || 'Dream again',
    title: 'Fill the form with these settings (seed included) and this job\'s photo or clip' });
  again.addEventListener('click', () => { close(); dreamAgain(j); });
  out.push(again);
  if (j.status === 'done' && K.doneAction) {
    out.push(K.doneAction(j, close));
  } else if (j.status === 'done') {
    const ext = j.kind === 'batch' ? 'zip' : j.kind === 'video' ? 'mp4' : 'png';
    out.push(el('a', { href: '/api/jobs/' + j.id + '/result', className: 'download' + (ext === 'zip' ? ' zip' : ''),
      textContent: 'Download ' + ext.toUpperCase(), download: 'deepdream-' + j.id + '.' + ext }));
  }
  if (inDialog) {
    const d = el('button', { type: 'button', className: 'delete', textContent: 'Delete',
      disabled: j.status === 'running',
      title: j.status === 'running' ? 'Cancel it first' : 'Delete this job and its files' });
    d.addEventListener('click', async () => {
      await fetch('/api/jobs/' + j.id, { method: 'DELETE' });
      close();
      loadGallery();
    });
    out.push(d);
  }
  return out;
}

async function loadGallery() {
  loadEngine().catch(() => {});
  const jobs = await getJson('/api/jobs');
  const g = $('gallery');
  g.replaceChildren(...jobs.map(card));
  $('gallery-empty').hidden = jobs.length > 0;
  return jobs;
}

// ---- details: everything about one job ----

/** A recorded value as it reads best: pictures by the start of their hash, one value per line. */
function shownValue(v) {
  return String(v).replace(/sha256:([0-9a-f]{12})[0-9a-f]+/g, 'sha256:$1…');
}

/** The picture, clip or pictures of a job, as large as the dialog allows. */
function detailsMedia(j) {
  const box = $('details-media');
  box.innerHTML = '';
  const result = '/api/jobs/' + j.id + '/result';
  if (j.status === 'done' && j.kind === 'video') {
    box.append(el('video', { src: result, poster: '/api/jobs/' + j.id + '/frame', controls: true,
      preload: 'metadata' }));
  } else if (j.status === 'done' && kindOf(j) === 'photo') {
    box.append(el('img', { src: result, alt: 'the dream' }));
  } else if (j.status === 'done' && j.kind === 'batch') {
    const sheet = el('div', { className: 'sheet' });
    box.append(sheet);
    fillSheet(sheet, j.id);
  } else {
    box.append(thumbnail(j));
  }
}

/** The facts a person asks first (the settings themselves are in the table below them). */
function detailsFacts(j) {
  const K = KINDS[kindOf(j)] || {};
  const p = j.params || {};
  const rows = [
    ['kind', kindOf(j)], ['status', j.status === 'running' ? statusBadge(j) : j.status],
    ['model', p.model], ['maximises', objectiveOf(j) + (p.objective || K.objective ? '' : ' (the model\'s default)')],
    ['progress', K.facts ? K.facts(j) : null],
    ['size', j.width && j.kind !== 'batch' ? j.width + ' × ' + j.height : null],
    ['frames', j.kind === 'video' ? j.frames_done + '/' + j.frames : null],
    ['pictures', j.kind === 'batch'
      ? j.items_done + '/' + j.items + (j.failed ? ', ' + j.failed + ' failed' : '') : null],
    ['made', fmtWhen(j.created)],
    ['took', j.status === 'done' && j.started && j.finished ? fmtDuration(j.finished - j.started) : null],
    ['error', j.error],
  ];
  const dl = $('details-facts');
  dl.innerHTML = '';
  const fact = (k, v) => dl.append(el('dt', { textContent: k }), el('dd', { textContent: v }));
  for (const [k, v] of rows) if (v != null && v !== '') fact(k, v);
  for (const f of j.failures || []) fact('failed', f.relative + ': ' + f.error);
}

/** Every setting of the job's record, once each, in the order of the declarations (with their help). */
function detailsSettings(j) {
  const table = $('details-settings');
  table.innerHTML = '';
  const row = (name, value, help) => table.append(el('tr', { title: help || '' }, el('th', { textContent: name }),
    el('td', { textContent: shownValue(value) })));
  const rec = Object.assign({}, j.params || {});
  if (!rec.seed && j.seed) rec.seed = j.seed;
  const K = KINDS[kindOf(j)] || {};
  for (const p of K.declarations ? K.declarations() : params) {
    if (rec[p.name] != null) row(p.name.replace(/_/g, ' '), rec[p.name], p.help);
    delete rec[p.name];
  }
  for (const [k, v] of Object.entries(rec)) row(k.replace(/_/g, ' '), v, '');
  for (const p of video.params) {
    const v = (j.video || {})[p.name];
    if (v != null) row(p.name.replace(/_/g, ' ') + ' (video)', v, p.help);
  }
}

/** Opens the details of a job, as it is now. */
async function openDetails(listed) {
  const j = await getJson('/api/jobs/' + listed.id).catch(() => listed);
  $('details-title').textContent = whatItDreams(j);
  detailsMedia(j);
  detailsFacts(j);
  detailsSettings(j);
  $('details-actions').replaceChildren(...actions(j, true));
  $('details').dataset.id = j.id;
  if (!$('details').open) $('details').showModal();
}

// ---- dream again ----

/** Fills the form from a job's record (its settings, seed included) and reuses its photo or clip. */
function dreamAgain(job) {
  const rec = job.params || {};
  const k = kindOf(job);
  if (KINDS[k].again) {
    KINDS[k].again(job);
    return;
  }
  setKind(k, true);
  $('from_job').value = KINDS[k].reusesUpload ? job.id : '';
  for (const K of Object.values(KINDS)) if (K.file) $(K.file).value = '';
  if (k === 'video') {
    $('video-text').textContent = 'Using the clip of an earlier dream (or drop another)';
    for (const p of video.params) $('video-' + p.name).value = (job.video || {})[p.name] || '';
  } else if (k === 'batch') {
    $('batch-text').textContent = 'Choose a .zip of photos: the settings of the earlier batch are filled in';
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
  if (k === 'photo') {
    $('drop-text').textContent = 'Using the photo of an earlier dream (or drop another)'
      + (pictures ? '; choose its guide and mask pictures again' : '');
  }
  showLayers();
  window.scrollTo(0, 0);
}
