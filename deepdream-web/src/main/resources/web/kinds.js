// deepdream web UI: the kinds of job the form starts, one tab each. A kind is one entry of KINDS
// (its tab, its upload part in index.html, the file field it sends and where it posts); the rest of
// the page reads this table, so a new kind of job is a new entry, a tab button and an upload part.
// A kind that differs further carries its own behaviour here (the atlas: its form, its words on the
// cards and the stage, its end), and the page asks for it where present.

const KINDS = {
  photo: {
    tab: 'kind-photo', part: 'drop', file: 'image', url: '/api/jobs', missing: 'Choose a photo first.',
    reusesUpload: true, // "Dream again" reuses the job's photo (from_job)
  },
  video: {
    tab: 'kind-video', part: 'video-drop', file: 'video', url: '/api/jobs/video', missing: 'Choose a video clip first.',
    reusesUpload: true, extra: 'video-settings', // its own settings, built from GET /api/video-params
  },
  batch: {
    tab: 'kind-batch', part: 'batch-drop', file: 'zip', url: '/api/jobs/batch',
    missing: 'Choose a .zip of photos first.',
    reusesUpload: false, // a batch's pictures are not kept as one upload to reuse
    unit: 'item',
  },
  // No upload and no dream settings: its own form and a browser of atlases (atlas.js).
  atlas: {
    tab: 'kind-atlas', part: 'atlas-part', url: '/api/atlases', action: 'Draw atlas', ownSettings: true,
    stage: 'atlas-view', unit: 'channel', againText: 'Draw again', failures: 'Channels that could not be drawn',
    body: () => atlasFormData(),
    declarations: () => atlasParams,
    objective: (j) => atlasObjective(j),
    facts: (j) => atlasFacts(j),
    again: (j) => drawAgain(j),
    doneAction: (j, close) => browseButton(j, close),
    showEnd: (j) => atlasEnded(j),
  },
};
let kind = 'photo'; // the tab chosen: a key of KINDS

/** Shows one kind's part of the form; switching by hand forgets an earlier job's photo or clip. */
function setKind(k, keepFromJob) {
  if (k !== kind && !keepFromJob) {
    $('from_job').value = '';
    $('chosen').hidden = true;
  }
  kind = k;
  for (const [name, K] of Object.entries(KINDS)) {
    $(K.tab).setAttribute('aria-selected', String(name === k));
    $(K.part).hidden = name !== k;
    if (K.extra) $(K.extra).hidden = name !== k;
    if (K.stage) $(K.stage).hidden = name !== k;
  }
  $('settings').hidden = $('more').hidden = !!KINDS[k].ownSettings;
  $('start').textContent = KINDS[k].action || 'Dream';
  document.body.dataset.kind = k;
  // The preset a video dreams with when none is chosen is the server's video preset.
  const preset = $('preset');
  if (preset && preset.options.length) {
    const first = preset.options[0];
    if (!first.dataset.photo) first.dataset.photo = first.textContent;
    first.textContent = k === 'video' && video.default_preset ? 'default: ' + video.default_preset
      : first.dataset.photo;
  }
}

/** The file the current tab sends: the photo, the clip or the zip (none for an atlas). */
function chosenFile() {
  return KINDS[kind].file ? $(KINDS[kind].file).files[0] : undefined;
}

/** A dropped file: a zip goes to the batch tab, a video to the video tab, anything else is taken for a photo. */
function choose(file) {
  if (!file) return;
  const dt = new DataTransfer();
  dt.items.add(file);
  const k = file.name.toLowerCase().endsWith('.zip') || file.type === 'application/zip' ? 'batch'
    : file.type.startsWith('video/') ? 'video' : 'photo';
  setKind(k);
  $(KINDS[k].file).files = dt.files;
  showChosen();
}

/** The chosen file's name in its drop area (and a photo's picture); an earlier job's upload is no longer used. */
function showChosen() {
  const file = chosenFile();
  if (!file) return;
  if (kind !== 'batch') $('from_job').value = '';
  if (kind === 'photo') {
    $('chosen').src = URL.createObjectURL(file);
    $('chosen').hidden = false;
    $('drop-text').textContent = file.name;
  } else {
    $(kind === 'video' ? 'video-text' : 'batch-text').textContent = file.name;
  }
  showError('');
}

/** The tabs, the file fields and dropping files on any drop area. */
function setUpKinds() {
  for (const [name, K] of Object.entries(KINDS)) {
    $(K.tab).addEventListener('click', () => setKind(name));
    if (!K.file) continue; // nothing to choose or drop
    $(K.file).addEventListener('change', showChosen);
    const drop = $(K.part);
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      choose(e.dataTransfer.files[0]);
    });
  }
}
