// Types for installHarness.mjs (the harness stays plain JavaScript so that `npm start` runs it as is).
export declare const CODE_SERVER_VERSION: string;
export declare function harnessDir(): string;
export declare function installHarness(options?: {
  log?: (line: string) => void;
}): Promise<{ root: string; entry: string; installed: boolean }>;
