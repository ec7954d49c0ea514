// A data file written as a stream: text arrives in pieces (a row, a line), gathers in a string
// of a few thousand characters, and is encoded at once into one of a few reused buffers of CHUNK
// bytes, which leave for the file, optionally gzip-compressed (node:zlib, on libuv's thread pool,
// so compression runs beside the main thread's formatting). Nothing of a year of a fleet's
// records is ever one string (V8 caps a string at about 512 MiB); no row lives longer than a
// piece (rows held until a 4 MiB chunk was full were promoted to the old generation, and a
// 1,000-VM year's writing spent more time in the garbage collector than in formatting); the same
// few buffers are reused, so the bytes in flight do not grow the external memory that makes V8
// collect. The file's size and sha256 are taken as its bytes leave (the manifest needs them; no
// second read). Atomic like every output: a temp file, renamed at the end.

import { createHash } from 'node:crypto'
import { createWriteStream, rmSync, renameSync, mkdirSync, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { basename, dirname, join } from 'node:path'
import { createGzip, type Gzip } from 'node:zlib'

const CHUNK = 1 << 20
/** Characters gathered before they are encoded into the chunk. */
const PIECE = 1 << 14
/** Buffers per sink: one filling, the others with the compressor or the disk. */
const BUFFERS = 3

/**
 * gzip level of the data files. Measured on a 1,000-VM year's files (docs/performance.md):
 * level 4 takes half the CPU time of level 6 (zlib's default) for 5–10 % more bytes, and all of
 * that year's files stay well under 100 MB.
 */
export const GZIP_LEVEL = 4

/** What a finished sink wrote: its size and sha256 (of the file's bytes, compressed or not). */
export interface Written {
  readonly bytes: number
  readonly sha256: string
}

export class Sink {
  private readonly tmp: string
  private readonly file: WriteStream
  private readonly gzip: Gzip | null
  private readonly head: Gzip | WriteStream
  private readonly hash = createHash('sha256')
  private bytes = 0
  private free: Buffer[] = []
  private waiting: (() => void) | null = null
  private buf: Buffer
  private pos = 0
  private text = ''
  private error: Error | null = null

  constructor(
    readonly path: string,
    options: { gzip?: boolean } = {},
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
    this.file = createWriteStream(this.tmp)
    this.gzip = options.gzip ? createGzip({ level: GZIP_LEVEL, memLevel: 9, chunkSize: 256 * 1024 }) : null
    if (this.gzip) {
      this.gzip.on('data', (c: Buffer) => this.count(c))
      this.gzip.pipe(this.file)
    }
    this.head = this.gzip ?? this.file
    for (let i = 0; i < BUFFERS; i++) this.free.push(Buffer.allocUnsafe(CHUNK))
    this.buf = this.free.pop()!
    // a failed disk write (full, gone) is thrown from the next write or close, not as an
    // unhandled 'error' event
    this.file.on('error', (e) => this.fail(e))
    this.gzip?.on('error', (e) => this.fail(e))
  }

  private fail(e: Error): void {
    this.error ??= e
    this.waiting?.()
  }

  private count(c: Buffer): void {
    this.hash.update(c)
    this.bytes += c.length
  }

  /**
   * Adds text. Returns undefined when it was taken at once (the usual case), else a promise to
   * await before the next write: a chunk had to wait for a buffer the disk or the compressor
   * still holds. Awaiting only then keeps a write per row free of promise ticks.
   */
  write(text: string): Promise<void> | undefined {
    if (this.error) throw this.error
    // rows gather in one string of about PIECE characters, which is encoded at once: encoding
    // each row alone cost more than formatting it
    this.text += text
    return this.text.length >= PIECE ? this.spill() : undefined
  }

  private spill(): Promise<void> | undefined {
    const text = this.text
    this.text = ''
    // a UTF-16 unit is at most 3 UTF-8 bytes
    if (text.length * 3 <= CHUNK - this.pos) {
      this.pos += this.buf.write(text, this.pos)
      return undefined
    }
    return this.spillInPieces(text)
  }

  private async spillInPieces(text: string): Promise<void> {
    // pieces of at most a quarter chunk (3/4 of a chunk in UTF-8), a surrogate pair kept whole
    let i = 0
    while (i < text.length) {
      let end = Math.min(text.length, i + CHUNK / 4)
      const last = text.charCodeAt(end - 1)
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++
      if ((end - i) * 3 > CHUNK - this.pos) await this.flush()
      this.pos += this.buf.write(i === 0 && end === text.length ? text : text.slice(i, end), this.pos)
      i = end
    }
  }

  /** Hands the filled buffer on and takes a free one (waiting for one if all are in flight). */
  private async flush(): Promise<void> {
    if (this.pos === 0) return
    const full = this.buf
    const data = full.subarray(0, this.pos)
    if (!this.gzip) this.count(data)
    this.head.write(data, () => {
      this.free.push(full)
      const w = this.waiting
      this.waiting = null
      w?.()
    })
    this.pos = 0
    while (this.free.length === 0) {
      if (this.error) throw this.error
      await new Promise<void>((resolve) => (this.waiting = resolve))
    }
    if (this.error) throw this.error
    this.buf = this.free.pop()!
  }

  /** Writes what is left, closes, renames the temp file to `path`; returns its size and sha256. */
  async close(): Promise<Written> {
    try {
      await this.spill()
      await this.flush()
      const done = once(this.file, 'close')
      this.head.end()
      await done
      if (this.error) throw this.error
      renameSync(this.tmp, this.path)
      return { bytes: this.bytes, sha256: this.hash.digest('hex') }
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
