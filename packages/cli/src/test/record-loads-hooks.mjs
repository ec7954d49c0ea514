// The loader hook of record-loads.mjs (module hooks run on their own thread in Node 20).

import { appendFileSync } from 'node:fs'

export async function load(url, context, nextLoad) {
  if (process.env.SNAPSIM_RECORD_LOADS) appendFileSync(process.env.SNAPSIM_RECORD_LOADS, `${url}\n`)
  return nextLoad(url, context)
}
