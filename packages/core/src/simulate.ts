// The one entry point: a fully resolved model in, a Result out. Same model and options give a
// deep-equal Result: no clock, no global randomness, no iteration over unordered collections.

import { Engine } from './engine.ts'
import type { Model } from './model.ts'
import type { Result, SimulateOptions } from './result.ts'
import { checkModel } from './check.ts'

export function simulate(model: Model, options: SimulateOptions = {}): Result {
  checkModel(model)
  return new Engine(model, options).run()
}
