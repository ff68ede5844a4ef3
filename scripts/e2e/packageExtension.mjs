// Makes the extension's .vsix with @vscode/vsce, non-interactively. vsce runs `vscode:prepublish`
// (the release build) first; everything runs from dist/, so no node_modules go in (--no-dependencies).
import { execFileSync } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {string} out where the .vsix goes
 * @returns {Promise<{ path: string, bytes: number }>}
 */
export async function packageExtension(out) {
  await mkdir(dirname(out), { recursive: true });
  execFileSync(
    join(repoRoot, 'node_modules', '.bin', 'vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--out', out],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { path: out, bytes: (await stat(out)).size };
}
