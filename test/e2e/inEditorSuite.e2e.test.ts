// The in-editor suite (test/vscode, written for @vscode/test-electron) runs inside code-server:
// the extension loaded from this folder, the tests through VS Code's extensionTestsPath.
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { buildInEditorTests, runInEditorTestsInCodeServer } from '../../scripts/e2e/inEditorTests.mjs';

describe('the in-editor suite', () => {
  it('passes inside code-server in Japanese (--locale ja), every test reported', async () => {
    const testsPath = await buildInEditorTests();
    const run = await runInEditorTestsInCodeServer({
      entry: inject('e2e').entry,
      testsPath,
      profileDir: join(process.cwd(), '.cache', 'e2e', 'runs', 'in-editor-suite'),
      locale: 'ja',
    });
    const failures = run.results.filter((result) => !result.ok);
    expect(failures, failures.map((f) => `${f.name}: ${f.error}`).join('\n')).toEqual([]);
    expect(run.results.length).toBeGreaterThan(0);
    expect(run.exitCode).toBe(0);
  });
});
