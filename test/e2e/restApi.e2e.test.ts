import { describe, expect, it } from 'vitest';
import { freePort, registerMlxModelFromPalette } from './support/setUp';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, notification, runCommand, statusBarItem } from './support/ui';
import { useWorkbench } from './support/workbench';

const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';

describe('the REST API started from the palette', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const workbench = useWorkbench('rest-api', {
    settings: {
      'llamune.api.port': port,
    },
    // Not an MLX machine: without a command of its own the extension would offer Ollama first.
    prepare: withStandInMlx(),
  });

  it('answers GET /health once started, and GET /models with the key from Create API Key', async () => {
    const { page } = workbench();
    await page
      .context()
      .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });

    // The extension's contributions are loaded once its activity-bar entry is drawn.
    await activityBarItem(page, 'Llamune').waitFor();
    // The extension's contributions are loaded once its activity-bar entry is drawn.
    await activityBarItem(page, 'Llamune').waitFor();
    await registerMlxModelFromPalette(page, MODEL);

    await runCommand(page, 'Llamune: Start REST API');
    await notification(page, `The REST API is serving at ${base}`).waitFor();
    await statusBarItem(page, `API :${port}`).waitFor();
    await workbench().screenshot('rest-api-started');

    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/models`)).status).toBe(401);

    await runCommand(page, 'Llamune: Create API Key');
    const created = notification(page, /A new API key for ".+" was created/);
    await created.waitFor();
    await workbench().screenshot('api-key-created');
    await created.getByRole('button', { name: 'Copy Key' }).click();
    await notification(page, 'API key copied to the clipboard.').waitFor();
    const apiKey = await page.evaluate(() => navigator.clipboard.readText());
    expect(apiKey).toMatch(/\S{16,}/);

    const models = await fetch(`${base}/models`, { headers: { 'X-API-Key': apiKey } });
    expect(models.status).toBe(200);
    const body = (await models.json()) as {
      models: { model_name: string; version: number; provider: string }[];
    };
    expect(body.models.map((m) => [m.model_name, m.version, m.provider])).toEqual([[MODEL, 1, 'mlx']]);
    expect((await fetch(`${base}/models`, { headers: { 'X-API-Key': `${apiKey}x` } })).status).toBe(401);

    await runCommand(page, 'Llamune: Stop REST API');
    await notification(page, 'The REST API is stopped.').waitFor();
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    await workbench().screenshot('rest-api-stopped');
  });
});
