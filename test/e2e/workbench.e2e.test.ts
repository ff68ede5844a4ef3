// The workbench loads in code-server with the packaged extension installed and enabled.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import manifest from '../../package.json';
import { activityBarItem, installedExtension } from './support/ui';
import { useWorkbench } from './support/workbench';

const EXTENSION_ID = 'llamune.llamune-poc';

describe('the packaged extension in code-server', () => {
  const workbench = useWorkbench('workbench-loads');

  it('is installed in the fresh profile, as code-server lists it', () => {
    expect(workbench().listExtensions()).toContain(`${EXTENSION_ID}@${manifest.version}`);
  });

  it('draws the workbench with the workspace folder open', async () => {
    const { page } = workbench();
    await expect.poll(() => page.title()).toMatch(/workspace/);
    await page.locator('.part.activitybar').waitFor();
    await workbench().screenshot('workbench-loaded');
  });

  it('shows the extension as installed and enabled in the Extensions view', async () => {
    const { page } = workbench();
    const row = await installedExtension(page, EXTENSION_ID);
    await workbench().screenshot('extensions-view');
    expect(await row.getAttribute('aria-label')).toMatch(
      new RegExp(`^Llamune PoC, ${manifest.version.replace(/\./g, '\\.')}, Publisher llamune`),
    );
    // A disabled extension's entry carries the `disabled` class (and is dimmed).
    expect(await row.locator('.extension-list-item').getAttribute('class')).not.toMatch(/\bdisabled\b/);
  });

  it('adds the Llamune container to the activity bar, which opens the Evaluate and Logs views', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    await page.locator('.sidebar .composite.title .title-label', { hasText: /^Llamune$/i }).waitFor();
    await page.locator('.sidebar .pane-header', { hasText: /^Evaluate/i }).waitFor();
    await page.locator('.sidebar .pane-header', { hasText: /^Logs/i }).waitFor();
    await workbench().screenshot('llamune-sidebar');
  });

  it('saves what explains a failure: screenshot, server output, browser console and VS Code logs', async () => {
    const dir = await workbench().saveFailureArtifacts('artifacts-check');
    expect(existsSync(join(dir, 'screenshot.png'))).toBe(true);
    expect(readFileSync(join(dir, 'code-server.log'), 'utf8')).toMatch(/HTTP server listening on/);
    expect(existsSync(join(dir, 'browser-console.log'))).toBe(true);
    const logs = readdirSync(join(dir, 'vscode-logs'), { recursive: true }).map(String);
    expect(logs.some((file) => /exthost\d*[/\\]remoteexthost\.log$/.test(file))).toBe(true);
  });
});
