// The set-up the CLI tests share: snapsim run in-process (`main` with its output captured) or as
// a child process (the real bin through tsx, as a user starts it), a scratch folder, scenario
// files written into it.

import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { main } from './program.ts'

/** What a snapsim call ended with: its exit code and everything it printed. */
export interface Ran {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** `snapsim ARGV…` in this process. */
export async function snapsim(...argv: string[]): Promise<Ran> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

/** The CLI's entry point, for tests that start it as a process. */
export const BIN = fileURLToPath(new URL('./bin.ts', import.meta.url))

/** The environment of a child snapsim: CI=1, so it prints plain progress lines. */
export const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, CI: '1' }

/** node's arguments that run `snapsim ARGV…` from source. */
export function childArgs(...argv: string[]): string[] {
  return ['--import', 'tsx', BIN, ...argv]
}

/** `snapsim ARGV…` as a child process: a real exit code, real stdout and stderr. */
export function snapsimChild(...argv: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, childArgs(...argv), { env: CHILD_ENV })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }))
  })
}

/** A fresh folder under the system's temporary directory. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Writes `text` to DIR/NAME and returns the path. */
export function writeIn(dir: string, name: string, text: string): string {
  const f = join(dir, name)
  writeFileSync(f, text)
  return f
}
