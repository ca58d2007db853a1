// deepdream web UI: the form's submission and the page's start. The page opens on the job running
// (or the one its address names, after a reload), with the gallery below.

// ---- a new job ----

function formData() {
  const fd = new FormData();
  const file = chosenFile();
  if (file) fd.append(KINDS[kind].file, file);
  else if ($('from_job').value && KINDS[kind].reusesUpload) fd.append('from_job', $('from_job').value);
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

async function start(ev) {
  ev.preventDefault();
  showError('');
  const K = KINDS[kind];
  if (K.file && !chosenFile() && !(K.reusesUpload && $('from_job').value)) {
    showError(K.missing);
    return;
  }
  let body;
  try {
    body = K.body ? K.body() : formData();
  } catch (e) {
    showError(e.message);
    return;
  }
  $('start').disabled = true; // while the upload goes
  let r;
  try {
    r = await fetch(K.url, { method: 'POST', body });
  } catch (e) {
    showError('Could not reach the server: ' + e);
    $('start').disabled = false;
    return;
  }
  const answer = await r.json().catch(() => ({ error: 'bad answer from the server' }));
  $('start').disabled = false; // another dream may be queued behind this one
  if (r.status !== 202) {
    showError(answer.error || ('HTTP ' + r.status));
    return;
  }
  watch(answer.id);
  loadGallery().catch(() => {}); // its card, queued
}

/** The engine check behind the default model: the CPU, each plan tried and the plan chosen. */
async function loadEngine() {
  const e = await getJson('/api/engine');
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

// ---- the start ----

window.addEventListener('DOMContentLoaded', async () => {
  $('dream-form').addEventListener('submit', start);
  setUpKinds();
  setUpStage();
  setUpAtlas();
  $('details-close').addEventListener('click', () => $('details').close());
  // The gallery first: a job running (or named by the address) is watched at once.
  loadGallery().then(reattach).catch((e) => showError('Could not load the jobs: ' + e.message));
  try {
    await loadParams();
  } catch (e) {
    showError('Could not load the settings: ' + e);
    return;
  }
  loadVideoParams().catch((e) => showError('Could not load the video settings: ' + e));
  loadBatchLimits().catch((e) => showError('Could not load the batch limits: ' + e));
  const atlasForm = loadAtlasParams();
  atlasForm.catch((e) => showError('Could not load the atlas settings: ' + e));
  loadAtlases().catch((e) => showError('Could not load the atlases: ' + e.message));
  // The cards and the stage name each job's layers; a job without any dreams on its model's defaults.
  loadModels().then(() => {
    loadGallery().catch(() => {});
    retitle();
    atlasForm.then(atlasModels, () => {});
  }).catch((e) => showError('Could not load models: ' + e));
  loadPresets().catch((e) => showError('Could not load presets: ' + e));
});
