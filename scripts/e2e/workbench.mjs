// One end-to-end session: a fresh profile with the packaged extension installed, code-server on a
// free port, headless Chromium showing the workbench — and the one `close()` that stops them all.
// Artifacts (screenshots, server output, browser console, VS Code's logs) go to `artifactsDir`.
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchChromium, openWorkbench } from './browser.mjs';
import { createProfile, installExtension, listExtensions, startCodeServer } from './codeServer.mjs';

/**
 * @typedef {object} WorkbenchOptions
 * @property {string} entry code-server's out/node/entry.js (from installHarness)
 * @property {string} vsix the packaged extension
 * @property {string} profileDir a folder for this run's user data, extensions and workspace (emptied first)
 * @property {string} artifactsDir where screenshots and logs go
 * @property {Record<string, unknown>} [settings] user settings
 * @property {string} [locale] VS Code's display language (`--locale`) and the browser's
 * @property {NodeJS.ProcessEnv} [env] extra environment for code-server and its extension host
 * @property {(profile: import('./codeServer.mjs').Profile) => Promise<void>} [prepare] e.g. files in the workspace
 */

/** @param {WorkbenchOptions} options */
export async function startWorkbench(options) {
  const { entry, vsix, profileDir, artifactsDir, settings, locale, env, prepare } = options;
  const timings = /** @type {Record<string, number>} */ ({});
  const time = async (name, work) => {
    const started = Date.now();
    const result = await work();
    timings[name] = Date.now() - started;
    return result;
  };
  await rm(profileDir, { recursive: true, force: true });
  await mkdir(artifactsDir, { recursive: true });
  const profile = await createProfile(profileDir, settings);
  if (prepare) await prepare(profile);

  /** @type {Awaited<ReturnType<typeof startCodeServer>> | undefined} */
  let codeServer;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  /** @type {Awaited<ReturnType<typeof openWorkbench>> | undefined} */
  let opened;
  let screenshots = 0;
  let closed = false;

  const session = {
    profile,
    timings,
    get codeServer() {
      if (!codeServer) throw new Error('code-server is not running');
      return codeServer;
    },
    get page() {
      if (!opened) throw new Error('the workbench is not open');
      return opened.page;
    },
    /** The profile's extensions, as code-server's CLI lists them. */
    listExtensions: () => listExtensions(entry, profile),
    /** Saves a numbered full-window screenshot; returns its path. */
    async screenshot(/** @type {string} */ name) {
      screenshots += 1;
      const file = join(
        artifactsDir,
        `${String(screenshots).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`,
      );
      await session.page.screenshot({ path: file });
      return file;
    },
    /** What explains a failure: a screenshot, code-server's output, the browser console, VS Code's logs. */
    async saveFailureArtifacts(/** @type {string} */ label = 'failure') {
      const dir = join(artifactsDir, label);
      await mkdir(dir, { recursive: true });
      if (opened) await opened.page.screenshot({ path: join(dir, 'screenshot.png') }).catch(() => undefined);
      if (codeServer) await writeFile(join(dir, 'code-server.log'), codeServer.server.output.join('\n'));
      if (opened) await writeFile(join(dir, 'browser-console.log'), opened.consoleLines.join('\n'));
      // Holds the extension host's log and every output channel, the extension's own included.
      await cp(join(profile.userDataDir, 'logs'), join(dir, 'vscode-logs'), { recursive: true }).catch(
        () => undefined,
      );
      return dir;
    },
    async close() {
      if (closed) return;
      closed = true;
      await browser?.close().catch(() => undefined);
      await codeServer?.server.stop();
    },
  };

  try {
    await time('installExtension', async () => installExtension(entry, profile, vsix));
    codeServer = await time('startCodeServer', () => startCodeServer(entry, profile, { locale, env }));
    browser = await time('launchChromium', () => launchChromium());
    opened = await openWorkbench(browser, codeServer.url, { locale });
    timings.openWorkbench = opened.loadMs;
  } catch (error) {
    await session.saveFailureArtifacts('startup-failure').catch(() => undefined);
    await session.close();
    throw error;
  }
  return session;
}

/** @typedef {Awaited<ReturnType<typeof startWorkbench>>} Workbench */
