// Runs the in-editor suite (test/vscode, bundled) inside code-server: the server is told about the
// development extension and the tests, the workbench URL's `payload` hands both to the browser
// side, and the workbench reports the extension host's exit code through `codeAutomationExit` —
// the hook VS Code calls when a test run ends.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchChromium } from './browser.mjs';
import { createProfile, startCodeServer } from './codeServer.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the extension (dist/) and bundles the suite into out/vscode-test/index.js. */
export async function buildInEditorTests() {
  execFileSync('npm', ['run', '--silent', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const outfile = join(repoRoot, 'out', 'vscode-test', 'index.js');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'vscode', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * @param {{ entry: string, testsPath: string, profileDir: string, locale?: string, timeoutMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ exitCode: number, results: Array<{ name: string, ok: boolean, ms: number, error?: string }>, output: string[] }>}
 */
export async function runInEditorTestsInCodeServer({
  entry,
  testsPath,
  locale,
  profileDir,
  timeoutMs = 180_000,
  log,
}) {
  await rm(profileDir, { recursive: true, force: true });
  const profile = await createProfile(profileDir);
  const resultsFile = join(profileDir, 'results.json');
  await mkdir(profileDir, { recursive: true });
  const codeServer = await startCodeServer(entry, profile, {
    env: { LLAMUNE_VSCODE_TEST_RESULTS: resultsFile, LLAMUNE_EXPECTED_LANGUAGE: locale ?? 'en' },
    locale,
    onLine: log,
  });
  const browser = await launchChromium().catch(async (error) => {
    await codeServer.server.stop();
    throw error;
  });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const output = [];
    page.on('console', (message) => output.push(message.text()));
    /** @type {Promise<number>} */
    const exited = new Promise((resolveExit, reject) => {
      page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code))).catch(reject);
      setTimeout(
        () => reject(new Error(`the in-editor tests did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const authority = new URL(codeServer.baseUrl).host;
    const remote = (path) => `vscode-remote://${authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testsPath)],
    ];
    const url = new URL(codeServer.url);
    url.searchParams.set('payload', JSON.stringify(payload));
    await page.goto(url.toString());
    const exitCode = await exited;
    const results = JSON.parse(await readFile(resultsFile, 'utf8').catch(() => '[]'));
    return { exitCode, results, output: [...codeServer.server.output, ...output] };
  } finally {
    await browser.close().catch(() => undefined);
    await codeServer.server.stop();
  }
}
