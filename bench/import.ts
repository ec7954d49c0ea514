// `pnpm bench` section 5, one measurement per process: `generate N FILE` writes a generated
// RVTools workbook of N VMs as wide as a real export (packages/import's test generator);
// `measure FILE OUT` runs `snapsim import rvtools FILE --out OUT` in this process and prints its
// wall time, CPU time (user + system: the figure that does not depend on the machine's other
// work) and the process's peak RSS as JSON. Two processes, so the generator's memory is
// not counted against the import.

import { statSync } from 'node:fs'
import { fakeEstate, fakeTables, writeXlsx } from '../packages/import/src/fake-export.test-helpers.ts'

const [mode, a, b] = process.argv.slice(2)
if (mode === 'generate') {
  const vms = Number(a)
  const o = { vms, datastores: Math.max(2, Math.ceil(vms / 40)), attributes: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 25, template: true, wide: true }
  await writeXlsx(b!, fakeTables(fakeEstate(o), o))
  console.log(JSON.stringify({ vms, bytes: statSync(b!).size }))
} else if (mode === 'measure') {
  const { main } = await import('../packages/cli/src/program.ts')
  let err = ''
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const code = await main(['import', 'rvtools', a!, '--out', b!], { out: () => {}, err: (t) => (err += t) })
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  if (code !== 0) throw new Error(`import failed (${code}): ${err.slice(-500)}`)
  const summary = err.trim().split('\n').pop()!
  console.log(JSON.stringify({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMiB: process.resourceUsage().maxRSS / 1024, outBytes: statSync(b!).size, summary }))
} else {
  throw new Error('usage: import.ts generate N FILE | measure FILE OUT')
}
