// Types of bundle.mjs (plain JavaScript: it runs before anything can compile TypeScript).
export declare const distDir: string
export declare function bundleIsFresh(dir?: string): boolean
export declare function buildBundle(): Promise<void>
export declare const OLD_CHUNK_MS: number
export declare function removeOldChunks(dir: string, keep: ReadonlySet<string>, now?: number): string[]
