// The panel's browser tests: the built bundle in the machine's Chromium. Run by `npm run test:browser`,
// which builds dist/ first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
