// deepdream web UI: plain JavaScript, no build step. index.html loads the scripts in order and
// they share the page's global scope: util.js (these helpers), controls.js (the settings' controls,
// built from the declarations), kinds.js (the tabs: what a job dreams on), stage.js (the job being
// watched), gallery.js (past jobs and their details), atlas.js (the Atlas tab: browse and draw atlases)
// and app.js (the form and the start).

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const e = document.createElement(tag);
  Object.assign(e, props || {});
  e.append(...children);
  return e;
}

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

/** A duration as a person reads it at a glance: "8 s", "3 min 20 s", "1 h 05 min". */
function fmtDuration(ms) {
  if (ms == null || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + String(Math.floor(s / 60) % 60).padStart(2, '0') + ' min';
}

/** When a job was made: the time today, else the date and time. */
function fmtWhen(ms) {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** GET a JSON answer; an error answer throws its message. */
async function getJson(url) {
  const r = await fetch(url);
  const body = await r.json().catch(() => ({ error: 'bad answer from the server' }));
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}
