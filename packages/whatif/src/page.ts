// The panel's page script (inline; the report's CSP allows it by its sha256, and the worker it
// starts by `worker-src blob:`). It unpacks the panel's data (gzip + base64, as the report's:
// charts' UNPACK_SCRIPT), starts the bundled engine in a Web Worker from a blob: URL, and on
// every move of a control sends the touched controls' values; only the newest request waits
// while one runs. While any control is off the run's value, the report's key figures show the
// what-if (the run's value beside it in grey) and each of the report's main charts (use,
// snapshot deltas, backup runs, VM states) gives way to its what-if version (specs.ts: the run in
// grey, the what-if in colour), embedded once when the report's own charts are drawn and then
// redrawn by swapping data in vega's View (changesets: no recompiling; the rows and the
// changesets are redraw.ts's REDRAW_SCRIPT, which redraw.test.ts runs against fresh views);
// "Back to the run" restores the report's own. `#whatif[data-state]` is "loading", "ready", "running", "done" or
// "error"; `data-seq` the request answered; `data-showing` 1 while the what-if is shown;
// `data-ms` the time from the move to the redrawn charts, `data-answer-ms` to the worker's
// answer, `data-sim-ms` the worker's own time; `#whatif-use[data-drawn]` the points of the two
// use lines and `[data-full]` the fill times written on the chart (the Chromium test and the
// benchmark read them). Plain ES2020, kept as a string (never run by Node).

import { UNPACK_SCRIPT } from '@snapsim/charts'
import { REDRAW_SCRIPT } from './redraw.ts'

export const PANEL_STYLE = `
#whatif .whatif-controls { display: flex; flex-wrap: wrap; gap: 0.5em 1em; }
#whatif fieldset { border: 1px solid #ddd; border-radius: 4px; padding: 0.3em 0.8em; }
#whatif .whatif-control { display: grid; grid-template-columns: 13em 12em 9em; align-items: center; gap: 0.5em; margin: 0.2em 0; }
#whatif output { font-variant-numeric: tabular-nums; } #whatif output.changed { font-weight: bold; color: #08519c; }
#whatif pre { white-space: pre-wrap; word-break: break-all; background: #f6f6f6; padding: 0.5em; min-height: 1.2em; }
#whatif .whatif-error { color: #a50f15; white-space: pre-wrap; }
#whatif td.changed { font-weight: bold; color: #08519c; }
.whatif-chart .whatif-caption { color: #08519c; margin: 0.2em 0; }
dl.figures dd.whatif-changed .whatif-now { font-weight: bold; color: #08519c; } dl.figures dd .whatif-was { color: #888; }
`

export const PANEL_SCRIPT = String.raw`(function () {
  'use strict';
  var root = document.getElementById('whatif');
  if (!root || !document.getElementById('snapsim-whatif')) return;
  ${UNPACK_SCRIPT}
  ${REDRAW_SCRIPT}
  function $(id) { return document.getElementById(id); }
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
  // resolves once the report's own charts are drawn (page.ts marks body[data-charts-drawn]),
  // so the what-if's views are embedded after them, not in their way
  function reportDrawn() {
    return new Promise(function (resolve) {
      (function wait() {
        if (document.body.hasAttribute('data-charts-drawn') || document.body.hasAttribute('data-error')) resolve();
        else setTimeout(wait, 50);
      })();
    });
  }

  // the engine (its script unpacked, its Worker started and parsing it on a second thread)
  // starts once the report's charts are drawn: on a two-core machine it took about 0.25 s from
  // the report's first drawing (bench/report.ts, the BSI growth report with and without panel)
  reportDrawn().then(function () { return unpack('snapsim-whatif'); }).then(function (data) {
    var controls = data.setup.controls;
    var byKey = Object.create(null);
    controls.forEach(function (c) { byKey[c.key] = c; });
    var inputs = Array.prototype.slice.call(root.querySelectorAll('[data-key]'));
    var touched = Object.create(null);
    var baseline = null, latest = null, prepared = null;
    var seq = 0, busy = false, queued = false, movedAt = 0;
    var unit = data.unit.bytes;
    var CHARTS = ['use', 'deltas', 'backups', 'states'];
    // per chart: the report's element, the what-if's box and its vega View; which datastores'
    // rows the views hold (REDRAW_SCRIPT's whatIfChanges)
    var own = Object.create(null), boxes = Object.create(null), views = Object.create(null), drawn = { ids: null };
    // the report's key figures as written: [dt text, dd element, dd text]
    var keyBlock = Array.prototype.map.call(document.querySelectorAll('#figures dt'), function (dt) {
      var dd = dt.nextElementSibling;
      return [dt.textContent, dd, dd.textContent];
    });

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

    // the datastores drawn: all of them, or a fleet's one picked in the report's detail
    function shownIds() {
      if (!data.fleet) return baseline.series.map(function (s) { return s.id; });
      var pick = $('detail-select');
      return [pick && pick.value ? pick.value : baseline.series[0].id];
    }
    // for tests (the charts are canvases): points per use line, fill times written on the chart
    function mark(sets) {
      var full = [], k = 0, run = 0, whatIf = 0;
      for (; sets.use['cap' + k]; k++) {
        if (sets.use['use' + k]) run += sets.use['use' + k].length;
        whatIf += sets.use['wuse' + k].length;
        sets.use['full' + k].forEach(function (r) { if (r.run === 'what if') full.push(r.label); });
      }
      if (!boxes.use) return;
      if (run === 0) run = Number(boxes.use.getAttribute('data-drawn').split(',')[0]);
      boxes.use.setAttribute('data-drawn', run + ',' + whatIf);
      boxes.use.setAttribute('data-full', JSON.stringify(full));
    }

    // the what-if's charts, each in a box after the report's own chart, embedded once
    function prepare() {
      prepared = prepared || reportDrawn().then(function () {
        var ids = shownIds(), sets = whatIfDatasets(baseline, latest, ids, unit, false);
        whatIfDrawn(drawn, ids);
        var chain = Promise.resolve();
        CHARTS.forEach(function (id) {
          var el = $('chart-' + id), spec = data.specs[id];
          if (!el || !spec) return;
          var box = document.createElement('div');
          box.id = 'whatif-' + id; box.className = 'chart whatif-chart'; box.hidden = true;
          var caption = document.createElement('p'); caption.className = 'whatif-caption';
          caption.textContent = 'What if (the panel above): the run in grey, the what-if in colour. “Back to the run” shows the report’s own chart again.';
          var target = document.createElement('div');
          box.appendChild(caption); box.appendChild(target);
          el.parentNode.insertBefore(box, el.nextSibling);
          own[id] = el; boxes[id] = box;
          spec = JSON.parse(JSON.stringify(spec));
          // the vega spec's named datasets (compiled when the report was written) get their rows
          spec.data.forEach(function (d) { if (Object.prototype.hasOwnProperty.call(sets[id], d.name)) d.values = sets[id][d.name]; });
          chain = chain.then(function () {
            // ast + expr: the report's evaluator of vega's expression trees (the CSP has no 'unsafe-eval'; charts' expressions.ts)
            return vegaEmbed(target, spec, { ast: true, expr: snapsimExpr, renderer: 'canvas', actions: false }).then(function (r) { views[id] = r.view; });
          });
        });
        return chain.then(function () { mark(sets); });
      });
      return prepared;
    }

    // the what-if's rows swapped in the drawn views; the run's too when another datastore of a
    // fleet is picked than the views hold
    function redraw() {
      var t0 = performance.now(), changes = whatIfChanges(drawn, baseline, latest, shownIds(), unit), sets = changes.sets, spent = ['rows:' + Math.round(performance.now() - t0)];
      // one view after another, each timed (root[data-chart-ms], the benchmark prints it)
      var chain = Promise.resolve();
      Object.keys(views).forEach(function (id) {
        chain = chain.then(function () {
          var v = views[id], t1 = performance.now();
          whatIfChangeView(v, sets[id], changes.all, vega.changeset);
          return v.runAsync().then(function () { spent.push(id + ':' + Math.round(performance.now() - t1)); });
        });
      });
      return chain.then(function () { mark(sets); root.setAttribute('data-chart-ms', spent.join(' ')); });
    }
    // redraws one after another (whatIfInTurn): a pick arriving while a move's redraw is still
    // swapping rows waits for it, and the last one asked for is the one shown
    var inTurn = whatIfInTurn();
    function redrawInTurn() { return inTurn(redraw); }

    // the what-if in the report's place (on), or the report as written
    function present(on) {
      // (style, not the hidden attribute: vega-embed's class sets display on the report's own element)
      Object.keys(boxes).forEach(function (id) { boxes[id].hidden = !on; own[id].style.display = on ? 'none' : ''; });
      keyBlock.forEach(function (k) {
        var dd = k[1], now = null;
        if (on) (latest || baseline).keyFigures.forEach(function (f) { if (f.label === k[0]) now = f.value; });
        dd.textContent = '';
        if (now === null || now === k[2]) { dd.className = ''; dd.textContent = k[2]; return; }
        dd.className = 'whatif-changed';
        var a = document.createElement('span'); a.className = 'whatif-now'; a.textContent = now;
        var b = document.createElement('span'); b.className = 'whatif-was'; b.textContent = ' (the run: ' + k[2] + ')';
        dd.appendChild(a); dd.appendChild(b);
      });
      root.setAttribute('data-showing', on ? '1' : '0');
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
        prepare().then(function () {
          root.setAttribute('data-state', 'ready');
          status('ready: move a control');
        }).catch(function (err) { fail('The what-if charts could not be drawn: ' + err.message); });
        return;
      }
      if (m.seq !== seq) return;
      var answered = performance.now() - movedAt;
      latest = m.out;
      command(m.out);
      figures();
      var on = Object.keys(touched).length > 0;
      prepare().then(function () { return on ? redrawInTurn() : null; }).then(function () {
        present(on);
        var ms = performance.now() - movedAt;
        busy = false;
        root.setAttribute('data-seq', String(m.seq));
        root.setAttribute('data-ms', ms.toFixed(1));
        root.setAttribute('data-sim-ms', m.ms.toFixed(1));
        root.setAttribute('data-answer-ms', answered.toFixed(1));
        root.setAttribute('data-state', queued ? 'running' : 'done');
        status('simulated in ' + Math.round(m.ms) + ' ms, drawn ' + Math.round(ms) + ' ms after the move');
        if (queued) send();
      }).catch(function (err) { busy = false; fail('The what-if charts could not be drawn: ' + err.message); });
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
    // another datastore picked in a fleet's detail, by its selector or a click on the overview
    // (charts' page.ts writes its name into #detail-name either way; a click sets the selector's
    // value without a change event): a shown what-if is redrawn for it
    var pick = $('detail-select'), picked = $('detail-name');
    var onPick = function () {
      if (latest && Object.keys(touched).length > 0) redrawInTurn().catch(function (err) { fail('The what-if charts could not be drawn: ' + err.message); });
    };
    if (data.fleet && picked) new MutationObserver(onPick).observe(picked, { childList: true, characterData: true, subtree: true });
    else if (data.fleet && pick) pick.addEventListener('change', onPick);
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
