// The page scripts' one way to read embedded data (the report's parts, the what-if panel's):
// `unpack(id)` takes the element's text (a JSON string of base64 gzip, as `pack` writes it),
// gunzips it with the browser's DecompressionStream (no library) and parses the JSON; a promise
// of null when there is no such element. `unpack(id, true)`: the part's arrays of rows were
// packed as columns (the report's chart parts, `packRows`), and `revive` (columns.ts) restores
// them. Plain ES2020 as a string, inlined into each script.
//
// `inflate(bytes)` reads the gunzipped stream chunk by chunk, joins the chunks once and decodes
// them as UTF-8 in one call. `new Response(stream).text()` gives the same text (unpack.test.ts
// checks both on generated data, multi-byte characters split across chunks included) but took
// twice as long in Chromium 156: 682-717 ms against 327-363 ms for the 21 MB backup table of a
// 1,000-VM year, 324 chunks (docs/performance.md). Same decoding: UTF-8, a bad byte becomes
// U+FFFD, a leading byte-order mark is dropped. `unpackPieces(id)`: a table packed in pieces of
// rows (pieces.ts), joined back.

import { REVIVE } from './columns.ts'

export const UNPACK_SCRIPT = String.raw`function inflate(bytes) {
    var reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
    var chunks = [], size = 0;
    function next(r) {
      if (!r.done) { chunks.push(r.value); size += r.value.length; return reader.read().then(next); }
      var all = new Uint8Array(size), at = 0;
      for (var k = 0; k < chunks.length; k++) { all.set(chunks[k], at); at += chunks[k].length; }
      return new TextDecoder().decode(all);
    }
    return reader.read().then(next);
  }
  function unpack(id, rows) {
    var el = document.getElementById(id);
    if (!el) return Promise.resolve(null);
    var bin = atob(JSON.parse(el.textContent));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return inflate(bytes).then(JSON.parse).then(rows ? revive : null);
  }
  // a table packed in pieces (pieces.ts): the first part, then 'ID-1', 'ID-2', … each unpacked
  // in its own turn of the event loop; then each column joined once, one column per turn (one
  // concat: pushing row by row into a column of millions grew and copied it again and again)
  function unpackPieces(id) {
    return unpack(id).then(function (table) {
      if (!table || !(table.pieces > 1)) return table;
      var names = Object.keys(table.cols), rest = [], k = 1, c = 0;
      function turn() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
      function join() {
        if (c >= names.length) { delete table.pieces; return table; }
        var name = names[c++], first = table.cols[name];
        table.cols[name] = first.concat.apply(first, rest.map(function (p) { return p[name]; }));
        return turn().then(join);
      }
      function next() {
        if (k >= table.pieces) return join();
        return turn().then(function () { return unpack(id + '-' + k++); }).then(function (piece) {
          if (!piece) throw new Error('the table misses its piece ' + (k - 1));
          rest.push(piece.cols);
          return next();
        });
      }
      return next();
    });
  }
  ${REVIVE}`
