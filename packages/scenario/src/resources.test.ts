// Shared proxies and repositories in a scenario file: parsed into the model, and every mistake
// reported at its line and column (unknown id, duplicates, non-finite or non-positive values).
import { describe, expect, it } from 'vitest'
import { parseScenario } from './load.ts'
import { issuesOf, rows } from './issues.test-helpers.ts'

// line numbers are written next to the keys the tests change
const base = `horizon: 7d
datastores: [{ id: ds, capacity: 10 TiB }]
vms: [{ id: web, count: 2, disk: 100 GiB }]
proxies:
  - id: proxy-1
    tasks: 4
    throughput: 450 MiB/s
repositories:
  - { id: repo, tasks: 8 }
jobs:
  - id: full
    vms: "*"
    schedule: "0 20 * * 6"
    proxy: proxy-1
    repository: repo
  - id: incremental
    vms: "*"
    schedule: "0 22 * * *"
    type: incremental
    streamThroughput: 150 MiB/s
    proxy: proxy-1
`

describe('proxies and repositories', () => {
  it('are parsed into the model, and jobs name them', () => {
    const m = parseScenario(base, 'ok.yaml').model
    expect(m.proxies).toEqual([{ id: 'proxy-1', tasks: 4, throughput: 450 * 2 ** 20 }])
    expect(m.repositories).toEqual([{ id: 'repo', tasks: 8 }])
    expect(m.jobs.map((j) => [j.proxy, j.repository])).toEqual([
      ['proxy-1', 'repo'],
      ['proxy-1', undefined],
    ])
    // the full job's only limit is the proxy's throughput: no per-stream cap
    expect(m.jobs[0]!.streamThroughput).toBe(Number.POSITIVE_INFINITY)
  })

  it('an unknown id is reported at the reference, with the closest id', () => {
    const text = base.replace('    proxy: proxy-1\n    repository: repo', '    proxy: proxy-2\n    repository: repos')
    expect(rows(issuesOf(text))).toEqual([
      [14, 12, 'jobs[0].proxy', 'unknown proxy `proxy-2` (did you mean `proxy-1`?); proxies: proxy-1'],
      [15, 17, 'jobs[0].repository', 'unknown repository `repos` (did you mean `repo`?); repositories: repo'],
    ])
  })

  it('a reference without any list says where to declare it', () => {
    const text = base.replace(/repositories:\n.*\n/, '')
    expect(rows(issuesOf(text))).toEqual([[13, 17, 'jobs[0].repository', '`repo`: no repository is defined — declare it under top-level `repositories:` as `{ id: repo, tasks, throughput }`']])
  })

  it('duplicate ids within a list are refused; a proxy and a repository may share an id', () => {
    const text = base.replace('  - { id: repo, tasks: 8 }', '  - { id: repo, tasks: 8 }\n  - { id: repo }\n  - { id: proxy-1 }')
    expect(rows(issuesOf(text))).toEqual([[10, 11, 'repositories[1].id', 'duplicate repository id `repo`']])
  })

  it('tasks must be a positive integer, throughput a finite positive rate', () => {
    const bad = (from: string, to: string) => rows(issuesOf(base.replace(from, to)))
    expect(bad('    tasks: 4', '    tasks: 0')[0]!.slice(0, 3)).toEqual([6, 12, 'proxies[0].tasks'])
    expect(bad('    tasks: 4', '    tasks: 2.5')[0]!.slice(0, 3)).toEqual([6, 12, 'proxies[0].tasks'])
    // (refused while reading the YAML, before any key is looked at)
    expect(bad('    tasks: 4', '    tasks: .inf')).toEqual([[6, 12, '', '`.inf` is not a finite number']])
    expect(bad('    throughput: 450 MiB/s', '    throughput: 0 MiB/s')).toEqual([[7, 17, 'proxies[0].throughput', 'throughput must be greater than 0, got `0 MiB/s`']])
    expect(bad('    throughput: 450 MiB/s', '    throughput: 1e400')).toEqual([[7, 17, '', '`1e400` is not a finite number']])
    expect(bad('    throughput: 450 MiB/s', '    throughput: 1e400 MiB/s')[0]!.slice(0, 3)).toEqual([7, 17, 'proxies[0].throughput'])
    expect(bad('    throughput: 450 MiB/s', '    throughput: 450 MiB/s\n    slots: 3')[0]!.slice(0, 3)).toEqual([8, 5, 'proxies[0].slots'])
  })

  it('a job needs some limit on its streams: a proxy with a throughput is one, one with only tasks is not', () => {
    const text = base.replace('    tasks: 4\n    throughput: 450 MiB/s', '    tasks: 4')
    expect(rows(issuesOf(text))).toEqual([[10, 5, 'jobs[0]', 'a job needs a limit on its streams: `streamThroughput` (per stream), `sharedThroughput` (a pool), or a `proxy` or `repository` with a `throughput`']])
  })
})
