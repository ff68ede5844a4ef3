// Types for packageExtension.mjs.
export declare function packageExtension(out: string): Promise<{ path: string; bytes: number }>;
