// One build for every entry point. `--release` minifies (source maps stay, outside the .vsix);
// `--watch` rebuilds on change. Sizes are printed after each build.
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const release = process.argv.includes('--release');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  sourcemap: true,
  minify: release,
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
};

const pgliteModules = ['@electric-sql/pglite', '@electric-sql/pglite-socket'];

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    // PGlite only ever runs in the embedded server's own process (and in-process in tests).
    external: ['vscode', ...pgliteModules],
  },
  {
    // Loaded by the extension on first use (src/extension/core.ts), so not counted in activation.
    ...common,
    entryPoints: { core: 'src/extension/coreExports.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: pgliteModules,
  },
  {
    // The export's worker thread (src/core/export/inWorker.ts), beside core.js and cli.js that start it.
    ...common,
    entryPoints: { exportWorker: 'src/core/export/exportWorker.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: pgliteModules,
  },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outdir: 'dist',
    external: pgliteModules,
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The embedded database server runs in its own process (PGlite's WASM heap never enters the
    // extension host). ESM, so that PGlite finds its WASM and data files next to the bundle.
    ...common,
    entryPoints: { 'pglite-server': 'src/core/db/embedded/server.ts' },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  },
  {
    ...common,
    // The training, blind A/B and review views beside it: their own small bundles (each with its CSS).
    entryPoints: {
      panel: 'webview/panel/main.tsx',
      training: 'webview/training/main.tsx',
      abtest: 'webview/abtest/main.tsx',
      review: 'webview/review/main.tsx',
    },
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir: 'dist/webview',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.css': 'css' },
    // The Japanese labels as UTF-8 (3 bytes a character) rather than \u escapes (6): the page is UTF-8.
    charset: 'utf8',
  },
];

/** The webview's only assets besides panel.js: codicons and the panel's CSS (localResourceRoots = dist/webview). */
async function copyWebviewAssets() {
  const codicons = dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  await mkdir('dist/webview', { recursive: true });
  await copyFile(join(codicons, 'codicon.css'), 'dist/webview/codicon.css');
  await copyFile(join(codicons, 'codicon.ttf'), 'dist/webview/codicon.ttf');
  await copyFile('media/panel.css', 'dist/webview/panel.css');
}

const panelBudget = 80 * 1024;

/** The panel's JavaScript against its budget, with what each package contributes. */
function printPanelBudget(results) {
  for (const result of results) {
    const output = result.metafile?.outputs['dist/webview/panel.js'];
    if (!output) continue;
    const byPackage = new Map();
    for (const [file, info] of Object.entries(output.inputs)) {
      const match = file.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
      const key = match ? match[1] : 'panel (ours)';
      byPackage.set(key, (byPackage.get(key) ?? 0) + info.bytesInOutput);
    }
    const parts = [...byPackage].sort((a, b) => b[1] - a[1]);
    // The budget is for the minified bundle: a development build only says what it holds.
    const verdict = release
      ? `minified, ${output.bytes < panelBudget ? 'within' : 'OVER'} the 80 KB budget`
      : 'not minified (the 80 KB budget applies to --release)';
    console.log(
      `panel.js ${(output.bytes / 1024).toFixed(1)} KB ${verdict}: ` +
        parts.map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)}`).join(', '),
    );
  }
}

/** PGlite loads these at run time from beside its module. */
async function copyPgliteAssets() {
  const pgliteDist = dirname(require.resolve('@electric-sql/pglite'));
  await mkdir('dist', { recursive: true });
  for (const file of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) {
    await copyFile(join(pgliteDist, file), join('dist', file)).catch((error) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

async function printSizes(results) {
  const rows = [];
  for (const result of results) {
    for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
      if (file.endsWith('.map')) continue;
      rows.push([file, info.bytes]);
    }
  }
  for (const file of ['dist/pglite.wasm', 'dist/pglite.data', 'dist/initdb.wasm']) {
    const info = await stat(file).catch(() => undefined);
    if (info) rows.push([file, info.size]);
  }
  for (const [file, bytes] of rows)
    console.log(`${file.padEnd(32)} ${(bytes / 1024).toFixed(1).padStart(9)} KB`);
}

if (watch) {
  await copyPgliteAssets();
  await copyWebviewAssets();
  for (const options of builds) {
    const context = await esbuild.context({ ...options, logLevel: 'info' });
    await context.watch();
  }
  console.log('watching for changes…');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  await copyPgliteAssets();
  await copyWebviewAssets();
  await printSizes(results);
  printPanelBudget(results);
}
