// Values of command-line flags that program.ts checks before a command runs (`--shard 2/4`,
// `--replications 100`). Kept apart from the commands so that the command line is
// parsed without loading them (start-up: each command loads when it runs).

import { BadInput } from './io.ts'

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  const index = Number(m?.[1])
  const count = Number(m?.[2])
  if (!m || !(count >= 1) || !(index >= 1 && index <= count)) throw new BadInput(`--shard: expected I/N with 1 <= I <= N, got \`${text}\``)
  return { index, count }
}

export function parseIndex(text: string, what: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 0) throw new BadInput(`${what}: expected a whole number from 0, got \`${text}\``)
  return n
}

export function parseCount(text: string, what: string): number {
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new BadInput(`${what}: expected a positive whole number, got \`${text}\``)
  return n
}
