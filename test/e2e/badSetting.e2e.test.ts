// A bad `llamune.*` value in the user's settings.json: reported once, clearly (a warning naming the
// setting, and one log line), not again when other settings change, and its default used — here the
// default max tokens (2048) goes with the question, so the answer is whole although the stand-in
// server, like mlx_lm.server with --max-tokens, cuts answers that name no limit at 4 tokens.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { labels } from '../../src/protocol/labels';
import { useFreshPostgres } from './support/postgres';
import { createPocFromPalette, freePort, registerMlxModelFromPalette } from './support/setUp';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.en;
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const POC = { name: 'Settings PoC', domain: 'settings' };
const QUESTION = 'Which limit applies to this answer?';
const MAX_TOKENS_WARNING =
  /The setting llamune\.generation\.maxTokens is invalid \(.+\); its default is used\./;

/** The extension's log ("Llamune" channel) of each extension host so far, joined. */
async function extensionLog(userDataDir: string): Promise<string> {
  const logsDir = join(userDataDir, 'logs');
  const files = (await readdir(logsDir, { recursive: true })).filter((file) =>
    file.endsWith(join('llamune.llamune-poc', 'Llamune.log')),
  );
  return (await Promise.all(files.map((file) => readFile(join(logsDir, file), 'utf8')))).join('');
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;

/** The notifications center's entries matching `text` (it lists every notification, toasts or not). */
async function notificationsMatching(page: Page, text: RegExp): Promise<number> {
  await runCommand(page, 'Notifications: Show Notifications');
  const items = page.locator('.notifications-center .notification-list-item').filter({ hasText: text });
  await items.first().waitFor();
  const n = await items.count();
  await runCommand(page, 'Notifications: Hide Notifications');
  return n;
}

describe('a bad setting in settings.json', async () => {
  const port = await freePort();
  const database = useFreshPostgres('bad_setting');
  const settings = {
    'llamune.database.connectionString': database.url,
    'llamune.generation.maxTokens': -5,
    'llamune.api.port': port,
  };
  const workbench = useWorkbench('bad-setting', {
    settings,
    prepare: withStandInMlx({ 'llamune.mlx.args': ['--max-tokens=4'] }),
  });
  const log = () => extensionLog(workbench().profile.userDataDir);

  it('is reported once, by name, when the extension starts', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    expect(await notificationsMatching(page, MAX_TOKENS_WARNING)).toBe(1);
    await workbench().screenshot('warning');
    // The log file is written after the notification shows: wait for its line, then there is one.
    await expect.poll(async () => count(await log(), MAX_TOKENS_WARNING), { timeout: 15_000 }).toBe(1);
    const activation = (await log()).match(/Llamune activated in ([\d.]+) ms/);
    console.log(`[bad-setting] activation: ${activation?.[1]} ms`);
    expect(activation).not.toBeNull();
  });

  it('is not reported again when another setting changes', async () => {
    const { page } = workbench();
    // The command turns llamune.api.enabled on; the settings are read again, the API starts.
    await runCommand(page, 'Llamune: Start REST API');
    expect(
      await notificationsMatching(
        page,
        new RegExp(`The REST API is serving at http://127\\.0\\.0\\.1:${port}`),
      ),
    ).toBe(1);
    const user = await readFile(join(workbench().profile.userDataDir, 'User', 'settings.json'), 'utf8');
    expect(JSON.parse(user)).toMatchObject({ 'llamune.api.enabled': true });
    // Only that setting changed; the connection string in the user's settings.json still applies
    // (with scope machine-overridable, a remote window such as code-server's dropped it here). The
    // log file lags the window: wait for the change's line before counting warnings.
    await expect.poll(log, { timeout: 15_000 }).toMatch(/Settings changed: api\.enabled$/m);
    expect(count(await log(), MAX_TOKENS_WARNING)).toBe(1);
    expect(await notificationsMatching(page, MAX_TOKENS_WARNING)).toBe(1);
  });

  it('uses the default instead: the question goes with 2048 max tokens and the answer is whole', async () => {
    const { page } = workbench();
    await createPocFromPalette(page, POC);
    await registerMlxModelFromPalette(page, MODEL);

    await runCommand(page, 'Llamune: Open Evaluation Panel');
    const panel = webviewContent(page);
    await panel.getByRole('button', { name: t.startSession }).waitFor();
    await panel.getByLabel(t.poc, { exact: true }).selectOption({ label: `${POC.name} (${POC.domain})` });
    await panel.getByLabel(t.model, { exact: true }).selectOption({ label: `${MODEL} v1` });
    await panel.getByRole('button', { name: t.startSession }).click();
    await panel.getByRole('button', { name: t.endSession }).waitFor();
    const questionBox = panel.getByRole('textbox', { name: t.question });
    await questionBox.fill(QUESTION);
    await questionBox.press('Control+Enter');
    const card = panel.getByRole('article', { name: QUESTION });
    await card.getByRole('button', { name: t.evaluation[3] }).waitFor({ timeout: 60_000 });
    await workbench().screenshot('answered');

    const rows = await database.query<{ answer: string }>('SELECT answer FROM conversation_logs');
    expect(rows).toHaveLength(1);
    // The stand-in's whole answer ends with the question; cut at 4 tokens it would be "Answer from model=… adapters=none ".
    expect(rows[0]?.answer).toBe(`Answer from model=${MODEL} adapters=none roles=user to: ${QUESTION}`);
  });
});
