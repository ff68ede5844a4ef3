// `npm run bench:llm`: bundles bench/llm.ts (TypeScript, importing src/core) and runs it.
import { mkdir } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

await mkdir('.cache/bench', { recursive: true });
await build({
  entryPoints: ['bench/llm.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: '.cache/bench/llm.mjs',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
await import(pathToFileURL('.cache/bench/llm.mjs').href);
