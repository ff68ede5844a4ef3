// The workbench loads in code-server with the packaged extension installed and enabled.
import { describe, expect, it } from 'vitest';
import manifest from '../../package.json';
import { installedExtension } from './support/ui';
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
});
