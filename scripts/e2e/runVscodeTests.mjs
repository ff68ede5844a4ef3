// `npm run test:vscode`: the in-editor suite (test/vscode). On a desktop, @vscode/test-electron
// downloads VS Code and runs it there; with `--code-server` — the default on a Linux machine
// without a display — it runs in the project's code-server harness instead.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildInEditorTests, repoRoot, runInEditorTestsInCodeServer } from './inEditorTests.mjs';
import { installHarness } from './installHarness.mjs';

const headlessLinux = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const inCodeServer =
  process.argv.includes('--code-server') || (headlessLinux && !process.argv.includes('--desktop'));

/** @param {Array<{ name: string, ok: boolean, ms: number, error?: string }>} results */
function printResults(results) {
  for (const r of results)
    console.log(`${r.ok ? '✓' : '✗'} ${r.name} (${r.ms} ms)${r.error ? `\n${r.error}` : ''}`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\nin-editor tests: ${results.length - failed} passed, ${failed} failed`);
}

async function runOnDesktop(testsPath) {
  const { runTests } = await import('@vscode/test-electron');
  const dir = await mkdtemp(join(tmpdir(), 'llamune-vscode-test-'));
  const resultsFile = join(dir, 'results.json');
  try {
    const exitCode = await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      extensionTestsEnv: { LLAMUNE_VSCODE_TEST_RESULTS: resultsFile },
      launchArgs: ['--disable-extensions', '--user-data-dir', join(dir, 'user-data'), join(dir, 'workspace')],
    }).catch(() => 1);
    printResults(JSON.parse(await readFile(resultsFile, 'utf8').catch(() => '[]')));
    return exitCode;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runInCodeServer(testsPath) {
  const { entry } = await installHarness();
  const run = await runInEditorTestsInCodeServer({
    entry,
    testsPath,
    profileDir: join(repoRoot, '.cache', 'vscode-test'),
  });
  if (run.exitCode !== 0) console.log(run.output.join('\n'));
  printResults(run.results);
  return run.results.length > 0 && run.results.every((r) => r.ok) ? run.exitCode : 1;
}

const started = Date.now();
const testsPath = await buildInEditorTests();
const exitCode = inCodeServer ? await runInCodeServer(testsPath) : await runOnDesktop(testsPath);
console.log(
  `(${inCodeServer ? 'code-server' : 'VS Code desktop'}, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
);
process.exit(exitCode);
