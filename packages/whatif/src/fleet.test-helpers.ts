// A small fleet for the what-if tests: 5 datastores (more than the report draws together, so the
// report shows a fleet overview and one datastore's detail at a time, picked in #detail-select),
// 2 thin VMs each, a nightly job per datastore, two weeks. `snapsim run` on it (--json): ds0,
// ds1 and ds2 fill on days 9.4, 9.7 and 9.9 (810,000 s is the first fill), ds3 and ds4 peak at
// 808 GiB below their 850 and 900 GiB; a capacity or write-rate move shifts those.

const ids = [0, 1, 2, 3, 4]

export const FLEET_YAML = `name: what-if fleet
start: 2026-03-02T00:00
timezone: Europe/Berlin
horizon: 14d
seed: 3
datastores:
${ids.map((i) => `  - { id: ds${i}, capacity: ${700 + 50 * i} GiB }`).join('\n')}
vms:
${ids.map((i) => `  - { id: vm${i}, count: 2, datastore: ds${i}, disk: 400 GiB, used: 200 GiB, provisioning: thin, dataGrowth: ${16 + 2 * i} GiB/d, writeRate: 2 MiB/s }`).join('\n')}
jobs:
${ids.map((i) => `  - { id: nightly-${i}, vms: ["vm${i}-*"], schedule: "0 ${20 + (i % 3)} * * *", streamThroughput: 200 MiB/s }`).join('\n')}
`
