// code-server as the tests and `npm start` use it: a profile (user data, extensions, workspace
// folder and settings) in a folder of its own, the extension installed from a .vsix, the server on
// a free port of 127.0.0.1 with no authentication.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { enableDisplayLanguage } from './displayLanguage.mjs';
import { startProcess } from './processes.mjs';

/** Settings that keep the workbench quiet and predictable: no tips, no update checks, no telemetry. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  // The profiles live inside this repository: Git would offer to open it, a notification that pushes
  // the ones under test out of the notification center's view.
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Creates (or reuses) a profile under `dir` and writes its user settings.
 * @param {string} dir
 * @param {Record<string, unknown>} [settings] merged over QUIET_SETTINGS
 */
export async function createProfile(dir, settings = {}) {
  const profile = {
    dir,
    userDataDir: join(dir, 'user-data'),
    extensionsDir: join(dir, 'extensions'),
    folder: join(dir, 'workspace'),
    configFile: join(dir, 'code-server.yaml'),
  };
  await mkdir(join(profile.userDataDir, 'User'), { recursive: true });
  await mkdir(profile.extensionsDir, { recursive: true });
  await mkdir(profile.folder, { recursive: true });
  await writeFile(
    join(profile.userDataDir, 'User', 'settings.json'),
    `${JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2)}\n`,
  );
  // Its own config file, so that code-server neither reads nor writes ~/.config/code-server.
  await writeFile(profile.configFile, 'auth: none\n');
  return profile;
}

/** @typedef {Awaited<ReturnType<typeof createProfile>>} Profile */

/** @param {Profile} profile */
function profileArgs(profile) {
  return [
    '--config',
    profile.configFile,
    '--user-data-dir',
    profile.userDataDir,
    '--extensions-dir',
    profile.extensionsDir,
  ];
}

/**
 * Installs a .vsix into the profile with code-server's own CLI.
 * @param {string} entry code-server's out/node/entry.js
 * @param {Profile} profile
 * @param {string} vsix
 */
export function installExtension(entry, profile, vsix) {
  return execFileSync(
    process.execPath,
    [entry, ...profileArgs(profile), '--force', '--install-extension', vsix],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * The profile's installed extensions as `publisher.name@version`.
 * @param {string} entry
 * @param {Profile} profile
 * @returns {string[]}
 */
export function listExtensions(entry, profile) {
  const output = execFileSync(
    process.execPath,
    [entry, ...profileArgs(profile), '--list-extensions', '--show-versions'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[\w-]+\.[\w-]+@/.test(line));
}

/**
 * Starts code-server on a free port and resolves once it listens. `locale` (e.g. `ja`) is VS Code's
 * display language, as `vscode.env.language` reports it to extensions.
 * @param {string} entry
 * @param {Profile} profile
 * @param {{ locale?: string, env?: NodeJS.ProcessEnv, args?: string[], host?: string, port?: number, onLine?: (line: string) => void }} [options]
 */
export async function startCodeServer(entry, profile, options = {}) {
  const { locale, env, args = [], host = '127.0.0.1', port = 0, onLine } = options;
  if (locale) await enableDisplayLanguage(profile, locale);
  const server = startProcess(
    process.execPath,
    [
      entry,
      ...profileArgs(profile),
      '--auth',
      'none',
      '--bind-addr',
      `${host}:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...(locale ? ['--locale', locale] : []),
      ...args,
      profile.folder,
    ],
    { env: { ...process.env, ...env }, onLine },
  );
  try {
    const [, address] = await server.waitForLine(/HTTP server listening on (http:\/\/\S+?)\/?$/, 60_000);
    const base = new URL(address);
    const url = new URL(`/?folder=${encodeURIComponent(profile.folder)}`, base).toString();
    return { server, port: Number(base.port), baseUrl: base.toString(), url };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
