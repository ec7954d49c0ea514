// RVTools export → scenario: read the tabs, join disks and snapshots to their VMs, place each
// VM's parts on datastores, plan the datastores, apply the overlay, write the YAML. Nothing here
// reads files (read.ts does), so tests feed it sheets built in memory.

import { basename } from 'node:path'
import { datastoreSettings, emptyOverlay, vmSettings, type Overlay } from './overlay.ts'
import { placeVm, MiB, type VmPart } from './placement.ts'
import { planDatastores, type PlannedDatastore } from './datastores.ts'
import { VmIndex } from './joins.ts'
import { readExport, type DiskRecord, type SnapshotRecord, type VmRecord } from './rvtools.ts'
import { writeScenarioText, type Entry } from './scenario-writer.ts'
import { IssueLog, type ImportIssue, type Sheet } from './sheet.ts'
import { durationText, flow, rateText, scaleRate, sizeText } from './values.ts'
import { parseRate } from '@snapsim/scenario'

export type TemplatePolicy = 'skip' | 'keep'
/** keep: imported without writes; skip: left out (their space is otherData); running: as if on. */
export type PoweredOffPolicy = 'keep' | 'skip' | 'running'

export interface RvtoolsOptions {
  /** Name of the export for comments (`export.xlsx`). */
  readonly source: string
  readonly templates?: TemplatePolicy
  readonly poweredOff?: PoweredOffPolicy
  /** Capacity of datastores not in vDatastore, bytes. */
  readonly capacity?: number
  /** Default write rate of a VM (scenario rate text), to review. */
  readonly writeRate?: string
  /** Default footprint (scenario share text), to review. */
  readonly footprint?: string
  /** Datastore of disks with no `[datastore]` anywhere. */
  readonly fallbackDatastore?: string
  /** Wall-clock ms of the export, when vMetaData does not say (snapshot ages are measured to it). */
  readonly exportedMs?: number
  readonly overlay?: Overlay
}

export interface RvtoolsImport {
  readonly yaml: string
  readonly issues: readonly ImportIssue[]
  readonly parts: readonly VmPart[]
  readonly datastores: readonly PlannedDatastore[]
  readonly counts: { vms: number; parts: number; templates: number; poweredOff: number; skipped: number; snapshots: number; consolidationNeeded: number }
}

export const DEFAULT_WRITE_RATE = '0.5 MiB/s'
export const DEFAULT_FOOTPRINT = '100%'
export const DEFAULT_HORIZON = '30d'
export const DEFAULT_JOB = '{ id: "nightly", vms: "*", schedule: "0 22 * * *", type: incremental, streamThroughput: 100 MiB/s }'

const pad = (n: number) => String(n).padStart(2, '0')
/** `2026-11-30T14:05` from wall-clock ms. */
const wallText = (ms: number) => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
const days = (s: number) => `${(s / 86_400).toFixed(1)} d`

/** VM names that appear twice (two vCenters) become `name~2`, `name~3` in order. */
function uniqueIds(vms: readonly VmRecord[], log: IssueLog): string[] {
  const seen = new Map<string, number>()
  return vms.map((vm) => {
    const n = (seen.get(vm.name) ?? 0) + 1
    seen.set(vm.name, n)
    if (n === 1) return vm.name
    log.warn('vInfo', vm.row, 'VM', `VM name ${JSON.stringify(vm.name)} appears ${n} times; this one is ${JSON.stringify(`${vm.name}~${n}`)}`)
    return `${vm.name}~${n}`
  })
}

export function importRvtools(sheets: readonly Sheet[], opts: RvtoolsOptions): RvtoolsImport {
  const log = new IssueLog()
  const overlay = opts.overlay ?? emptyOverlay
  const ex = readExport(sheets, log)
  const index = new VmIndex(ex.vms)
  const disksOf = new Map<VmRecord, DiskRecord[]>()
  const snapsOf = new Map<VmRecord, SnapshotRecord[]>()
  for (const d of ex.disks) {
    const hit = index.find(d)
    if (!hit) log.warn('vDisk', d.row, 'VM', `disk of VM ${JSON.stringify(d.name || d.id)} matches no vInfo row (by VM ID, VM UUID or VM + VI SDK Server); skipped`)
    else (disksOf.get(hit.vm) ?? disksOf.set(hit.vm, []).get(hit.vm)!).push(d)
  }
  for (const s of ex.snapshots ?? []) {
    const hit = index.find(s)
    if (!hit) log.warn('vSnapshot', s.row, 'VM', `snapshot of VM ${JSON.stringify(s.name || s.id)} matches no vInfo row; skipped`)
    else (snapsOf.get(hit.vm) ?? snapsOf.set(hit.vm, []).get(hit.vm)!).push(s)
  }
  const nowMs = ex.exportedMs ?? opts.exportedMs
  if ((ex.snapshots?.length ?? 0) > 0 && nowMs === undefined) log.warn('vMetaData', 0, 'xlsx creation datetime', 'the export time is unknown (no vMetaData tab): existing snapshots are counted in otherData; give --exported-at to model them')
  if (nowMs !== undefined) for (const s of ex.snapshots ?? []) if (s.takenMs > nowMs + 60_000) log.warn('vSnapshot', s.row, 'Date / time', 'snapshot dated after the export; age taken as 0')

  const templates = opts.templates ?? 'skip'
  const poweredOff = opts.poweredOff ?? 'keep'
  const counts = { vms: 0, parts: 0, templates: 0, poweredOff: 0, skipped: 0, snapshots: 0, consolidationNeeded: 0 }
  const ids = uniqueIds(ex.vms, log)
  const parts: VmPart[] = []
  const settingsOf = new Map<VmPart, { set: Map<string, unknown>; off: boolean }>()
  ex.vms.forEach((vm, i) => {
    if (vm.template) counts.templates++
    const off = vm.template || vm.powerState.toLowerCase() !== 'poweredon'
    if (vm.template && templates === 'skip') return void counts.skipped++
    if (!vm.template && off) counts.poweredOff++
    if (!vm.template && off && poweredOff === 'skip') return void counts.skipped++
    const s = vmSettings(overlay, vm)
    if (s.skip) return void counts.skipped++
    if (vm.consolidationNeeded) {
      counts.consolidationNeeded++
      log.warn('vInfo', vm.row, 'Consolidation Needed', `VM ${JSON.stringify(vm.name)} needs consolidation: a snapshot removal left delta files behind (G 4.78)`)
    }
    const vmParts = placeVm(ids[i]!, vm, disksOf.get(vm) ?? [], snapsOf.get(vm) ?? [], { fallbackDatastore: opts.fallbackDatastore ?? 'unplaced', nowMs }, log)
    if (vmParts.length === 0) return void counts.skipped++
    counts.vms++
    counts.snapshots += (snapsOf.get(vm) ?? []).length
    for (const p of vmParts) {
      parts.push(p)
      settingsOf.set(p, { set: s.set, off: off && poweredOff !== 'running' })
    }
  })
  counts.parts = parts.length
  if (parts.length === 0) log.error('vInfo', 0, '', 'no VM could be imported')

  const capacityFlag = opts.capacity
  const planned = planDatastores(parts, ex.datastores, capacityFlag, log)
  // Overlay datastore rules: a capacity for derived datastores, any other key for all.
  const dsEntries: Entry[] = planned.map((d) => {
    const set = datastoreSettings(overlay, d.id, d.cluster)
    const fields: [string, string][] = [['id', flow(d.id)]]
    const notes: string[] = []
    if (set.has('capacity') && d.capacitySource !== 'vDatastore') {
      fields.push(['capacity', flow(set.get('capacity'))])
      d.capacitySource = 'overlay'
      notes.push('capacity from the overlay')
    } else {
      fields.push(['capacity', sizeText(d.capacityBytes)])
      if (set.has('capacity')) notes.push('overlay capacity ignored: vDatastore gives it')
    }
    if (set.has('otherData')) {
      fields.push(['otherData', flow(set.get('otherData'))])
      notes.push('otherData from the overlay')
    } else fields.push(['otherData', sizeText(d.otherDataBytes)])
    for (const [k, v] of set) if (k !== 'capacity' && k !== 'otherData') fields.push([k, flow(v)])
    const origin =
      d.capacitySource === 'vDatastore'
        ? `vDatastore row ${d.row}: In Use ${(d.inUseBytes! / MiB).toFixed(0)} MiB, imported VMs ${(d.vmBytes / MiB).toFixed(0)} MiB, the rest is otherData`
        : d.capacitySource === 'overlay'
          ? 'derived from disk paths'
          : `derived from disk paths; ${d.notes[0]}`
    return { fields, comment: [origin, ...notes, ...d.notes.filter((n) => d.capacitySource === 'vDatastore' || n !== d.notes[0])].join('; ') }
  })

  const defaults = new Set<string>()
  const vmEntries: Entry[] = parts.map((p) => {
    const { set, off } = settingsOf.get(p)!
    const fields: [string, string][] = [
      ['id', flow(p.id)],
      ['datastore', flow(p.datastore)],
      ['disk', sizeText(p.diskBytes)],
      ['used', sizeText(p.usedBytes)],
      ['provisioning', p.provisioning],
    ]
    const review: string[] = []
    if (off) fields.push(['writeRate', '0 MiB/s'])
    else if (set.has('writeRate')) fields.push(['writeRate', flow(scaleRate(set.get('writeRate'), p.share))])
    else {
      fields.push(['writeRate', p.share === 1 ? (opts.writeRate ?? DEFAULT_WRITE_RATE) : rateText(parseRate(opts.writeRate ?? DEFAULT_WRITE_RATE) * p.share)])
      review.push('writeRate')
    }
    if (set.has('footprint')) fields.push(['footprint', flow(set.get('footprint'))])
    else {
      fields.push(['footprint', opts.footprint ?? DEFAULT_FOOTPRINT])
      if (!off) review.push('footprint')
    }
    if (p.snapshots.length > 0) fields.push(['snapshots', `[${p.snapshots.map((s) => `{ size: ${sizeText(s.bytes)}, age: ${durationText(s.ageSeconds)} }`).join(', ')}]`])
    if (set.has('dataGrowth')) fields.push(['dataGrowth', flow(scaleRate(set.get('dataGrowth'), p.share))])
    if (set.has('dailyProfile')) fields.push(['dailyProfile', flow(set.get('dailyProfile'))])
    for (const r of review) defaults.add(r)
    const notes = [`vInfo row ${p.vm.row}`]
    if (p.id !== p.vm.name) notes.push(`part of VM ${JSON.stringify(p.vm.name)}: ${p.disks} disk(s), ${(p.share * 100).toFixed(1)} % of its capacity`)
    if (off) notes.push(p.vm.template ? 'template, no writes' : `${p.vm.powerState || 'not powered on'}, no writes`)
    if (p.vm.consolidationNeeded) notes.push('CONSOLIDATION NEEDED')
    if (p.snapshots.length > 0)
      notes.push(`existing snapshots: ${p.snapshots.map((s) => `${JSON.stringify(s.label)} ${days(s.ageSeconds)} old (vSnapshot row ${s.row})`).join(', ')}`)
    if (review.length > 0) notes.push(`${review.join(', ')}: default, review`)
    return { fields, comment: notes.join('; ') }
  })

  const top: [string, string, string][] = []
  const sc = overlay.scenario
  const topValue = (key: string, fallback: string | undefined, comment: string) => {
    if (sc.has(key)) top.push([key, flow(sc.get(key)), 'from the overlay'])
    else if (fallback !== undefined) top.push([key, fallback, comment])
  }
  topValue('name', flow(`Imported from ${basename(opts.source)}`), '')
  topValue('description', undefined, '')
  topValue('start', nowMs !== undefined ? flow(wallText(nowMs)) : undefined, ex.exportedMs !== undefined ? 'the export time (vMetaData)' : 'the export time (--exported-at)')
  topValue('timezone', undefined, '')
  topValue('horizon', DEFAULT_HORIZON, 'default, review')
  topValue('seed', undefined, '')
  topValue('platform', 'vmware-vmfs6', 'RVTools exports vSphere')
  const blocks: [string, string, string][] = []
  for (const key of ['profiles', 'jobs', 'policies', 'expect']) {
    const text = overlay.passthrough.get(key)
    if (text !== undefined) blocks.push([key, text, `${key}: from the overlay ${basename(overlay.file)}`])
    else if (key === 'jobs' && parts.length > 0) blocks.push([key, `- ${DEFAULT_JOB}`, 'jobs: default, review (the export has no backup schedule; give jobs in the overlay)'])
  }
  const header = [
    `Imported from ${basename(opts.source)}${ex.rvtoolsVersion ? ` (RVTools ${ex.rvtoolsVersion})` : ''} by \`snapsim import rvtools\`${overlay.file !== '' ? ` with overlay ${basename(overlay.file)}` : ''}.`,
    `${counts.vms} VMs as ${counts.parts} model VMs on ${planned.length} datastore${planned.length === 1 ? '' : 's'}; ${counts.templates} templates, ${counts.poweredOff} powered off, ${counts.skipped} not imported; ${counts.snapshots} existing snapshots; ${counts.consolidationNeeded} need consolidation.`,
    `Defaults to review (the export cannot tell them): ${[...defaults, ...(sc.has('horizon') ? [] : ['horizon']), ...(overlay.passthrough.has('jobs') ? [] : ['jobs']), ...(planned.some((d) => d.capacitySource === 'default') ? ['capacity of derived datastores'] : [])].join(', ') || 'none'}.`,
    'Set them in an overlay file and import again (docs/import.md); do not edit this file by hand.',
  ]
  const yaml = writeScenarioText({ header, top, datastores: dsEntries, vms: vmEntries, blocks })
  return { yaml, issues: log.issues, parts, datastores: planned, counts }
}
