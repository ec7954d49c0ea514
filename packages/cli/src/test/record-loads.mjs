// `node --import ./record-loads.mjs …`: appends the URL of every module the process loads to the
// file named by SNAPSIM_RECORD_LOADS, one a line. bundle.test.ts uses it to see which chunks of
// the start-up bundle a command loads (what is not loaded costs no start-up time).

import { register } from 'node:module'

register('./record-loads-hooks.mjs', import.meta.url)
