// An output folder always holds one complete run, even after kill -9 at any moment. A command
// writes its files into a fresh sibling folder (`.NAME.snapsim-new-PID-…`), adds manifest.json
// (a run id and every file's size and sha256) and then swaps it in: the old folder is renamed
// aside (`.NAME.snapsim-old-…`), the new one renamed to NAME, the old one deleted. No file of an
// earlier run survives (a Monte Carlo run's risk.json beside a single run's files), and no
// half-written file is ever at NAME.
//
// Between the two renames NAME is briefly absent; a kill there leaves the old run complete
// aside, and `recoverOutput` (run before every read and write of the folder) renames it back.
// `report` and `merge` read a folder only after `verifyOutput` checked it against its manifest.

import { createHash, randomUUID } from 'node:crypto'
import { accessSync, constants, existsSync, linkSync, copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { BadInput } from './io.ts'
import { outputSchemas } from '@snapsim/results'
import { readJsonFile } from './readback.ts'
import type { Written } from './sink.ts'

export const MANIFEST = 'manifest.json'

export type OutputCommand = 'run' | 'replications' | 'shard' | 'sweep' | 'merge' | 'report'

export interface Manifest {
  readonly snapsim: string
  readonly run: string
  readonly command: OutputCommand
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly sha256: string }[]
}

/** Every name a snapsim command writes into an output folder (an older folder without a manifest is recognised by them). */
const KNOWN = /^(summary\.json|events\.jsonl(\.gz)?|(datastore-use|backups|snapshots|vms|vm-states)\.csv(\.gz)?|result\.json|result\.jsonl\.gz|report\.html|risk\.json|replications\.jsonl|replications\.csv|sweep\.json|sweep\.csv|shard\.json|whatif\.json|manifest\.json|(use|backups|deltas|states)\.(png|svg))$/

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex')

// Test hook: SNAPSIM_KILL_AT=N sends this process SIGKILL at the Nth step of writing an output
// folder (a file written, the manifest, each rename, the delete), so kill.test.ts can kill a
// real run at every moment of the swap, not only where a timer happens to land.
const KILL_AT = Number(process.env.SNAPSIM_KILL_AT ?? 0)
let steps = 0
function step(): void {
  if (KILL_AT > 0 && ++steps === KILL_AT) process.kill(process.pid, 'SIGKILL')
}

/** The words for an fs error code. */
function why(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'read-only file system'
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder'
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EEXIST':
      return 'a file is in the way'
    default:
      return code ?? (e as Error).message
  }
}

const siblings = (dir: string, kind: 'new' | 'old') => {
  const parent = dirname(dir)
  const prefix = `.${basename(dir)}.snapsim-${kind}-`
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return []
  }
  return names.filter((n) => n.startsWith(prefix)).map((n) => ({ path: join(parent, n), pid: Number(n.slice(prefix.length).split('-')[0]) }))
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Finish what a killed command left: if NAME is absent but a complete old run is aside, rename it
 * back; delete old runs aside once NAME exists, and staging folders of processes no longer alive.
 */
export function recoverOutput(dir: string): void {
  const aside = siblings(dir, 'old')
  if (!existsSync(dir) && aside.length > 0) {
    const newest = aside.map((a) => ({ ...a, mtime: statSync(a.path).mtimeMs })).sort((a, b) => b.mtime - a.mtime)[0]!
    renameSync(newest.path, dir)
  }
  if (existsSync(dir)) for (const a of siblings(dir, 'old')) if (!alive(a.pid) || a.pid === process.pid) rmSync(a.path, { recursive: true, force: true })
  for (const s of siblings(dir, 'new')) if (!alive(s.pid)) rmSync(s.path, { recursive: true, force: true })
}

/** A folder being written: write into `path(name)`, then `commit` swaps it in as the output. */
export interface StagedOutput {
  /** The output folder (as given). */
  readonly dir: string
  /** The staging folder the files go to. */
  readonly staging: string
  path(name: string): string
  write(name: string, content: string | Uint8Array): void
  /**
   * A file the caller wrote itself at `path(name)` (a stream) is complete; with its size and
   * sha256 when the stream took them as it wrote (sink.ts), so the manifest need not read it again.
   */
  added(name: string, written?: Written): void
  /** Adds manifest.json and swaps the folder in; returns the manifest. */
  commit(command: OutputCommand): Manifest
  /** Deletes the staging folder (the command failed); the output folder is as it was. */
  discard(): void
}

/**
 * Checks `dir` can become an output folder and opens a staging folder beside it. Refused (exit 2):
 * `dir` is a file or under one; its parent or `dir` cannot be written; `dir` holds files that
 * snapsim did not write (the whole folder is replaced, so `--out ~` must not delete a home).
 */
export function stageOutput(dir: string): StagedOutput {
  const target = resolve(dir)
  let parent = dirname(target)
  try {
    recoverOutput(target)
  } catch (e) {
    throw new BadInput(`--out ${dir}: cannot tidy up after an earlier run (${why(e)})`)
  }
  let st: ReturnType<typeof statSync> | undefined
  try {
    st = statSync(target)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw new BadInput(`--out ${dir}: is under a file, not a folder`)
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new BadInput(`--out ${dir}: cannot be used (${why(e)})`)
  }
  if (st) {
    if (!st.isDirectory()) throw new BadInput(`--out ${dir}: is a file; give a folder (it is created if missing)`)
    const foreign = readdirSync(target).filter((n) => !KNOWN.test(n))
    if (foreign.length > 0) {
      const list = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '')
      throw new BadInput(`--out ${dir}: holds files snapsim did not write (${list}); the folder is replaced as a whole, so give an empty or new folder`)
    }
    try {
      accessSync(target, constants.W_OK)
    } catch (e) {
      throw new BadInput(`--out ${dir}: cannot be written (${why(e)})`)
    }
  }
  try {
    mkdirSync(parent, { recursive: true })
    parent = dirname(target)
  } catch (e) {
    throw new BadInput(`--out ${dir}: cannot create its parent folder (${why(e)})`)
  }
  const staging = join(parent, `.${basename(target)}.snapsim-new-${process.pid}-${randomUUID().slice(0, 8)}`)
  try {
    mkdirSync(staging)
  } catch (e) {
    throw new BadInput(`--out ${dir}: cannot write into ${parent} (${why(e)})`)
  }
  step()
  let done = false
  const known = new Map<string, Written>()
  return {
    dir,
    staging,
    path: (name) => join(staging, name),
    write(name, content) {
      try {
        writeFileSync(join(staging, name), content)
      } catch (e) {
        throw new BadInput(`--out ${dir}: cannot write ${name} (${why(e)})`)
      }
      step()
    },
    added(name, written) {
      if (written) known.set(name, written)
      step()
    },
    commit(command) {
      const files = readdirSync(staging)
        .filter((n) => n !== MANIFEST && !n.startsWith('.'))
        .sort()
        .map((name) => {
          const w = known.get(name)
          if (w !== undefined) return { name, bytes: w.bytes, sha256: w.sha256 }
          const data = readFileSync(join(staging, name))
          return { name, bytes: data.length, sha256: sha256(data) }
        })
      const manifest: Manifest = { snapsim: '0.1.0', run: randomUUID(), command, files }
      try {
        writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
        step()
        if (existsSync(target)) {
          const aside = join(parent, `.${basename(target)}.snapsim-old-${process.pid}-${randomUUID().slice(0, 8)}`)
          renameSync(target, aside)
          step()
          renameSync(staging, target)
          step()
          rmSync(aside, { recursive: true, force: true })
        } else {
          renameSync(staging, target)
        }
        step()
      } catch (e) {
        throw new BadInput(`--out ${dir}: cannot put the new run in place (${why(e)})`)
      }
      done = true
      return manifest
    },
    discard() {
      if (!done) rmSync(staging, { recursive: true, force: true })
      done = true
    },
  }
}

/**
 * Checks that `dir` holds one complete run: its manifest lists exactly the files present, with
 * their sizes and sha256. Returns the manifest; a BadInput names the first file that differs.
 * With `olderRun`, a folder without manifest.json that holds only files snapsim writes (a run
 * of a snapsim from before manifests) is accepted: null. No folder this snapsim writes lacks
 * its manifest (it is swapped in complete), and the caller still checks every file it reads.
 */
export function verifyOutput(dir: string, what?: string): Manifest
export function verifyOutput(dir: string, what: string, options: { olderRun: true }): Manifest | null
export function verifyOutput(dir: string, what = 'an output folder', options: { olderRun?: boolean } = {}): Manifest | null {
  try {
    recoverOutput(resolve(dir))
  } catch {
    // a folder we may not tidy is still read as it is
  }
  let st
  try {
    st = statSync(dir)
  } catch {
    throw new BadInput(`${dir}: not found (${what})`)
  }
  if (!st.isDirectory()) throw new BadInput(`${dir}: is a file; expected ${what}`)
  if (options.olderRun && !existsSync(join(dir, MANIFEST))) {
    const names = readdirSync(dir)
    if (names.length > 0 && names.every((n) => KNOWN.test(n)) && (names.includes('result.json') || names.includes('result.jsonl.gz'))) return null
  }
  const manifest = readJsonFile(join(dir, MANIFEST), outputSchemas().manifestSchema, `: ${dir} is not a complete output of this snapsim (it writes manifest.json last); run the command again`) as Manifest
  const listed = new Set(manifest.files.map((f) => f.name))
  for (const name of readdirSync(dir)) {
    if (name !== MANIFEST && !listed.has(name)) throw new BadInput(`${dir}/${name}: not in ${dir}/manifest.json: the folder mixes runs; run the command again`)
  }
  for (const f of manifest.files) {
    let data: Buffer
    try {
      data = readFileSync(join(dir, f.name))
    } catch {
      throw new BadInput(`${dir}/${f.name}: listed in manifest.json but missing: the folder is not complete; run the command again`)
    }
    if (data.length !== f.bytes || sha256(data) !== f.sha256) {
      throw new BadInput(`${dir}/${f.name}: differs from manifest.json (${data.length} bytes, manifest ${f.bytes}; or another sha256): changed after the run or truncated`)
    }
  }
  return manifest
}

/** Puts a folder's files into a staging folder as hard links (copies across devices), but `except`. */
export function carryOver(from: string, to: StagedOutput, except: (name: string) => boolean): void {
  for (const name of readdirSync(from)) {
    if (name === MANIFEST || except(name)) continue
    try {
      linkSync(join(from, name), to.path(name))
    } catch {
      copyFileSync(join(from, name), to.path(name))
    }
    step()
  }
}
