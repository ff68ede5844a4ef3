// An engineer trains v2 from the editor (English, PostgreSQL, the mlx_lm.lora and mlx_lm.server
// stand-ins): Train Adapter from the base model's context menu, the wrong answers exported first from
// that flow (Export Training Data, then its folder), fewer iterations, the loss chart moving in the training view, "Register as
// version 2" — v2 sits under its base in the Evaluate view, trained on those logs — then the re-test
// gate offered by the registration asks the wrong answers again of v2 and lists them to rate.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../package.nls.json';
import { migrateToLatest } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { evaluateLog, recordLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { startSession } from '../../src/core/domain/sessions';
import { createUser } from '../../src/core/domain/users';
import { useFreshPostgres } from './support/postgres';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, answerInputBox, notification, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const STAND_IN = join(process.cwd(), 'test', 'fixtures', 'fake-mlx-lora.mjs');

function evaluatePane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${en['view.evaluate']}`) }) });
}

function row(scope: Locator | Page, label: string): Locator {
  return scope
    .locator('.monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
}

describe('an engineer trains an adapter and registers it as v2 (English, PostgreSQL)', () => {
  const database = useFreshPostgres('train_adapter');
  let data = '';
  beforeAll(async () => {
    data = join(await mkdtemp(join(tmpdir(), 'llamune-e2e-train-')), 'wrong-answers');
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'engineer');
      const poc = await createPoc(db, { name: 'Tax PoC', domain: 'tax' });
      const model = await registerModel(db, { model_name: MODEL, provider: 'mlx' });
      const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: model.id });
      for (let i = 0; i < 12; i++) {
        const log = await recordLog(db, {
          session_id: session.id,
          question: `Question ${i}?`,
          answer: 'Wrong.',
        });
        await evaluateLog(db, log.id, {
          evaluation: 3,
          reason: 'wrong',
          correct_answer: `Right answer ${i}.`,
        });
      }
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('train-adapter', {
    settings: {
      'llamune.database.connectionString': database.url,
      'git.openRepositoryInParentFolders': 'never',
    },
    // Machine-scoped settings of a remote window live in its machine settings.
    prepare: withStandInMlx({ 'llamune.training.command': STAND_IN }),
    env: { FAKE_LORA_MS_PER_ITER: '40' },
  });

  it('trains with the stand-in, shows the loss falling, registers v2 under its base', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = evaluatePane(page);
    const base = pane.locator('.monaco-list-row[aria-level="2"]').filter({ hasText: MODEL });
    await base.waitFor({ timeout: 60_000 });
    await base.click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-menu-item', { hasText: en['command.trainAdapter'] });
    await menuItem.hover();
    await menuItem.press('Enter');

    // The data: exported first, from the training flow (Export Training Data into a folder of ours).
    const list = page.locator('.quick-input-widget');
    await row(list, 'Export training data first…').click();
    await list.locator('.quick-input-title', { hasText: 'Export Training Data' }).waitFor();
    await row(list, 'Output folder').click();
    await answerInputBox(page, 'Folder to write the files to (absolute path; created when missing)', data);
    await row(list, 'Preview…').waitFor();
    await list.locator('.quick-input-box input').press('Enter');
    await list
      .locator('.quick-input-title', { hasText: 'Export preview: 12 of 12 rated logs go to training' })
      .waitFor({ timeout: 30_000 });
    await row(list, 'Write files').first().click();
    await list.locator('.quick-input-title', { hasText: 'Train Adapter' }).waitFor({ timeout: 30_000 });
    const manifest = JSON.parse(await readFile(join(data, 'manifest.json'), 'utf8'));
    const trainCount: number = manifest.counts.per_file['train.jsonl'];
    expect(trainCount).toBeGreaterThan(0);

    // The choices: 30 iterations instead of 600, then start.
    await row(list, 'Iterations (--iters)').click();
    await answerInputBox(page, 'Iterations (--iters)', '30');
    await expect.poll(() => row(list, 'Iterations (--iters)').textContent()).toContain('30');
    await row(list, 'Start training').click();

    // The training view: the chart gains points while the stand-in reports, then the run ends well.
    const view = webviewContent(page);
    const chart = view.getByRole('img', { name: /^Loss chart/ });
    await expect
      .poll(async () => (await chart.getAttribute('aria-label')) ?? '', { timeout: 30_000 })
      .toMatch(/Train loss from [\d.]+ at iteration \d+ to [\d.]+ at iteration \d+/);
    await workbench().screenshot('training-running');
    const register = view.getByRole('button', { name: 'Register as version 2' });
    await register.waitFor({ timeout: 60_000 });
    const summary = (await chart.getAttribute('aria-label')) ?? '';
    const [, first, last] =
      /Train loss from ([\d.]+) at iteration \d+ to ([\d.]+) at iteration 30/.exec(summary) ?? [];
    expect(Number(last)).toBeLessThan(Number(first));
    await workbench().screenshot('training-finished');
    expect(await readdir(join(data, '..', 'adapters'))).toHaveLength(1);

    // Register: the note and the time are asked; v2 is then the selected model, under its base.
    await register.click();
    await answerInputBox(page, /a note on this version/, 'trained on the wrong answers');
    await answerInputBox(page, /When it was trained/, '2026-12-05T10:00:00Z');
    const registered = notification(
      page,
      new RegExp(`Registered .* v2, trained from .* v1 on ${trainCount} logs`),
    );
    await registered.waitFor({ timeout: 30_000 });
    // The base opens on its versions by itself.
    const child = pane.locator('.monaco-list-row[aria-level="3"]');
    await expect.poll(() => base.getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('true');
    await expect
      .poll(() => child.textContent(), { timeout: 30_000 })
      .toMatch(/^\s*v2\s*current · mlx · LoRA/);
    await workbench().screenshot('v2-registered');
    const rows = await database.query<{ version: number; adapter_path: string; training_log_count: number }>(
      'SELECT m.version, m.adapter_path, l.training_log_count FROM models m LEFT JOIN model_lineage l ON l.model_id = m.id ORDER BY m.id',
    );
    expect(rows.map((r) => [r.version, r.training_log_count])).toEqual([
      [1, null],
      [2, trainCount],
    ]);

    // The re-test gate, offered by the registration: the PoC's twelve wrong answers asked again of v2.
    await registered.getByRole('button', { name: 'Re-test Gate' }).click();
    const pick = page.locator('.quick-input-widget');
    await row(pick, 'Tax PoC').click();
    // The run's view shows it; its summary waits behind a notification's button.
    const done = notification(page, /Re-test gate: 12 questions → .* v2 — fixed 0, regressed 0/);
    await done.waitFor({ timeout: 120_000 });
    await done.getByRole('button', { name: 'Show Summary' }).click();
    const summaryTitle = pick.locator('.quick-input-title', {
      hasText: /Re-test gate: 12 questions → .* v2 — fixed 0, regressed 0/,
    });
    await summaryTitle.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => pick.textContent())
      .toContain('Not rated yet: pick one to rate it in the panel (12)');
    await workbench().screenshot('retest-summary');
    const retested = await database.query<{ model_id: number; n: string }>(
      'SELECT s.model_id, count(*) AS n FROM conversation_logs l JOIN sessions s ON s.id = l.session_id GROUP BY 1 ORDER BY 1',
    );
    expect(retested.map((r) => Number(r.n))).toEqual([12, 12]);
    const [run] = await database.query<{ status: string; kind: string }>(
      'SELECT status, kind FROM retest_runs',
    );
    expect(run).toEqual({ status: 'done', kind: 'gate' });
  });
});
