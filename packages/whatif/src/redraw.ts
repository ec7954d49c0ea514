// The what-if charts' rows and how a move swaps them into the views already drawn, as plain
// ES2020 text: the panel's page script includes it (page.ts), and redraw.test.ts runs the same
// text in Node, where it compares the views redrawn by changesets with views embedded fresh from
// the whole data (the slow twin of the changeset path). Pure functions of their arguments: no
// document, no worker; vega's `changeset` is passed in.
//
// whatIfDatasets(baseline, latest, ids, unit, whatIfOnly): every chart's datasets (specs.ts names
//   them: the run's own line in `use0`, the what-if's in `wuse0`, both runs' rows in the others,
//   marked by `run`), for the datastores `ids` (all of them, or a fleet's one picked in the
//   report's detail), fresh objects each time (vega keeps its own ids on them); with whatIfOnly
//   the run's rows are left out (they stay in the views).
// whatIfChanges(drawn, baseline, latest, ids, unit): what a redraw swaps in: the what-if's rows
//   alone while the views hold the run's rows of these datastores, else every row (another
//   datastore picked since they were drawn, even while no what-if was shown). `drawn.ids`
//   remembers which datastores' rows the views hold; whatIfDrawn sets it for the first embed.
// whatIfChangeView(view, set, all, changeset): one view's datasets swapped: a what-if's own
//   dataset (`w…`) whole, in one of both runs the what-if's rows, or with `all` every row; the
//   number of changesets applied.
// whatIfInTurn(): a runner of redraws one after another: each task starts when the one before
//   has ended (failed or not). A redraw swaps rows view by view across several turns of the
//   event loop; a fleet's pick arriving during a move's redraw would otherwise compute its
//   changes from rows still being swapped and leave a view with one datastore's run and
//   another's what-if.

export const REDRAW_SCRIPT = String.raw`function whatIfDatasets(baseline, latest, ids, unit, whatIfOnly) {
    var runs = [['what if', latest || baseline]];
    if (!whatIfOnly) runs.unshift(['the run', baseline]);
    var sets = { use: {}, deltas: {}, backups: { runs: [] }, states: { steps: [] } };
    ids.forEach(function (id, k) {
      var caps = [], full = [];
      runs.forEach(function (p) {
        var w = p[0] === 'what if' ? 'w' : '';
        p[1].series.forEach(function (s) {
          if (s.id !== id) return;
          var rows = [], deltas = [];
          for (var i = 0; i < s.t.length; i++) {
            rows.push({ t: s.t[i], used: s.used[i] / unit });
            deltas.push({ t: s.t[i], deltas: s.deltas[i] / unit });
          }
          sets.use[w + 'use' + k] = rows; sets.deltas[w + 'deltas' + k] = deltas;
          caps.push({ run: p[0], capacity: s.capacity / unit });
          if (s.fullAt !== null) full.push({ run: p[0], t: s.fullAt, row: w ? 16 : 2, label: p[0] + ': full ' + p[1].texts['full:' + id] });
        });
      });
      sets.use['cap' + k] = caps; sets.use['full' + k] = full;
    });
    runs.forEach(function (p) {
      var r = p[1].runs, s = p[1].stopped;
      for (var i = 0; i < r.job.length; i++) sets.backups.runs.push({ run: p[0], job: r.job[i], from: r.from[i], to: r.to[i], outcome: r.outcome[i] });
      for (i = 0; i < s.t.length; i++) sets.states.steps.push({ run: p[0], t: s.t[i], n: s.n[i] });
    });
    return sets;
  }
  function whatIfDrawn(drawn, ids) { drawn.ids = ids.join('\n'); }
  function whatIfChanges(drawn, baseline, latest, ids, unit) {
    var all = drawn.ids !== ids.join('\n');
    whatIfDrawn(drawn, ids);
    return { all: all, sets: whatIfDatasets(baseline, latest, ids, unit, !all) };
  }
  function whatIfChangeView(view, set, all, changeset) {
    var every = function () { return true; }, whatIfRows = function (d) { return d.run === 'what if'; };
    var names = Object.keys(set);
    names.forEach(function (name) {
      view.change(name, changeset().remove(all || name.charAt(0) === 'w' ? every : whatIfRows).insert(set[name]));
    });
    return names.length;
  }
  function whatIfInTurn() {
    var last = Promise.resolve();
    return function (task) {
      var next = last.then(task);
      last = next.catch(function () {});
      return next;
    };
  }`
