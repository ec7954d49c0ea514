import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { runInThisContext } from 'node:vm'
import * as vega from 'vega'
import { EXPRESSIONS_SCRIPT, EXPRESSION_EVALUATOR } from './expressions.ts'
import { REVIVE } from './columns.ts'
const revive = runInThisContext(`(function(){ ${REVIVE}; return revive })()`)
const ours = runInThisContext(`(function (vega) {${EXPRESSIONS_SCRIPT}\nreturn ${EXPRESSION_EVALUATOR}; })`)(vega)
const html = readFileSync(process.argv[2]!, 'utf8')
const m = html.match(/<script type="application\/json" id="snapsim-data">([^<]*)<\/script>/)!
const data = revive(JSON.parse(gunzipSync(Buffer.from(JSON.parse(m[1]!), 'base64')).toString()))
const variants: Record<string, (s: any) => any> = {
  base: (s) => s,
  noToDate: (s) => { for (const d of s.data) if (d.transform) d.transform = d.transform.filter((t: any) => !(t.type === 'formula' && /^toDate\(/.test(t.expr))); return s },
  simpleTip: (s) => JSON.parse(JSON.stringify(s).replace(/isValid\(datum\[\\"(\w+)\\"\]\) \? isArray\(datum\[\\"\w+\\"\]\) \? join\(datum\[\\"\w+\\"\], '\\\\n'\) : datum\[\\"\w+\\"\] : \\"\\"\+datum\[\\"\w+\\"\]/g, 'datum[\\"$1\\"]')),
  noTip: (s) => JSON.parse(JSON.stringify(s), (k, v) => (k === 'tooltip' ? undefined : v)),
}
variants.both = (s) => variants.simpleTip!(variants.noToDate!(s))
const ids = (process.argv[3] ?? 'use,deltas,backups,states').split(',')
const tot: Record<string, number[]> = {}
for (let round = 0; round < 6; round++) for (const [name, f] of Object.entries(variants)) {
  let sum = 0
  for (const id of ids) {
    const spec = f(JSON.parse(JSON.stringify(data.specs[id])))
    const c0 = process.cpuUsage()
    const v = new vega.View(vega.parse(spec, undefined, { ast: true }), { renderer: 'none', expr: ours } as any)
    await v.runAsync()
    { const c = process.cpuUsage(c0); sum += (c.user + c.system) / 1000 }
    v.finalize()
  }
  if (round > 0) (tot[name] ??= []).push(sum)
}
for (const [k, v] of Object.entries(tot)) console.log(k.padEnd(10), v.map((x) => x.toFixed(0)).join(' '), 'min', Math.min(...v).toFixed(0))
