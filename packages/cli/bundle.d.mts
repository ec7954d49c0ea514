// Types of bundle.mjs (plain JavaScript: it runs before anything can compile TypeScript).
export declare const distDir: string
export declare function bundleIsFresh(dir?: string): boolean
export declare function buildBundle(): Promise<void>
