// `snapsim import rvtools PATH` (an RVTools export -> a scenario) and `snapsim import changes
// FILE.csv` (measured daily change -> write rates in the overlay). Registered in program.ts by
// one line; the work is in @snapsim/import.

// @snapsim/import (and exceljs with it) is loaded when an import command runs, not at start-up.
import type { ImportLimits, PoweredOffPolicy, TemplatePolicy } from '@snapsim/import'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import { formatIssues, loadScenarioFile, parseScenario, parseSize, ScenarioError } from '@snapsim/scenario'
import { writeAtomic } from '../atomic.ts'
import { BadInput, EXIT, type Io } from '../io.ts'

export interface RvtoolsFlags {
  out?: string
  overlay?: string
  templates: string
  poweredOff: string
  capacity?: string
  writeRate?: string
  footprint?: string
  fallbackDatastore: string
  exportedAt?: string
  maxFileSize?: string
  maxRows?: string
}

function limitsOf(flags: { maxFileSize?: string; maxRows?: string }, defaultLimits: ImportLimits): ImportLimits {
  let limits = defaultLimits
  try {
    if (flags.maxFileSize !== undefined) limits = { ...limits, maxFileBytes: parseSize(flags.maxFileSize) }
  } catch (e) {
    throw new BadInput(`--max-file-size: ${(e as Error).message}`)
  }
  if (flags.maxRows !== undefined) {
    const n = Number(flags.maxRows)
    if (!Number.isSafeInteger(n) || n < 1) throw new BadInput(`--max-rows: expected a whole number ≥ 1, got \`${flags.maxRows}\``)
    limits = { ...limits, maxRows: n }
  }
  return limits
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new BadInput(`${flag}: expected ${allowed.join(', ')}, got \`${value}\``)
  return value as T
}

export async function rvtoolsCommand(path: string, flags: RvtoolsFlags, io: Io): Promise<number> {
  const { cellDateMs, defaultLimits, formatImportIssue, importRvtools, ImportError, readOverlayFile, readRvtoolsPath } = await import('@snapsim/import')
  const limits = limitsOf(flags, defaultLimits)
  let capacity: number | undefined
  if (flags.capacity !== undefined) {
    try {
      capacity = parseSize(flags.capacity)
    } catch (e) {
      throw new BadInput(`--capacity: ${(e as Error).message}`)
    }
    if (!(capacity > 0)) throw new BadInput('--capacity: must be greater than 0')
  }
  let exportedMs: number | undefined
  if (flags.exportedAt !== undefined) {
    exportedMs = cellDateMs(flags.exportedAt)
    if (exportedMs === undefined) throw new BadInput(`--exported-at: expected a date-time like 2026-11-30 14:05, got \`${flags.exportedAt}\``)
  }
  try {
    const overlay = flags.overlay !== undefined ? readOverlayFile(flags.overlay, limits) : undefined
    const sheets = await readRvtoolsPath(path, limits)
    const result = importRvtools(sheets, {
      source: path,
      templates: oneOf<TemplatePolicy>(flags.templates, ['skip', 'keep'], '--templates'),
      poweredOff: oneOf<PoweredOffPolicy>(flags.poweredOff, ['keep', 'skip', 'running'], '--powered-off'),
      ...(capacity !== undefined ? { capacity } : {}),
      ...(flags.writeRate !== undefined ? { writeRate: flags.writeRate } : {}),
      ...(flags.footprint !== undefined ? { footprint: flags.footprint } : {}),
      fallbackDatastore: flags.fallbackDatastore,
      ...(exportedMs !== undefined ? { exportedMs } : {}),
      ...(overlay ? { overlay } : {}),
    })
    for (const issue of result.issues) io.err(`${formatImportIssue(issue)}\n`)
    if (result.parts.length === 0) {
      io.err('snapsim: nothing usable in the export: no VM with a disk\n')
      return EXIT.badInput
    }
    const target = flags.out ?? '<stdout>'
    try {
      parseScenario(result.yaml, target)
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e
      io.err(`${formatIssues(e.issues)}\nsnapsim: the imported scenario is not valid: fix the overlay or the flags named above\n`)
      return EXIT.badInput
    }
    if (flags.out !== undefined) writeAtomic(flags.out, result.yaml)
    else io.out(result.yaml)
    const warnings = result.issues.length
    const c = result.counts
    io.err(`imported ${c.vms} VMs (${c.parts} model VMs) on ${result.datastores.length} datastore${result.datastores.length === 1 ? '' : 's'}${flags.out !== undefined ? ` into ${flags.out}` : ''}; ${warnings} warning${warnings === 1 ? '' : 's'}\n`)
    return EXIT.ok
  } catch (e) {
    if (e instanceof ImportError) throw new BadInput(e.message)
    throw e
  }
}

export interface ChangesFlags {
  scenario: string
  overlay?: string
  distribution?: boolean
  maxFileSize?: string
  maxRows?: string
}

export async function changesCommand(file: string, flags: ChangesFlags, io: Io): Promise<number> {
  const { defaultLimits, fitChanges, fitReport, formatImportIssue, ImportError, IssueLog, overlayWithFits, readChanges, readCsvFile, regionsOf } = await import('@snapsim/import')
  const limits = limitsOf(flags, defaultLimits)
  try {
    const model = loadScenarioFile(flags.scenario).model
    const log = new IssueLog()
    const sheet = readCsvFile(file, 'changes', limits)
    const fits = fitChanges(sheet.name, readChanges(sheet, log), regionsOf(model.vms), log)
    for (const issue of log.issues) io.err(`${formatImportIssue(issue)}\n`)
    if (fits.length === 0) {
      io.err('snapsim: no VM of the scenario has a usable interval in the change history\n')
      return EXIT.badInput
    }
    const report = fitReport(fits).join('\n')
    const source = basename(file)
    if (flags.overlay === undefined) {
      io.out(`${report}\n${overlayWithFits('', fits, { distribution: flags.distribution === true, source })}`)
      return EXIT.ok
    }
    let before = ''
    if (existsSync(flags.overlay)) {
      if (statSync(flags.overlay).size > limits.maxFileBytes) throw new BadInput(`${flags.overlay}: more than ${limits.maxFileBytes} bytes (limit maxFileBytes, docs/limits.md)`)
      before = readFileSync(flags.overlay, 'utf8')
    }
    let after: string
    try {
      after = overlayWithFits(before, fits, { distribution: flags.distribution === true, source })
    } catch (e) {
      throw new BadInput(`${flags.overlay}: ${(e as Error).message}`)
    }
    writeAtomic(flags.overlay, after)
    io.out(`${report}\n`)
    io.err(`fitted ${fits.length} VM${fits.length === 1 ? '' : 's'} into ${flags.overlay}\n`)
    return EXIT.ok
  } catch (e) {
    if (e instanceof ImportError) throw new BadInput(e.message)
    throw e
  }
}
