// README's "run it" command: install, build, migrate the embedded database and show it working.
import { execFileSync } from 'node:child_process';
import { ensureInstalled } from './ensureInstalled.mjs';

ensureInstalled();
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const cli = (...args) => execFileSync('node', ['dist/cli.js', ...args], { stdio: 'inherit' });
cli('migrate');
cli('--help');
