// README's test command: lint and type-check, build, then every test suite, in order; stops at the
// first failure.
import { execFileSync } from 'node:child_process';
import { ensureInstalled } from './ensureInstalled.mjs';

ensureInstalled();
const steps = [
  ['lint', ['npm', 'run', '--silent', 'lint']],
  ['build', ['npm', 'run', '--silent', 'build']],
  ['unit and integration tests', ['npx', 'vitest', 'run']],
  ['browser tests (the panel in Chromium)', ['npm', 'run', '--silent', 'test:browser']],
  ['end-to-end tests (code-server + Chromium)', ['npm', 'run', '--silent', 'test:e2e']],
];
for (const [name, [command, ...args]] of steps) {
  console.error(`\n▶ ${name}`);
  execFileSync(command, args, { stdio: 'inherit' });
}
