// `npm start` without a desktop VS Code: the packaged extension installed into a lasting profile
// (.cache/start, so the embedded database and settings survive restarts), served by code-server
// until Ctrl+C. The URL to open is printed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createProfile, installExtension, startCodeServer } from './codeServer.mjs';
import { repoRoot } from './inEditorTests.mjs';
import { installHarness } from './installHarness.mjs';
import { packageExtension } from './packageExtension.mjs';

/** @param {{ check?: boolean, port?: number }} [options] */
export async function serveInCodeServer({
  check = false,
  port = Number(process.env.LLAMUNE_PORT ?? 0),
} = {}) {
  const { entry } = await installHarness();
  console.error('Packaging the extension…');
  const vsix = await packageExtension(join(repoRoot, '.cache', 'start', 'llamune-poc.vsix'));
  const profileDir = join(repoRoot, '.cache', 'start', 'profile');
  // The user's own settings are kept from one start to the next; only a new profile gets defaults.
  const isNew = !existsSync(join(profileDir, 'user-data', 'User', 'settings.json'));
  const profile = isNew
    ? await createProfile(profileDir)
    : {
        dir: profileDir,
        userDataDir: join(profileDir, 'user-data'),
        extensionsDir: join(profileDir, 'extensions'),
        folder: join(profileDir, 'workspace'),
        configFile: join(profileDir, 'code-server.yaml'),
      };
  installExtension(entry, profile, vsix.path);
  const { server, url } = await startCodeServer(entry, profile, { port });
  const stop = () => server.stop();
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(143)));

  if (check) {
    const response = await fetch(url);
    await stop();
    if (!response.ok) throw new Error(`the workbench at ${url} answered ${response.status}`);
    console.log(`The workbench answered at ${url} (HTTP ${response.status}); stopped.`);
    return;
  }
  console.log(`\nLlamune PoC is running in VS Code (code-server). Open:\n\n  ${url}\n\nCtrl+C stops it.`);
  const code = await server.exited;
  console.error(`code-server exited (${code}).`);
}
