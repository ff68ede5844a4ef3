// Types for inEditorTests.mjs.
export declare const repoRoot: string;
export declare function buildInEditorTests(): Promise<string>;
export interface InEditorTestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}
export declare function runInEditorTestsInCodeServer(options: {
  entry: string;
  testsPath: string;
  profileDir: string;
  locale?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<{ exitCode: number; results: InEditorTestResult[]; output: string[] }>;
