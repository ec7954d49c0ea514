// The bundled worker is the source: run in a fresh JavaScript context (node:vm, no Node globals)
// through its message interface, it answers exactly what engine.ts answers in this process.

import { readFileSync } from 'node:fs'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS, prepareScenario, resolvePrepared } from '@snapsim/scenario'
import { workerBundle } from './bundle.ts'
import { controlsFor } from './controls.ts'
import { runArgs, whatIf, type WhatIfSetup } from './engine.ts'

const file = 'scenarios/bsi-g478/03-aborted.yaml'
const text = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')
const prepared = prepareScenario(text, file, undefined, DEFAULT_LIMITS)
const model = resolvePrepared(prepared).model
const setup: WhatIfSetup = { source: { file, text, base: [], limits: DEFAULT_LIMITS }, controls: controlsFor(prepared.raw, model), buckets: 300 }

describe('the worker bundle', () => {
  it('has no Node module left and answers as the source does', async () => {
    const code = await workerBundle()
    expect(code).not.toMatch(/require\(["']node:/)
    const posted: { type: string; out?: unknown; message?: string }[] = []
    const scope: Record<string, unknown> = { postMessage: (m: (typeof posted)[number]) => posted.push(structuredClone(m)), performance }
    // no code from strings (eval, new Function), as in the report's worker under its CSP
    runInNewContext(code, scope, { contextCodeGeneration: { strings: false, wasm: false } })
    const send = (data: unknown) => (scope.onmessage as (e: { data: unknown }) => void)({ data })
    send({ type: 'init', setup })
    const values = { 'capacity:ds-db': 7168, writeRate: 1.5, 'overlap:db-nightly': 'skip' }
    send({ type: 'run', seq: 1, values })
    send({ type: 'run', seq: 2, values: { 'capacity:ds-db': 10 ** 9 } }) // off the slider
    expect(posted.map((m) => m.message ?? m.type)).toEqual(['baseline', 'result', expect.stringContaining('not within')])
    // results cross the context boundary as plain data: compare as JSON
    expect(JSON.stringify(posted[0]!.out)).toBe(JSON.stringify(runArgs(setup, []).out))
    expect(JSON.stringify(posted[1]!.out)).toBe(JSON.stringify(whatIf(setup, model, values)))
    expect(posted[2]!.message).toContain('not within')
  })
})
