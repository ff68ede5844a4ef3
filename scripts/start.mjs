// README's "run it" command: install, build, migrate the embedded database, then open the product
// in VS Code — the desktop editor when its `code` CLI is installed, otherwise the project's own
// code-server harness, whose URL is printed. `--check` starts the harness, checks that the workbench
// answers, and stops (for CI and smoke tests).
import { execFileSync, spawnSync } from 'node:child_process';
import { ensureInstalled } from './ensureInstalled.mjs';

const check = process.argv.includes('--check');
ensureInstalled();
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const cli = (...args) => execFileSync('node', ['dist/cli.js', ...args], { stdio: 'inherit' });
cli('migrate');

const hasDesktopCode = !check && spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
if (hasDesktopCode) {
  console.log('Opening VS Code with the extension from this folder…');
  execFileSync('code', [`--extensionDevelopmentPath=${process.cwd()}`, '--new-window'], { stdio: 'inherit' });
} else {
  const { serveInCodeServer } = await import('./e2e/serve.mjs');
  await serveInCodeServer({ check });
}
