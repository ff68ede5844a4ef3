// A minimal in-editor test runner (no Mocha): suites register named tests, `runAll` runs them in
// order and reports each result, so the same bundle runs under @vscode/test-electron and code-server.
export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

type TestBody = () => Promise<void> | void;
const tests: { name: string; body: TestBody }[] = [];

/** Registers a test; names say the behaviour they prove. */
export function test(name: string, body: TestBody): void {
  tests.push({ name, body });
}

export async function runAll(timeoutMs = 30_000): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const { name, body } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(body),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - started, error: message });
    } finally {
      clearTimeout(timer);
    }
  }
  return results;
}
