import { readFileSync } from 'node:fs'
import { parseScenario } from '/work/input/packages/scenario/src/load.ts'
const text = readFileSync('/work/input/scenarios/bsi-g478/01-baseline.yaml', 'utf8')
for (let i = 0; i < 40; i++) parseScenario(text, 'x.yaml')
