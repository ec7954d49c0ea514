// Progress of long runs: a live bar with rate and ETA on a terminal (cli-progress), plain lines
// at every tenth when piped or in CI, so logs stay readable.

import cliProgress from 'cli-progress'

export interface Progress {
  tick(n: number): void
  stop(): void
}

export function progress(total: number, label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} {bar} {value}/{total} | {rate}/s | ETA {eta_formatted}`, stream, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    )
    const t0 = performance.now()
    bar.start(total, 0, { rate: '0' })
    let done = 0
    return {
      tick(n) {
        done += n
        bar.update(done, { rate: (done / ((performance.now() - t0) / 1000)).toFixed(1) })
      },
      stop: () => bar.stop(),
    }
  }
  let done = 0
  let next = 0.1
  const t0 = performance.now()
  return {
    tick(n) {
      done += n
      while (total > 0 && done / total >= next - 1e-9) {
        const s = (performance.now() - t0) / 1000
        stream.write(`${label} ${done}/${total} (${Math.round((done / total) * 100)} %, ${(done / s).toFixed(1)}/s)\n`)
        next += 0.1
      }
    },
    stop() {},
  }
}
