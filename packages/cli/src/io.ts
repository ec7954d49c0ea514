// Where the commands write: injectable so tests run the program in-process.

export interface Io {
  out(text: string): void
  err(text: string): void
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}

/** Exit codes: 0 ok, 1 an expectation failed, 2 bad input, 3 an internal error. */
export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 3 } as const

/** Bad input found by a command (a missing directory, an unknown metric): exit 2, no stack. */
export class BadInput extends Error {
  override name = 'BadInput'
}
