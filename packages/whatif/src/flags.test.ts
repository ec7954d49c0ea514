// --set arguments as text: every value reads back through the CLI's own parser as itself.

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSetOption } from '@snapsim/scenario'
import { commandLine, readSetArguments, setArgument, shellWord, valueText } from './flags.ts'

describe('valueText', () => {
  it('writes plain values plainly and quotes what would read as something else', () => {
    expect(valueText(4)).toBe('4')
    expect(valueText(1.25)).toBe('1.25')
    expect(valueText(true)).toBe('true')
    expect(valueText('25600 GiB')).toBe('25600 GiB')
    expect(valueText('30 21 * * *')).toBe('30 21 * * *')
    expect(valueText('0 20 * * 1,4')).toBe('"0 20 * * 1,4"') // a comma would make a sweep
    expect(valueText('4')).toBe('"4"') // text, not the number
    expect(valueText('true')).toBe('"true"')
    expect(valueText(' x')).toBe('" x"')
    expect(valueText('a"b\\c,')).toBe('"a\\"b\\\\c,"')
    // a distribution stays one unquoted value, as it was typed
    expect(valueText('{uniform: [1 MiB/s, 2 MiB/s]}')).toBe('{uniform: [1 MiB/s, 2 MiB/s]}')
  })

  it('reads back as the same single value for any text, number and boolean (fast-check, fixed seed)', () => {
    const value = fc.oneof(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean())
    fc.assert(
      fc.property(value, (v) => {
        let text: string
        try {
          text = setArgument('jobs.nightly.schedule', v)
        } catch {
          return // a value no --set can carry is refused, never written wrongly
        }
        const back = parseSetOption(text)
        expect(back.path).toBe('jobs.nightly.schedule')
        expect(back.values).toEqual([Object.is(v, -0) ? 0 : v])
      }),
      { seed: 14, numRuns: 2000 },
    )
  })
})

describe('commandLine and readSetArguments', () => {
  it('quotes for the shell only where needed, and keeps the run\'s seed and replication', () => {
    expect(shellWord('scenarios/bsi-g478/02-growth.yaml')).toBe('scenarios/bsi-g478/02-growth.yaml')
    expect(shellWord("it's here.yaml")).toBe(`'it'\\''s here.yaml'`)
    expect(commandLine({ file: 'a b.yaml', seed: '7', replication: 3 }, ['scale.writeRate=1.5', 'datastores.ds1.capacity=25600 GiB'])).toBe(
      "snapsim run 'a b.yaml' --seed 7 --replication 3 --set scale.writeRate=1.5 --set 'datastores.ds1.capacity=25600 GiB'",
    )
  })

  it('reads arguments as run does: the last value of a path wins, a sweep is refused', () => {
    expect([...readSetArguments(['a.b=1', 'c=x', 'a.b=2'])]).toEqual([
      ['c', 'x'],
      ['a.b', 2],
    ])
    expect(() => readSetArguments(['a=1,2'])).toThrow('one value expected')
  })
})
