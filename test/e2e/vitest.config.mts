// The end-to-end suite: code-server and headless Chromium, one file at a time (each runs a whole
// editor on a 2-core machine). `npm run test:e2e`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Playwright's locators wait themselves; a retry would hide a flaky step rather than fix it.
    retry: 0,
  },
});
