// The version `snapsim --version` prints: its own module, so that bin.ts can answer --version
// without loading the command line (program.ts and everything it imports).

export const VERSION = '0.1.0'
