package dev.deepdream.visualize;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The atlas's {@code index.html}: one static page that works from the file system (no server, no
 * fetch: the atlas's data is inside it, its pictures are relative links). Layers down the side,
 * a grid of channels; a click enlarges a channel with its objective text to copy (the one
 * {@code --objective} takes), its top classes and settings, and arrows step through the channels;
 * a search box filters by layer ({@code mixed3}), channel ({@code 97}) or both ({@code mixed3:97}).
 */
public final class AtlasPage {
  /** HTML-escaping JSON: no {@code </script>} can end the data early. */
  private static final Gson GSON = new GsonBuilder().create();

  private AtlasPage() {}

  /** The page for {@code atlas}. */
  public static String html(Atlas atlas) {
    String title = "Atlas of " + escape(atlas.model());
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="icon" href="data:,">
        <title>@TITLE@</title>
        <style>
        @CSS@
        </style>
        </head>
        <body>
        <header>
          <h1>@TITLE@</h1>
          <p id="about"></p>
          <input id="search" type="search" placeholder="search: mixed3, 97 or mixed3:97" autocomplete="off">
          <span id="count"></span>
        </header>
        <nav id="layers"></nav>
        <main id="grid"></main>
        <div id="zoom" hidden>
          <div class="panel">
            <button id="close" title="close (Esc)">&times;</button>
            <button id="prev" title="previous (&larr;)">&lsaquo;</button>
            <img id="big" alt="">
            <button id="next" title="next (&rarr;)">&rsaquo;</button>
            <div class="facts">
              <label>objective <input id="objective" readonly></label>
              <button id="copy">copy</button> <span id="copied"></span>
              <p id="command"></p>
              <ul id="classes"></ul>
              <details><summary>settings</summary><pre id="settings"></pre></details>
            </div>
          </div>
        </div>
        <script type="application/json" id="atlas-data">@DATA@</script>
        <script>
        @SCRIPT@
        </script>
        </body>
        </html>
        """.replace("@TITLE@", title).replace("@CSS@", CSS).replace("@SCRIPT@", SCRIPT)
        .replace("@DATA@", GSON.toJson(AtlasFolder.json(atlas))); // the data last: its text is the user's
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS = """
      body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #16161a; color: #e8e8ea;
        display: grid; grid-template-columns: 11em 1fr; grid-template-rows: auto 1fr; min-height: 100vh; }
      header { grid-column: 1 / 3; padding: 0.6em 1em; border-bottom: 1px solid #333; }
      h1 { font-size: 1.2em; margin: 0 0 0.2em; }
      #about { margin: 0 0 0.4em; color: #aaa; font-size: 0.9em; }
      #search { width: 22em; padding: 0.3em; background: #222; color: #eee; border: 1px solid #444; }
      #count { margin-left: 1em; color: #aaa; }
      nav { padding: 0.6em; border-right: 1px solid #333; overflow-y: auto; }
      nav button { display: block; width: 100%; margin: 0 0 0.2em; padding: 0.3em; text-align: left;
        background: #222; color: #ddd; border: 1px solid #333; cursor: pointer; }
      nav button.on { background: #3a4a6a; color: #fff; }
      nav button small { color: #999; float: right; }
      main { display: grid; grid-template-columns: repeat(auto-fill, minmax(136px, 1fr)); gap: 6px;
        padding: 0.6em; align-content: start; }
      figure { margin: 0; cursor: pointer; background: #222; border: 1px solid #2c2c30; }
      figure:hover { border-color: #8ab; }
      figure img { display: block; width: 100%; height: auto; aspect-ratio: 1; object-fit: cover; }
      figcaption { font-size: 0.8em; padding: 0.1em 0.3em; color: #bbb; font-family: monospace; }
      .silent { color: #c96; }
      #zoom { position: fixed; inset: 0; background: rgba(0, 0, 0, 0.85); display: flex;
        align-items: center; justify-content: center; }
      #zoom[hidden] { display: none; }
      .panel { position: relative; display: flex; gap: 1em; align-items: center; max-width: 95vw; }
      #big { width: min(70vh, 60vw); height: min(70vh, 60vw); object-fit: contain; image-rendering: auto;
        background: #000; }
      .panel > button { background: none; border: none; color: #ddd; font-size: 2.5em; cursor: pointer; }
      #close { position: absolute; top: -1.2em; right: 0; }
      .facts { width: 22em; }
      #objective { font-family: monospace; width: 12em; background: #222; color: #fff; border: 1px solid #555;
        padding: 0.2em; }
      #command { font-family: monospace; font-size: 0.85em; color: #bbb; word-break: break-all; }
      #settings { font-size: 0.8em; color: #bbb; white-space: pre-wrap; }
      """;

  private static final String SCRIPT = """
      'use strict';
      const atlas = JSON.parse(document.getElementById('atlas-data').textContent);
      const SILENT = 'silent: this channel stayed at 0 from the noise it started on (a ReLU that never fired), '
        + 'so the render had no gradient and nothing to draw; try --init PHOTO or another seed';
      const grid = document.getElementById('grid');
      const nav = document.getElementById('layers');
      const search = document.getElementById('search');
      let layer = atlas.layers.length ? atlas.layers[0].name : null;
      let shown = [];
      let current = -1;
      const about = [atlas.entries.length + ' channels drawn, model ' + atlas.model + ' (' + atlas.model_source + ')']
        .concat(atlas.notes);
      document.getElementById('about').textContent = about.join(' \\u00b7 ');
      function button(name, label, count) {
        const b = document.createElement('button');
        b.textContent = label + ' ';
        const s = document.createElement('small');
        s.textContent = count;
        b.appendChild(s);
        b.dataset.layer = name;
        b.addEventListener('click', () => { layer = name; search.value = ''; render(); });
        nav.appendChild(b);
      }
      button('', 'all layers', atlas.entries.length);
      for (const l of atlas.layers) {
        button(l.name, l.name, l.drawn + '/' + l.channels);
      }
      function matches(e, q) {
        if (!q) {
          return layer === '' || e.layer === layer;
        }
        const colon = q.lastIndexOf(':');
        if (colon >= 0) {
          const channel = q.slice(colon + 1);
          return e.layer === q.slice(0, colon) && (channel === '' || String(e.channel) === channel);
        }
        if (/^[0-9]+$/.test(q)) {
          return String(e.channel) === q && (layer === '' || e.layer === layer);
        }
        return e.layer.toLowerCase().includes(q.toLowerCase());
      }
      function render() {
        const q = search.value.trim().replace(/\\s+/g, '');
        shown = atlas.entries.filter(e => matches(e, q));
        for (const b of nav.querySelectorAll('button')) {
          b.classList.toggle('on', !q && b.dataset.layer === layer);
        }
        grid.replaceChildren();
        shown.forEach((e, i) => {
          const f = document.createElement('figure');
          const img = document.createElement('img');
          img.loading = 'lazy';
          img.src = e.file;
          img.alt = e.objective;
          img.width = 128;
          img.height = 128;
          const c = document.createElement('figcaption');
          c.textContent = e.objective;
          if (e.loss === 0) {
            // A channel that never fired: its grey is not a picture of anything.
            const s = document.createElement('span');
            s.className = 'silent';
            s.textContent = ' silent';
            s.title = SILENT;
            c.appendChild(s);
          }
          f.append(img, c);
          f.addEventListener('click', () => open(i));
          grid.appendChild(f);
        });
        document.getElementById('count').textContent = shown.length + ' shown';
      }
      function open(i) {
        current = (i + shown.length) % shown.length;
        const e = shown[current];
        document.getElementById('big').src = e.file;
        document.getElementById('big').alt = e.objective;
        document.getElementById('objective').value = e.objective;
        document.getElementById('copied').textContent = '';
        const name = e.objective.replace(/[^A-Za-z0-9_-]/g, '-');
        document.getElementById('command').textContent = 'deepdream visualize -o ' + name + '.png --model '
          + atlas.model + ' --objective "' + e.objective + '" --seed ' + e.seed;
        const classes = document.getElementById('classes');
        classes.replaceChildren();
        for (const c of e.top_classes) {
          const li = document.createElement('li');
          li.textContent = 'class ' + c['class'] + ': ' + (100 * c.probability).toFixed(1) + '%';
          classes.appendChild(li);
        }
        document.getElementById('settings').textContent = (e.loss === 0 ? SILENT + '\\n\\n' : '')
          + Object.entries(e.settings).map(([k, v]) => k + ' = ' + v).join('\\n')
          + (e.loss == null ? '' : '\\nfinal objective = ' + e.loss);
        document.getElementById('zoom').hidden = false;
      }
      function close() {
        document.getElementById('zoom').hidden = true;
        current = -1;
      }
      document.getElementById('close').addEventListener('click', close);
      document.getElementById('prev').addEventListener('click', () => open(current - 1));
      document.getElementById('next').addEventListener('click', () => open(current + 1));
      document.getElementById('zoom').addEventListener('click', ev => { if (ev.target.id === 'zoom') close(); });
      document.addEventListener('keydown', ev => {
        if (current < 0) return;
        if (ev.key === 'Escape') close();
        if (ev.key === 'ArrowLeft') open(current - 1);
        if (ev.key === 'ArrowRight') open(current + 1);
      });
      document.getElementById('copy').addEventListener('click', () => {
        const field = document.getElementById('objective');
        const done = () => { document.getElementById('copied').textContent = 'copied'; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, () => { field.select(); });
        } else {
          field.select();
          if (document.execCommand('copy')) done();
        }
      });
      search.addEventListener('input', render);
      render();
      """;
}
