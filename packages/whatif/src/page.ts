// The panel's page script (inline; the report's CSP allows it by its sha256, and the worker it
// starts by `worker-src blob:`). It unpacks the panel's data (gzip + base64, as the report's),
// starts the bundled engine in a Web Worker from a blob: URL, and on every move of a control
// sends the touched controls' values; only the newest request waits while one runs. Each answer
// redraws the panel's two charts (use; VMs stopped; canvases) through vega's View API (no
// recompiling) and the figures table. `#whatif[data-state]` is "loading", "ready", "running",
// "done" or "error"; `data-seq` the request answered; `data-ms` the time from the move to the
// redrawn charts, `data-answer-ms` to the worker's answer, `data-sim-ms` the worker's own time;
// `data-drawn` the points of the two use lines (the Chromium test and the benchmark read them).
// Plain ES2020, kept as a string (never run by Node).

export const PANEL_STYLE = `
#whatif .whatif-controls { display: flex; flex-wrap: wrap; gap: 0.5em 1em; }
#whatif fieldset { border: 1px solid #ddd; border-radius: 4px; padding: 0.3em 0.8em; }
#whatif .whatif-control { display: grid; grid-template-columns: 13em 12em 9em; align-items: center; gap: 0.5em; margin: 0.2em 0; }
#whatif output { font-variant-numeric: tabular-nums; } #whatif output.changed { font-weight: bold; color: #08519c; }
#whatif pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 0.5em; min-height: 1.2em; }
#whatif .whatif-error { color: #a50f15; white-space: pre-wrap; }
#whatif td.changed { font-weight: bold; color: #08519c; }
`

export const PANEL_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.getElementById('whatif');
  var el = document.getElementById('snapsim-whatif');
  if (!root || !el) return;
  function $(id) { return document.getElementById(id); }
  function unpack() {
    var bin = atob(JSON.parse(el.textContent));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse);
  }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function show(c, v) {
    // a selector shows its choice itself
    if (c.type === 'select') return v === c.base ? '' : 'changed';
    switch (c.unit) {
      case 'factor': return '× ' + Number(v).toFixed(2);
      case 'GiB': return v >= 2048 ? Number((v / 1024).toFixed(2)) + ' TiB' : v + ' GiB';
      case 'minute': return pad(Math.floor(v / 60)) + ':' + pad(v % 60);
      case 'streams': return c.unlimitedAtMax && v === c.max ? 'unlimited' : v + (v === 1 ? ' stream' : ' streams');
      case 'MiB/s': return v + ' MiB/s';
    }
    return String(v);
  }
  function status(text) { $('whatif-status').textContent = text; }
  function fail(message) {
    root.setAttribute('data-state', 'error');
    var e = $('whatif-error'); e.hidden = false; e.textContent = message;
    status('');
  }

  unpack().then(function (data) {
    var controls = data.setup.controls;
    var byKey = Object.create(null);
    controls.forEach(function (c) { byKey[c.key] = c; });
    var inputs = Array.prototype.slice.call(root.querySelectorAll('[data-key]'));
    var touched = Object.create(null);
    var baseline = null, latest = null, view = null, view2 = null;
    var seq = 0, busy = false, queued = false, movedAt = 0;
    var dsSelect = $('whatif-ds');
    var unit = data.unit.bytes;

    function output(input) {
      var c = byKey[input.getAttribute('data-key')];
      var out = input.parentNode.querySelector('output');
      var v = Object.prototype.hasOwnProperty.call(touched, c.key) ? touched[c.key] : c.base;
      out.textContent = show(c, v);
      out.className = v === c.base ? '' : 'changed';
    }
    inputs.forEach(output);

    var worker;
    try {
      worker = new Worker(URL.createObjectURL(new Blob([data.code], { type: 'text/javascript' })));
    } catch (e) { fail('The what-if engine could not start: ' + e.message); return; }
    worker.onerror = function (e) { fail('The what-if engine failed: ' + (e.message || 'unknown error')); };

    function send() {
      if (busy) { queued = true; return; }
      busy = true; queued = false; seq++;
      root.setAttribute('data-state', 'running');
      status('simulating…');
      var values = {};
      Object.keys(touched).forEach(function (k) { values[k] = touched[k]; });
      worker.postMessage({ type: 'run', seq: seq, values: values });
    }

    function selected() { return dsSelect ? dsSelect.value : baseline.series[0].id; }

    function chartData() {
      var id = selected(), rows = [], caps = [];
      [['baseline', baseline], ['what-if', latest]].forEach(function (p) {
        if (!p[1]) return;
        p[1].series.forEach(function (s) {
          if (s.id !== id) return;
          for (var i = 0; i < s.t.length; i++) rows.push({ run: p[0], t: s.t[i], used: s.used[i] / unit });
          caps.push({ run: p[0], capacity: s.capacity / unit });
        });
      });
      return { rows: rows, caps: caps };
    }

    // points drawn per line, for tests (the chart is a canvas)
    function mark(d) {
      var n = { baseline: 0, 'what-if': 0 };
      d.rows.forEach(function (r) { n[r.run]++; });
      root.setAttribute('data-drawn', n.baseline + ',' + n['what-if']);
    }

    function stepData() {
      var steps = [];
      [['baseline', baseline], ['what-if', latest]].forEach(function (p) {
        if (!p[1]) return;
        var s = p[1].stopped;
        for (var i = 0; i < s.t.length; i++) steps.push({ run: p[0], t: s.t[i], n: s.n[i] });
      });
      return steps;
    }

    function redraw() {
      if (!view || !baseline) return Promise.resolve();
      var d = chartData();
      var both = [view.data('rows', d.rows).data('caps', d.caps).runAsync().then(function () { mark(d); })];
      if (view2) both.push(view2.data('steps', stepData()).runAsync());
      return Promise.all(both);
    }

    function figures() {
      var body = $('whatif-figures').querySelector('tbody');
      body.textContent = '';
      var rows = [];
      baseline.figures.datastores.forEach(function (d) {
        rows.push(['full:' + d.id, 'Full (' + d.id + ')', 'fullAt']);
        rows.push(['alarms:' + d.id, 'Alarms (' + d.id + ')']);
        rows.push(['peak:' + d.id, 'Peak use (' + d.id + ')']);
      });
      rows.push(['stopped', 'VMs stopped'], ['downtime', 'VM downtime']);
      rows.forEach(function (r) {
        var tr = document.createElement('tr');
        tr.setAttribute('data-figure', r[0]);
        var th = document.createElement('td'); th.textContent = r[1]; tr.appendChild(th);
        var a = document.createElement('td'); a.className = 'base'; a.textContent = baseline.texts[r[0]]; tr.appendChild(a);
        var b = document.createElement('td');
        var now = latest ? latest.texts[r[0]] : baseline.texts[r[0]];
        b.className = 'new' + (now !== baseline.texts[r[0]] ? ' changed' : ''); b.textContent = now;
        tr.appendChild(b);
        body.appendChild(tr);
      });
      var f = (latest || baseline).figures;
      root.setAttribute('data-first-full', f.firstFullAt === null ? '' : String(f.firstFullAt));
      root.setAttribute('data-stopped', String(f.vmsStopped));
      root.setAttribute('data-downtime', String(f.downtime));
      root.setAttribute('data-peaks', JSON.stringify(f.datastores.map(function (d) { return d.peakUsed; })));
      root.setAttribute('data-fulls', JSON.stringify(f.datastores.map(function (d) { return d.fullAt; })));
    }

    function command(out) {
      $('whatif-command').textContent = out.command;
      $('whatif-command').setAttribute('data-args', JSON.stringify(out.args));
    }

    worker.onmessage = function (e) {
      var m = e.data;
      if (m.type === 'error') {
        busy = false;
        fail(m.message);
        if (queued) send();
        return;
      }
      $('whatif-error').hidden = true;
      if (m.type === 'baseline') {
        baseline = m.out;
        command(m.out);
        figures();
        var spec = JSON.parse(JSON.stringify(data.spec));
        spec.datasets = chartData();
        // canvas: a redraw repaints two lines of ~2,000 points each instead of rebuilding SVG paths
        var spec2 = JSON.parse(JSON.stringify(data.stoppedSpec));
        spec2.datasets = { steps: stepData() };
        vegaEmbed('#whatif-chart', spec, { ast: true, renderer: 'canvas', actions: false }).then(function (r) {
          view = r.view;
          mark(spec.datasets);
          return vegaEmbed('#whatif-stopped', spec2, { ast: true, renderer: 'canvas', actions: false });
        }).then(function (r) {
          view2 = r.view;
        }).then(function () {
          root.setAttribute('data-state', 'ready');
          status('ready: move a control');
        }).catch(function (err) { fail('The what-if chart could not be drawn: ' + err.message); });
        return;
      }
      if (m.seq !== seq) return;
      var answered = performance.now() - movedAt;
      latest = m.out;
      command(m.out);
      figures();
      redraw().then(function () {
        var ms = performance.now() - movedAt;
        busy = false;
        root.setAttribute('data-seq', String(m.seq));
        root.setAttribute('data-ms', ms.toFixed(1));
        root.setAttribute('data-sim-ms', m.ms.toFixed(1));
        root.setAttribute('data-answer-ms', answered.toFixed(1));
        root.setAttribute('data-state', queued ? 'running' : 'done');
        status('simulated in ' + Math.round(m.ms) + ' ms, drawn ' + Math.round(ms) + ' ms after the move');
        if (queued) send();
      });
    };

    inputs.forEach(function (input) {
      var c = byKey[input.getAttribute('data-key')];
      input.addEventListener('input', function () {
        var v = c.type === 'select' ? input.value : Number(input.value);
        if (v === c.base) delete touched[c.key]; else touched[c.key] = v;
        output(input);
        movedAt = performance.now();
        send();
      });
    });
    if (dsSelect) dsSelect.addEventListener('change', function () { redraw(); });
    $('whatif-reset').addEventListener('click', function () {
      touched = Object.create(null);
      inputs.forEach(function (input) {
        var c = byKey[input.getAttribute('data-key')];
        input.value = String(c.base);
        output(input);
      });
      movedAt = performance.now();
      send();
    });
    $('whatif-copy').addEventListener('click', function () {
      var text = $('whatif-command').textContent;
      var done = function () { status('copied: ' + text); };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { selectCommand(); });
      else selectCommand();
    });
    function selectCommand() {
      var range = document.createRange();
      range.selectNodeContents($('whatif-command'));
      var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
      status('selected: press Ctrl+C to copy');
    }
    worker.postMessage({ type: 'init', setup: data.setup });
  }).catch(function (e) { fail('The what-if panel could not start: ' + e.message); });
})();`
