// `npm run bench:panel`: builds the release bundle, then times the panel's first render of a session
// with 200 earlier answers in Chromium (bench/panelRun.ts, bundled here since Node 20 runs no TypeScript).
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

execFileSync(process.execPath, ['esbuild.mjs', '--release'], { stdio: ['ignore', 'ignore', 'inherit'] });
await esbuild.build({
  entryPoints: ['bench/panelRun.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.cache/bench/panelRun.mjs',
  packages: 'external',
  logLevel: 'warning',
});
const { runPanelBenchmark } = await import(pathToFileURL('.cache/bench/panelRun.mjs').href);
await runPanelBenchmark();
