// The REST API turned on from the palette: /health answers, and /models answers with the key that
// `Llamune: Create API Key` put on the clipboard (read back in the page, as a paste would).
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { withStandInMlx } from './support/standIn';
import {
  activityBarItem,
  answerInputBox,
  notification,
  pickQuickItem,
  runCommand,
  statusBarItem,
} from './support/ui';
import { useWorkbench } from './support/workbench';

const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';

/** A port that was free a moment ago (the API setting needs a number; 0 is not allowed). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

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
    await runCommand(page, 'Llamune: Register Model');
    await answerInputBox(page, 'Model: a Hugging Face id', MODEL);
    await answerInputBox(page, 'Base model name', '');
    await pickQuickItem(page, 'MLX');
    await answerInputBox(page, 'LoRA adapter directory', '');
    await notification(page, `Model "${MODEL}" version 1 registered.`).waitFor();

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
