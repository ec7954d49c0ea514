// The report's one page script (inline, allowed by its sha256 in the CSP). It unpacks the
// embedded data (gzip + base64, DecompressionStream: no library), draws the charts one after
// another in reading order (the fleet overview first), shows one datastore's detail at a time
// for a fleet (a click on the overview picks it), and fills the backup table and the event log
// as virtual tables: only the rows in view are in the DOM, however many there are, with a text
// filter, a type or outcome filter and sorting by a click on a column head.
//
// Plain ES2020 for the browser, kept as a string here (it is never run by Node).

import { UNPACK_SCRIPT } from './unpack.ts'

export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var ROW = 22;

  ${UNPACK_SCRIPT}

  // ---- formatting (the same words as the Node side: time.ts, units.ts) ----
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function wallOf(zone, t) {
    // zone: [[fromSecond, wallMinusSimMs], ...] ascending; t in simulated seconds
    var lo = 0, hi = zone.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (zone[mid][0] <= t) lo = mid; else hi = mid - 1; }
    return t * 1000 + zone[lo][1];
  }
  function fmtWall(ms) {
    var d = new Date(Math.round(ms / 60000) * 60000);
    return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes());
  }
  function fmtWallSec(ms) {
    var d = new Date(Math.round(ms / 1000) * 1000);
    return fmtWall(Math.floor(ms / 60000) * 60000) + ':' + pad(d.getUTCSeconds());
  }
  function fmtDuration(s) {
    s = Math.max(0, Math.round(s));
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.round(s / 60) + ' min';
    if (s < 86400) return Math.floor(s / 3600) + ' h ' + pad(Math.floor((s % 3600) / 60)) + ' min';
    return Math.floor(s / 86400) + ' d ' + pad(Math.floor((s % 86400) / 3600)) + ' h';
  }
  var UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  function fmtBytes(b) {
    var abs = Math.abs(b), k = 0;
    while (k < UNITS.length - 1 && abs >= Math.pow(1024, k + 1)) k++;
    var v = abs / Math.pow(1024, k);
    var digits = k === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
    return (b < 0 ? '-' : '') + Number(v.toFixed(digits)) + ' ' + UNITS[k];
  }

  // ---- charts ----
  var views = Object.create(null);
  function draw(id, spec) {
    var el = document.getElementById('chart-' + id);
    if (!el || !spec) return Promise.resolve(null);
    // window.snapsimViews: every drawn view, for the narration's time marks (narration.ts)
    var all = window.snapsimViews = window.snapsimViews || [];
    if (views[id]) { all.splice(all.indexOf(views[id]), 1); views[id].finalize(); delete views[id]; }
    el.textContent = '';
    // window.snapsimTimes: milliseconds each chart took to draw (the report bench prints them)
    var times = window.snapsimTimes = window.snapsimTimes || {}, t0 = performance.now();
    // a chart with thousands of marks is drawn on a canvas (usermeta.canvas, set by backups.ts):
    // as SVG every bar would be a DOM element
    var renderer = spec.usermeta && spec.usermeta.canvas ? 'canvas' : 'svg';
    // ast + expr: the expressions are evaluated from their syntax trees, by the report's own
    // evaluator (the CSP has no 'unsafe-eval'; expressions.ts)
    return vegaEmbed(el, spec, { ast: true, expr: snapsimExpr, renderer: renderer, actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function (r) { views[id] = r.view; all.push(r.view); el.setAttribute('data-drawn', '1'); times[id] = Math.round(performance.now() - t0); return r.view; })
      .catch(function (e) { el.textContent = 'This chart could not be drawn: ' + e.message; });
  }

  // the entry of a vega spec's list (data, scales) with this name
  function named(list, name) {
    for (var k = 0; k < list.length; k++) if (list[k].name === name) return list[k];
    throw new Error('the chart has no ' + name);
  }

  // one datastore's detail at a time: a pick while another is still drawing waits for it, and
  // only the last pick is drawn (two embeds into one element at once could end in either order)
  var wanted = null, drawing = null;
  // a datastore's detail specs, unpacked from their own element the first time it is picked
  var details = Object.create(null);
  function detailOf(data, id) {
    var k = data.detail.order.indexOf(id);
    if (!(id in details)) details[id] = unpack('snapsim-detail-' + k, true);
    return details[id];
  }
  function pickDatastore(data, id) {
    var d = data.detail;
    if (!d || d.order.indexOf(id) < 0) return Promise.resolve();
    wanted = id;
    var label = document.getElementById('detail-name');
    if (label) label.textContent = id;
    var select = document.getElementById('detail-select');
    if (select) select.value = id;
    if (!drawing) drawing = drawWanted(data);
    return drawing;
  }
  function drawWanted(data) {
    var id = wanted;
    return detailOf(data, id).then(function (d) {
      return draw('use', d.use).then(function () { return draw('deltas', d.deltas); });
    }).then(function () {
      if (wanted !== id) return drawWanted(data);
      drawing = null;
    });
  }

  function drawAll(data) {
    var order = data.order;
    var chain = Promise.resolve();
    order.forEach(function (id) {
      chain = chain.then(function () {
        if (id === 'use' && data.detail) return pickDatastore(data, data.detail.order[0]);
        if (id === 'deltas' && data.detail) return null;
        return draw(id, data.specs[id]).then(function (view) {
          if (id === 'backups' && view && data.specs.drill) {
            view.addEventListener('click', function (event, item) {
              var job = item && item.datum && (item.datum.job || (item.datum.datum && item.datum.datum.job));
              var at = clickedTime(view, event, item);
              if (typeof job === 'string') tablesReady.then(function (t) { return drill(data, t.backupColumns, job, at); });
            });
          }
          if (id === 'overview' && view && data.detail) {
            view.addEventListener('click', function (event, item) {
              // every item of the overview carries its datastore: a cell's frame (over its
              // area), its title, its rules (overview.ts)
              var ds = item && item.datum && typeof item.datum.ds === 'string' ? item.datum.ds : null;
              if (ds) pickDatastore(data, ds).then(function () {
                document.getElementById('detail').scrollIntoView({ behavior: 'smooth' });
              });
            });
          }
        });
      });
    });
    return chain.then(function () { document.body.setAttribute('data-charts-drawn', String(performance.now())); });
  }

  // ---- drill-down from a job lane to its VMs (drilldown.ts): rows from the table's columns ----
  // the wall-clock time under a click on a time chart: a bar's middle, else the x scale at the
  // pointer (null when neither is known)
  function clickedTime(view, event, item) {
    var d = item && item.datum && (item.datum.datum || item.datum);
    if (d && typeof d.x === 'number' && typeof d.x2 === 'number') return (d.x + d.x2) / 2;
    var el = view.container() && view.container().querySelector('canvas, svg');
    if (!el || !event || typeof event.clientX !== 'number') return null;
    var at = +view.scale('x').invert(event.clientX - el.getBoundingClientRect().left - view.origin()[0]);
    return isFinite(at) ? at : null;
  }
  // The drill-down opens on one run, not the whole run: a year of nightly tasks over 900 px are
  // hairlines. The run nearest the clicked time (its first start to its last end, a margin on
  // either side) frames the x axis, and a bar narrower than MIN_PX there is drawn MIN_PX wide
  // (its tooltip keeps its times); zooming out (wheel, drag) shows the other runs.
  function drillWindow(rows, at) {
    var runs = Object.create(null), best = null, bestD = Infinity;
    rows.forEach(function (r) {
      var s = runs[r.run] || (runs[r.run] = { run: r.run, from: r.x, to: r.x2 });
      if (r.x < s.from) s.from = r.x;
      if (r.x2 > s.to) s.to = r.x2;
    });
    for (var k in runs) {
      var s = runs[k], dist = at === null ? s.run : at < s.from ? s.from - at : at > s.to ? at - s.to : 0;
      if (dist < bestD || (dist === bestD && s.run < best.run)) { best = s; bestD = dist; }
    }
    if (!best) return null;
    var pad = Math.max(15 * 60000, (best.to - best.from) * 0.05);
    return { run: best.run, from: best.from, to: best.to, lo: best.from - pad, hi: best.to + pad };
  }
  function drill(data, t, job, at) {
    var c = t.cols, ji = t.jobs.indexOf(job), meta = data.specs.drill.usermeta, DRILL_MAX = meta.maxVms;
    if (ji < 0) return;
    var out = t.outcomes, FLAGS = ['overlapped its predecessor', 'missed its window', 'left its snapshot behind'];
    var horizonWall = wallOf(data.zone, data.horizon);
    var tasks = [], trouble = Object.create(null), seen = Object.create(null), vms = [];
    for (var i = 0; i < c.job.length; i++) {
      if (c.job[i] !== ji) continue;
      tasks.push(i);
      var vm = c.vm[i];
      if (!seen[vm]) { seen[vm] = true; vms.push(vm); }
      if (out[c.outcome[i]] !== 'success' || (c.flags[i] & 7)) trouble[vm] = true;
    }
    // VMs with trouble first, then by name; at most DRILL_MAX rows
    vms.sort(function (a, b) { return (trouble[b] ? 1 : 0) - (trouble[a] ? 1 : 0) || (t.vms[a] < t.vms[b] ? -1 : t.vms[a] > t.vms[b] ? 1 : 0); });
    var shown = Object.create(null);
    vms.slice(0, DRILL_MAX).forEach(function (vm, k) { shown[vm] = k; });
    function wall(m) { return (t.base + m) * 60000; }
    var rows = [];
    tasks.forEach(function (i) {
      if (!(c.vm[i] in shown)) return;
      var started = c.wait[i] !== null, from = started ? c.fired[i] + c.wait[i] : c.fired[i];
      var x = wall(from), x2 = c.span[i] !== null ? wall(from + c.span[i]) : (started ? horizonWall : x);
      var notes = []; for (var k = 0; k < 3; k++) if (c.flags[i] & (1 << k)) notes.push(FLAGS[k]);
      rows.push({
        vm: t.vms[c.vm[i]], order: shown[c.vm[i]], run: c.run[i], started: started, x: x, x2: x2,
        outcome: out[c.outcome[i]], overlapped: (c.flags[i] & 1) === 1, chain: c.chain[i],
        depthLabel: c.chain[i] >= 2 ? '\u00d7' + c.chain[i] : '',
        start: started ? fmtWall(x) : 'never started (fired ' + fmtWall(x) + ')',
        end: c.span[i] !== null ? fmtWall(x2) : (started ? 'unfinished at the horizon' : '\u2013'),
        duration: c.dur[i] === null ? '\u2013' : fmtDuration(c.dur[i]), note: notes.join(', ')
      });
    });
    // the drill-down's vega spec (compiled when the report was written): its x scale, its
    // title and its empty dataset are set here
    var spec = JSON.parse(JSON.stringify(data.specs.drill));
    var w = drillWindow(rows, at), shownRun = '';
    if (w) {
      var x = named(spec.scales, 'x'), minMs = (w.hi - w.lo) * meta.minPx / spec.width;
      x.domainMin = w.lo;
      x.domainMax = w.hi;
      rows.forEach(function (r) { if (r.started && r.x2 - r.x < minMs) r.x2 = r.x + minMs; });
      shownRun = '; shown: run ' + w.run + ' (' + fmtWall(w.from) + ' \u2013 ' + fmtWall(w.to) + '), the run at the clicked time; scroll or drag on the chart for the others';
      spec.title.text = 'VMs of job ' + job + ', run ' + w.run;
    } else spec.title.text = 'VMs of job ' + job;
    named(spec.data, meta.data).values = rows;
    if (rows.length > meta.canvasMarks) spec.usermeta.canvas = true;
    document.getElementById('drill-name').textContent = job;
    document.getElementById('drill-note').textContent = vms.length + ' VMs, ' + tasks.length + ' tasks' + (vms.length > DRILL_MAX ? '; the ' + DRILL_MAX + ' shown are those with trouble first, the table below lists every task' : '') + shownRun;
    var section = document.getElementById('drill');
    section.hidden = false;
    return draw('drill', spec).then(function () { section.scrollIntoView({ behavior: 'smooth' }); });
  }

  // ---- virtual tables ----
  function VTable(opts) {
    // opts: root id, columns [{name, num, cell(i) -> text, key(i) -> number|string}], n, rowClass(i), hay(i), kind(i)
    var root = document.getElementById(opts.root);
    var scroll = root.querySelector('.vscroll');
    var table = root.querySelector('table');
    var thead = table.querySelector('thead');
    var tbody = table.querySelector('tbody');
    var text = root.querySelector('input[type=search]');
    var kind = root.querySelector('select');
    var count = root.querySelector('.vcount');
    // opts.order: the rows' first order (default as given)
    var all = opts.order || new Int32Array(opts.n);
    if (!opts.order) for (var i = 0; i < opts.n; i++) all[i] = i;
    var rows = all, sortCol = -1, sortDir = 1, hay = null;
    var tr = document.createElement('tr');
    opts.columns.forEach(function (c, k) {
      var th = document.createElement('th');
      th.textContent = c.name;
      if (c.width) th.style.width = c.width;
      th.title = 'sort by ' + c.name;
      th.addEventListener('click', function () {
        sortDir = sortCol === k ? -sortDir : 1;
        sortCol = k;
        Array.prototype.forEach.call(tr.children, function (h, j) { h.setAttribute('aria-sort', j === k ? (sortDir > 0 ? 'ascending' : 'descending') : 'none'); });
        apply();
      });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    function apply() {
      var q = text ? text.value.trim().toLowerCase() : '', t = kind ? kind.value : '';
      if (q && !hay) { hay = new Array(opts.n); for (var i = 0; i < opts.n; i++) hay[i] = opts.hay(i).toLowerCase(); }
      // no filter: a copy of the first order (a typed array when it is one: pushing millions of
      // rows one by one into an array grew and copied it again and again)
      var out = t || q ? [] : all.slice();
      if (t || q) for (var a = 0; a < opts.n; a++) {
        var j = all[a];
        if (t && opts.kind(j) !== t) continue;
        if (q && hay[j].indexOf(q) < 0) continue;
        out.push(j);
      }
      if (sortCol >= 0) {
        var key = opts.columns[sortCol].key;
        var rank = new Int32Array(opts.n);
        for (var p = 0; p < opts.n; p++) rank[all[p]] = p;
        out.sort(function (a, b) { var x = key(a), y = key(b); return x === y ? rank[a] - rank[b] : (x < y ? -1 : 1) * sortDir; });
      }
      rows = out;
      count.textContent = rows.length + ' of ' + opts.n + ' ' + opts.noun + ' shown';
      render();
    }
    function render() {
      var first = Math.max(0, Math.floor(scroll.scrollTop / ROW) - 5);
      var last = Math.min(rows.length, first + Math.ceil(scroll.clientHeight / ROW) + 10);
      var html = document.createDocumentFragment();
      function pad(h) { var p = document.createElement('tr'); p.className = 'vpad'; p.style.height = h + 'px'; return p; }
      if (first > 0) html.appendChild(pad(first * ROW));
      for (var r = first; r < last; r++) {
        var i = rows[r];
        var row = document.createElement('tr');
        var cls = opts.rowClass ? opts.rowClass(i) : '';
        if (cls) row.className = cls;
        if (opts.kind) row.setAttribute('data-type', opts.kind(i));
        for (var c = 0; c < opts.columns.length; c++) {
          var td = document.createElement('td');
          td.textContent = opts.columns[c].cell(i);
          if (opts.columns[c].num) td.className = 'num';
          row.appendChild(td);
        }
        html.appendChild(row);
      }
      if (last < rows.length) html.appendChild(pad((rows.length - last) * ROW));
      tbody.textContent = '';
      tbody.appendChild(html);
    }
    scroll.addEventListener('scroll', function () { window.requestAnimationFrame(render); });
    if (text) text.addEventListener('input', apply);
    if (kind) kind.addEventListener('change', apply);
    apply();
    return { apply: apply, filter: function (s) { if (text) { text.value = s; apply(); } } };
  }

  function backupTable(t) {
    // times are wall-clock minutes (report.ts backupColumns): fired since t.base, start after
    // the fire, end after the start; null where there is none
    var c = t.cols, out = t.outcomes;
    function minute(m) { var d = new Date((t.base + m) * 60000); return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()); }
    function startKey(i) { return c.wait[i] === null ? -1 : c.fired[i] + c.wait[i]; }
    function endKey(i) { return c.span[i] === null ? Infinity : startKey(i) + c.span[i]; }
    var FLAGS = ['overlapped', 'missed window', 'orphaned snapshot', 'incremental'];
    function notes(i) { var f = c.flags[i], s = []; for (var k = 0; k < 4; k++) if (f & (1 << k)) s.push(FLAGS[k]); return s.join(', '); }
    function start(i) { return c.wait[i] === null ? '–' : minute(startKey(i)); }
    function end(i) { return c.span[i] === null ? (c.wait[i] === null ? '–' : 'unfinished') : minute(endKey(i)); }
    function dur(i) { return c.dur[i] === null ? -1 : c.dur[i]; }
    function read(i) { return c.toRead[i] - c.unread[i]; }
    function reason(i) { return c.reason[i] < 0 ? '' : t.reasons[c.reason[i]]; }
    // the rows come VM by VM; listed by fire time (stable: VM order within one minute)
    var n = c.job.length, maxFired = 0;
    for (var i = 0; i < n; i++) if (c.fired[i] > maxFired) maxFired = c.fired[i];
    var at = new Int32Array(maxFired + 2);
    for (i = 0; i < n; i++) at[c.fired[i] + 1]++;
    for (i = 1; i < at.length; i++) at[i] += at[i - 1];
    var order = new Int32Array(n);
    for (i = 0; i < n; i++) order[at[c.fired[i]]++] = i;
    return VTable({
      root: 'backups-table', n: n, noun: 'tasks', order: order,
      columns: [
        { name: 'job', width: '8%', cell: function (i) { return t.jobs[c.job[i]]; }, key: function (i) { return t.jobs[c.job[i]]; } },
        { name: 'run', width: '4%', num: true, cell: function (i) { return String(c.run[i]); }, key: function (i) { return c.run[i]; } },
        { name: 'VM', width: '8%', cell: function (i) { return t.vms[c.vm[i]]; }, key: function (i) { return t.vms[c.vm[i]]; } },
        { name: 'fired', width: '11%', cell: function (i) { return minute(c.fired[i]); }, key: function (i) { return c.fired[i]; } },
        { name: 'start', width: '11%', cell: start, key: startKey },
        { name: 'end', width: '11%', cell: end, key: endKey },
        { name: 'duration', width: '7%', num: true, cell: function (i) { var d = dur(i); return d < 0 ? '–' : fmtDuration(d); }, key: dur },
        { name: 'read / to read', width: '12%', num: true, cell: function (i) { return fmtBytes(read(i)) + ' / ' + fmtBytes(c.toRead[i]); }, key: read },
        { name: 'outcome', width: '7%', cell: function (i) { return out[c.outcome[i]]; }, key: function (i) { return out[c.outcome[i]]; } },
        { name: 'chain', width: '4%', num: true, cell: function (i) { return String(c.chain[i]); }, key: function (i) { return c.chain[i]; } },
        { name: 'notes', width: '8%', cell: notes, key: notes },
        { name: 'reason', width: '7%', cell: reason, key: reason }
      ],
      rowClass: function (i) { return out[c.outcome[i]] !== 'success' || (c.flags[i] & 3) ? 'bad' : ''; },
      kind: function (i) { return out[c.outcome[i]]; },
      hay: function (i) { return t.jobs[c.job[i]] + ' ' + t.vms[c.vm[i]] + ' ' + out[c.outcome[i]] + ' ' + notes(i) + ' ' + reason(i) + ' run ' + c.run[i]; }
    });
  }

  function logTable(l, zone) {
    return VTable({
      root: 'log-table', n: l.t.length, noun: 'events',
      columns: [
        { name: 'time', width: '14%', cell: function (i) { return fmtWallSec(wallOf(zone, l.t[i])); }, key: function (i) { return l.t[i]; } },
        { name: 'type', width: '14%', cell: function (i) { return l.types[l.type[i]]; }, key: function (i) { return l.types[l.type[i]]; } },
        { name: 'subject', width: '18%', cell: function (i) { return l.subject[i]; }, key: function (i) { return l.subject[i]; } },
        { name: 'details', width: '54%', cell: function (i) { return l.detail[i]; }, key: function (i) { return l.detail[i]; } }
      ],
      kind: function (i) { return l.types[l.type[i]]; },
      hay: function (i) { return l.types[l.type[i]] + ' ' + l.subject[i] + ' ' + l.detail[i]; }
    });
  }

  // the tables are unpacked and built after the charts are drawn: they are below the charts,
  // and building them took 0.1-0.25 s even for the BSI growth report (11,493 log entries;
  // bench/report.ts stepsMs.tables); body[data-tables-ready] marks them built. The backup
  // tasks come in pieces of rows (pieces.ts), one parsed per task: the page keeps answering
  var started = performance.now(), tablesDone, tablesReady = new Promise(function (resolve) { tablesDone = resolve; });
  function buildTables(data) {
    var t0 = performance.now();
    return Promise.all([unpackPieces('snapsim-table'), unpack('snapsim-log')]).then(function (parts) {
      var tables = { backupColumns: parts[0] };
      if (parts[0]) tables.backups = backupTable(parts[0]);
      if (parts[1]) tables.log = logTable(parts[1], data.zone);
      window.snapsimTables = tables;
      window.snapsimTimes.tables = Math.round(performance.now() - t0);
      document.body.setAttribute('data-tables-ready', String(performance.now()));
      tablesDone(tables);
    });
  }
  unpack('snapsim-data', true).then(function (data) {
    if (!data) return;
    window.snapsimTimes = { unpack: Math.round(performance.now() - started) };
    var select = document.getElementById('detail-select');
    if (select) select.addEventListener('change', function () { pickDatastore(data, select.value); });
    return drawAll(data).then(function () { return buildTables(data); });
  }).catch(function (e) {
    document.body.setAttribute('data-error', e.message);
    var el = document.getElementById('charts-error');
    if (el) el.textContent = 'The report data could not be read: ' + e.message;
  });
})();`
