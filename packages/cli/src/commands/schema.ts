// `snapsim schema`: the JSON Schema of scenario files, for editors.

import { scenarioJsonSchema } from '@snapsim/scenario'
import { EXIT, type Io } from '../io.ts'

export function schemaCommand(io: Io): number {
  io.out(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
  return EXIT.ok
}
