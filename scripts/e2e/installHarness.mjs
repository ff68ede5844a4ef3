// Installs code-server (a real VS Code served to a browser) from the npm registry into a cache
// folder, with its native modules rebuilt here and Debian's ripgrep in place of the GitHub download.
// Idempotent: a finished install is recorded in a stamp file, and a second run touches neither the
// network nor apt. Run directly: `node scripts/e2e/installHarness.mjs`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './debianPackages.mjs';

export const CODE_SERVER_VERSION = '4.100.3';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Build tools and headers for code-server's native modules, and the ripgrep its search uses. */
const DEBIAN_PACKAGES = [
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'pkg-config',
  'ripgrep',
];
/** lib/vscode's native modules; its own install scripts would fetch prebuilt binaries instead. */
const VSCODE_NATIVE = [
  'kerberos',
  'node-pty',
  '@parcel/watcher',
  '@vscode/spdlog',
  '@vscode/deviceid',
  'native-watchdog',
];

export function harnessDir() {
  return process.env.LLAMUNE_HARNESS_DIR ?? join(repoRoot, '.cache', 'code-server');
}

/** What the stamp records: a different Node ABI needs the native modules rebuilt. */
function stampFor() {
  return { version: CODE_SERVER_VERSION, nodeModules: process.versions.modules };
}

/** @param {string} root */
async function isInstalled(root) {
  const stamp = await readFile(join(root, '.installed.json'), 'utf8').catch(() => undefined);
  return stamp === JSON.stringify(stampFor()) && existsSync(join(root, 'out', 'node', 'entry.js'));
}

/**
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<{ root: string, entry: string, installed: boolean }>}
 */
export async function installHarness({ log = console.error } = {}) {
  const root = join(harnessDir(), CODE_SERVER_VERSION);
  const entry = join(root, 'out', 'node', 'entry.js');
  if (await isInstalled(root)) return { root, entry, installed: false };

  const started = Date.now();
  const step = (name) => log(`[harness ${((Date.now() - started) / 1000).toFixed(1)}s] ${name}`);
  ensureDebianPackages(DEBIAN_PACKAGES, log);
  execFileSync(join(repoRoot, 'scripts', 'install-chromium.sh'), { stdio: ['ignore', 'inherit', 'inherit'] });

  // Built in a staging folder and renamed at the end, so that an interrupted run leaves nothing
  // that looks finished.
  const staging = `${root}.staging-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    const run = (cwd, args, env = {}) =>
      execFileSync('npm', [...args, '--no-audit', '--no-fund'], {
        cwd,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...env },
      });
    step(`npm pack code-server@${CODE_SERVER_VERSION}`);
    const tarball = execFileSync('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], {
      cwd: staging,
      encoding: 'utf8',
    }).trim();
    execFileSync('tar', ['xzf', tarball, '--strip-components=1'], { cwd: staging });
    await rm(join(staging, tarball));

    step('code-server dependencies');
    run(staging, ['install', '--omit=dev', '--ignore-scripts']);
    run(staging, ['rebuild', 'argon2']);

    const vscode = join(staging, 'lib', 'vscode');
    step('VS Code dependencies');
    run(vscode, ['install', '--omit=dev', '--ignore-scripts']);
    step(`native modules: ${VSCODE_NATIVE.join(' ')}`);
    run(vscode, ['rebuild', ...VSCODE_NATIVE], { npm_config_yes: 'true' });
    const rg = join(vscode, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    await mkdir(dirname(rg), { recursive: true });
    await copyFile('/usr/bin/rg', rg);
    await symlink('node_modules', join(vscode, 'node_modules.asar'));

    step('built-in extensions');
    run(join(vscode, 'extensions'), ['install', '--omit=dev', '--ignore-scripts']);

    await writeFile(join(staging, '.installed.json'), JSON.stringify(stampFor()));
    await rm(root, { recursive: true, force: true });
    await rename(staging, root);
    step(`installed in ${root}`);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { root, entry, installed: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const { root, installed } = await installHarness();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `code-server ${CODE_SERVER_VERSION} ${installed ? 'installed' : 'already installed'} in ${root} (${seconds} s)`,
  );
}
