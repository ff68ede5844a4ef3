// Entry point of the in-editor suite, in the shape @vscode/test-electron (and VS Code's
// --extensionTestsPath) expects: `run()` resolves when every test passed and rejects otherwise.
// Results are printed and, when LLAMUNE_VSCODE_TEST_RESULTS names a file, written there as JSON.
import { writeFile } from 'node:fs/promises';
import { runAll } from './harness';
import './extension.test';

export async function run(): Promise<void> {
  const results = await runAll();
  for (const result of results) {
    console.log(`${result.ok ? '✓' : '✗'} ${result.name} (${result.ms} ms)`);
    if (result.error) console.log(result.error);
  }
  const file = process.env.LLAMUNE_VSCODE_TEST_RESULTS;
  if (file) await writeFile(file, JSON.stringify(results, null, 2));
  const failed = results.filter((result) => !result.ok).length;
  if (failed > 0) throw new Error(`${failed} of ${results.length} in-editor tests failed`);
}
