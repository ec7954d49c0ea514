// Regenerates the worked example of docs/import.md in docs/examples/rvtools-demo/: a small
// generated RVTools CSV export (12 VMs on 2 datastores, with a VM spanning both, a template,
// powered-off VMs, custom attributes and existing snapshots) and a change history of three
// VMs whose distinct daily change follows the model's law for known write rates.
//
//   pnpm tsx scripts/rvtools-demo.ts

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fakeEstate, fakeTables, rvDate, toCsv, type FakeOptions } from '../packages/import/src/fake-export.test-helpers.ts'
import { distinct } from '../packages/import/src/fit.ts'

const dir = fileURLToPath(new URL('../docs/examples/rvtools-demo/', import.meta.url))
const o: FakeOptions = { vms: 12, datastores: 2, attributes: true, vDatastore: true, vSnapshot: true, vMetaData: true, spanEvery: 5, template: true }
const estate = fakeEstate(o)
mkdirSync(join(dir, 'export'), { recursive: true })
for (const [name, table] of fakeTables(estate, o)) writeFileSync(join(dir, 'export', `RVTools_tab${name}.csv`), toCsv(table, { delimiter: ',', thousands: true }))

// Seven days of measured change for three VMs, from known daily write rates (MiB/s) and the
// regions the overlay gives them (footprint × disk).
const MiB = 2 ** 20
const DAY = 86_400
const measured: [string, number, number[]][] = [
  ['vm-00001', 0.2, [0.1, 0.12, 0.09, 0.15, 0.11, 0.03, 0.02]],
  ['vm-00005', 0.3, [0.05, 0.06, 0.045, 0.055, 0.07, 0.015, 0.01]],
  ['vm-00008', 0.3, [0.4, 0.55, 0.48, 0.6, 0.51, 0.15, 0.12]],
]
const rows = ['vm,date,changed bytes']
for (const [name, footprint, rates] of measured) {
  const vm = estate.vms.find((v) => v.name === name)!
  const region = footprint * vm.disks.reduce((s, d) => s + d[1], 0) * MiB
  rates.forEach((w, d) => rows.push(`${name},${rvDate(estate.exportedMs - (7 - d) * DAY * 1000).slice(0, 10)},${Math.round(distinct(w * MiB * DAY, region))}`))
}
writeFileSync(join(dir, 'changes.csv'), `${rows.join('\n')}\n`)
