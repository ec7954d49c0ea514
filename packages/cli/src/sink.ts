// A data file written as a stream: text arrives in pieces (a row, a line) and leaves in chunks of
// a few MiB, optionally gzip-compressed (node:zlib, on libuv's thread pool, so compression runs
// beside the main thread's formatting). Nothing of a year of a fleet's records is ever one string
// (V8 caps a string at about 512 MiB). Atomic like every output: a temp file, renamed at the end.

import { createWriteStream, rmSync, renameSync, mkdirSync, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename, dirname, join } from 'node:path'
import { constants, createGzip, type Gzip } from 'node:zlib'

const CHUNK = 4 * 1024 * 1024

export class Sink {
  private readonly tmp: string
  private readonly file: WriteStream
  private readonly gzip: Gzip | null
  private readonly head: Gzip | WriteStream
  private pending: string[] = []
  private size = 0
  private error: Error | null = null

  constructor(
    readonly path: string,
    options: { gzip?: boolean } = {},
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
    this.file = createWriteStream(this.tmp)
    // level 6 is zlib's default; a 64 KiB window-sized memLevel 9 is a little faster on text
    this.gzip = options.gzip ? createGzip({ level: 6, memLevel: 9, strategy: constants.Z_DEFAULT_STRATEGY }) : null
    if (this.gzip) this.gzip.pipe(this.file)
    this.head = this.gzip ?? this.file
    // a failed disk write (full, gone) is thrown from the next write or close, not as an
    // unhandled 'error' event
    this.file.on('error', (e) => (this.error ??= e))
    this.gzip?.on('error', (e) => (this.error ??= e))
  }

  /** Adds text; resolves at once unless a chunk had to wait for the disk or the compressor. */
  async write(text: string): Promise<void> {
    if (this.error) throw this.error
    this.pending.push(text)
    this.size += text.length
    if (this.size >= CHUNK) await this.flush()
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const data = this.pending.join('')
    this.pending = []
    this.size = 0
    if (!this.head.write(data)) await once(this.head, 'drain')
  }

  /** Writes what is left, closes, and renames the temp file to `path`. */
  async close(): Promise<void> {
    try {
      await this.flush()
      const done = once(this.file, 'close')
      this.head.end()
      await done
      if (this.error) throw this.error
      renameSync(this.tmp, this.path)
    } catch (e) {
      rmSync(this.tmp, { force: true })
      throw e
    }
  }

  /** Gives up: removes the temp file. */
  abort(): void {
    this.head.destroy()
    rmSync(this.tmp, { force: true })
  }
}
