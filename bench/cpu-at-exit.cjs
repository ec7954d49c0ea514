// `node --require bench/cpu-at-exit.cjs …`: when the process exits, appends its CPU time (user +
// system, in seconds, since it started) to the file named by SNAPSIM_BENCH_CPU. The start-up
// section of `pnpm bench` reports it beside wall time: on a shared machine CPU time varies less
// with the load than wall time does. CommonJS, so that it loads before any ES module and costs
// no module graph of its own.
'use strict'
const { appendFileSync } = require('node:fs')

const file = process.env.SNAPSIM_BENCH_CPU
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage()
    appendFileSync(file, `${(user + system) / 1e6}\n`)
  })
}
