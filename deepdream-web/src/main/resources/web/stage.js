// deepdream web UI: the stage, where the job being watched is shown: what it dreams, its status,
// progress and ETA, its live preview (a video's latest frame, a batch's current picture) over
// server-sent events, and its result at the end. The job's id is kept in the address (#job=ID), so
// a reloaded page finds it again; a new page finds the job that is running.

let current = null; // the id of the job being watched
let events = null;  // its EventSource
let watched = null; // its state when it was last asked for (for its title)
let watchedKind = 'photo'; // its kind, for the words of its items (a batch's pictures, an atlas's channels)

/** The address of a job's thumbnail; the version makes a new one load when the job has moved on. */
function thumbnailUrl(j) {
  return '/api/jobs/' + j.id + '/thumbnail?v=' + j.status + '-' + (j.frames_done || j.items_done || 0);
}

/**
 * Shows a picture in the pane at its own size, or up to twice that for a small one (never past
 * 640 px so): a 200 px picture is not blown up to fill the pane, and previews of growing octaves
 * keep one size. {@code update} counts a live update (tests wait for them).
 */
function showPicture(src, update) {
  const img = $('preview');
  img.src = src;
  if (update) img.dataset.updates = String(Number(img.dataset.updates) + 1);
}

function fitPicture(e, width) {
  if (width) e.style.width = Math.max(width, Math.min(2 * width, 640)) + 'px';
}

/** The status line of a job as an event reports it: where it is, in words. */
function statusText(j) {
  if (j.status === 'queued') return 'queued: it starts when the dreams before it are done';
  if (j.status !== 'running') return j.status;
  const where = (j.frames ? ' frame ' + j.frame + '/' + j.frames : '')
    + (j.items && j.item ? ' ' + ((KINDS[kindOf(j)] || {}).unit || 'item') + ' ' + j.item + '/' + j.items : '')
    + (j.octave ? ' octave ' + j.octave + '/' + j.octaves + ' step ' + j.step + '/' + j.steps : '')
    + (j.encoding ? ', writing the MP4' : '');
  if (where) return 'running' + where;
  // Before the first step the model is loaded (and, the first time on this machine, checked).
  return j.progress ? 'running, ' + Math.round(j.progress * 100) + '% done' : 'running: loading the model';
}

/** The end of a job, in words: "done in 1 min 12 s", "failed: ...", "cancelled". */
function endText(j) {
  if (j.status === 'done') {
    return 'done' + (j.started && j.finished ? ' in ' + fmtDuration(j.finished - j.started) : '');
  }
  return j.status + (j.error ? ': ' + j.error : '');
}

/** Clears the stage for the job {@code id}. */
function resetStage(id) {
  $('welcome').hidden = true;
  $('download').hidden = true;
  $('video-result').hidden = true;
  $('video-result').removeAttribute('src');
  $('frame-info').textContent = '';
  $('batch-info').textContent = '';
  $('failure-list').innerHTML = '';
  $('failures').hidden = true;
  $('sheet').innerHTML = '';
  $('sheet').hidden = true;
  $('loss').textContent = '';
  $('eta').textContent = '';
  $('cancel').disabled = false;
  $('status').textContent = 'queued';
  $('progress').value = 0;
  $('preview').hidden = false;
  $('preview').removeAttribute('src');
  $('job-title').textContent = '';
  history.replaceState(null, '', '#job=' + id);
}

/**
 * Watches a job: its events until its end (a finished job's come at once, ending in its result).
 * {@code job} is its state when known (from the gallery), else it is asked for.
 */
function watch(id, job) {
  current = id;
  if (events) events.close();
  resetStage(id);
  const titled = (j) => {
    if (current !== id) return;
    watched = j;
    retitle();
    // Until the first preview, the job's own picture (the photo it dreams on): the pane is never empty.
    if (!$('preview').getAttribute('src')) showPicture(thumbnailUrl(j), false);
  };
  if (job) titled(job);
  else getJson('/api/jobs/' + id).then(titled).catch(() => {});
  events = new EventSource('/api/jobs/' + id + '/events');
  events.addEventListener('progress', (e) => {
    const j = JSON.parse(e.data);
    watchedKind = kindOf(j);
    $('status').textContent = statusText(j);
    $('progress').value = j.progress || 0;
    $('loss').textContent = j.loss != null ? 'loss ' + j.loss.toFixed(4) : '';
    $('eta').textContent = fmtEta(j.eta_ms);
    if (j.failures && j.failures.length) showFailures(j.failures, false); // a batch's, so far (a reloaded page too)
  });
  // A video's finished frame: the counter, the time per frame, the ETA and the frame itself.
  events.addEventListener('frame', (e) => {
    const f = JSON.parse(e.data);
    $('frame-info').textContent = 'frame ' + f.frame + '/' + f.frames + ', ' + (f.frame_ms / 1000).toFixed(1)
      + ' s per frame' + (f.eta_ms != null ? ', ' + fmtEta(f.eta_ms) : '');
    $('eta').textContent = fmtEta(f.eta_ms);
    showPicture(f.image, true);
  });
  // A batch's picture starts or ends: "item i/n name", its status, the overall ETA; failures are listed.
  events.addEventListener('item', (e) => {
    const it = JSON.parse(e.data);
    const state = it.status === 'running' ? ''
      : ': ' + (it.status === 'done' ? 'done in ' + it.seconds.toFixed(1) + ' s'
      : it.status === 'skipped' ? 'skipped (done before)' : 'failed');
    $('batch-info').textContent = ((KINDS[watchedKind] || {}).unit || 'item') + ' ' + it.item + '/' + it.items + ' ' + it.relative + state
      + (it.eta_ms != null ? ', ' + fmtEta(it.eta_ms) : '');
    if (it.status === 'failed') showFailures([{ relative: it.relative, error: it.error }], true);
  });
  events.addEventListener('preview', (e) => showPicture(JSON.parse(e.data).image, true));
  events.addEventListener('end', (e) => {
    const j = JSON.parse(e.data);
    events.close();
    events = null;
    showEnd(j);
    loadGallery();
  });
}

/** The stage's title: what the watched job dreams (again once the models, with their default layers, are known). */
function retitle() {
  if (watched && watched.id === current) $('job-title').textContent = whatItDreams(watched);
}

/** A finished job on the stage: how it ended, and its result (a batch's: a sheet of its dreams). */
function showEnd(j) {
  $('status').textContent = endText(j);
  $('loss').textContent = ''; // the last step's loss says nothing about the result
  $('eta').textContent = '';
  $('cancel').disabled = true;
  const K = KINDS[kindOf(j)] || {};
  if (K.showEnd) {
    K.showEnd(j);
    if (j.status === 'failed') showError(j.error || 'the job failed');
    return;
  }
  const result = '/api/jobs/' + j.id + '/result';
  if (j.kind === 'batch') {
    $('batch-info').textContent = j.items_done + '/' + j.items + ' pictures, ' + j.failed + ' failed'
      + (j.skipped ? ', ' + j.skipped + ' done before a restart' : '');
    showFailures(j.failures || [], false);
    if (j.status === 'done') showSheet(j);
  }
  if (j.status === 'done') {
    $('download').href = result;
    $('download').textContent = j.kind === 'batch' ? 'Download ZIP' : j.kind === 'video' ? 'Download MP4'
      : 'Download PNG';
    $('download').hidden = false;
  }
  if (j.status === 'done' && j.kind === 'video') {
    showPicture('/api/jobs/' + j.id + '/frame?n=' + j.frames, false);
    $('video-result').src = result;
    $('video-result').hidden = false;
  } else if (j.status === 'done' && j.kind === 'photo') {
    showPicture(result, false);
  } else if (j.status === 'failed') {
    showError(j.error || 'the dream failed');
  }
}

/** A finished batch's dreams side by side, in place of one preview. */
async function showSheet(j) {
  const n = await fillSheet($('sheet'), j.id);
  if (current !== j.id) return;
  $('sheet').hidden = n === 0;
  $('preview').hidden = n > 0;
}

/** Fills {@code box} with a batch's dreams (thumbnails, each a link to its picture); returns how many. */
async function fillSheet(box, id) {
  const pictures = await getJson('/api/jobs/' + id + '/pictures').catch(() => []);
  box.replaceChildren(...pictures.filter((p) => p.status === 'done').map((p) => el('a',
    { href: p.image, target: '_blank', className: 'sheet-picture', title: p.relative },
    el('img', { src: p.thumbnail, alt: p.relative }), el('span', { textContent: p.relative }))));
  return box.children.length;
}

/** The batch's failed pictures with their errors (appended as they fail, or the whole list at the end). */
function showFailures(list, append) {
  const ul = $('failure-list');
  if (!append) ul.innerHTML = '';
  $('failures-title').textContent = (KINDS[watchedKind] || {}).failures || 'Pictures that could not be dreamed';
  for (const f of list) ul.append(el('li', { textContent: f.relative + ': ' + f.error }));
  $('failures').hidden = ul.children.length === 0;
}

async function cancel() {
  if (!current) return;
  await fetch('/api/jobs/' + current + '/cancel', { method: 'POST' });
}

/**
 * When the page opens: the job its address names (#job=ID, a reload), else the one running, else
 * the next to run; none: the welcome stays.
 */
function reattach(jobs) {
  const named = (location.hash.match(/^#job=([a-z0-9]+)$/) || [])[1];
  const queued = jobs.filter((j) => j.status === 'queued');
  const job = jobs.find((j) => j.id === named) || jobs.find((j) => j.status === 'running')
    || queued[queued.length - 1]; // newest first: the last queued is the next to run
  if (job) watch(job.id, job);
  else if (named) history.replaceState(null, '', location.pathname);
}

/** The pane's pictures keep their size (see showPicture), and a missing thumbnail leaves no broken image. */
function setUpStage() {
  const img = $('preview');
  img.addEventListener('load', () => fitPicture(img, img.naturalWidth));
  img.addEventListener('error', () => { if (!img.src.startsWith('data:')) img.removeAttribute('src'); });
  const clip = $('video-result');
  clip.addEventListener('loadedmetadata', () => fitPicture(clip, clip.videoWidth));
  $('cancel').addEventListener('click', cancel);
}
