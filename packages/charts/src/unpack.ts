// The page scripts' one way to read embedded data (the report's parts, the what-if panel's):
// `unpack(id)` takes the element's text (a JSON string of base64 gzip, as `pack` writes it),
// gunzips it with the browser's DecompressionStream (no library) and parses the JSON; a promise
// of null when there is no such element. `unpack(id, true)`: the part's arrays of rows were
// packed as columns (the report's chart parts, `packRows`), and `revive` (columns.ts) restores
// them. Plain ES2020 as a string, inlined into each script.

import { REVIVE } from './columns.ts'

export const UNPACK_SCRIPT = String.raw`function unpack(id, rows) {
    var el = document.getElementById(id);
    if (!el) return Promise.resolve(null);
    var bin = atob(JSON.parse(el.textContent));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text().then(JSON.parse).then(rows ? revive : null);
  }
  ${REVIVE}`
