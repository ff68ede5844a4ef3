// The database goes away under an open panel (issue 17): PostgreSQL on a throwaway cluster this test
// starts itself, an answer rated Wrong with a reason and a correction; the cluster stopped, Save says
// "Not saved" and why, and keeps every word typed; the cluster started again, the same Save stores the
// rating — no restart of anything, and the row holds exactly what was typed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { labels } from '../../src/protocol/labels';
import { startThrowawayCluster, type ThrowawayCluster } from '../integration/api/throwawayCluster';
import { askAndSeeItStream, wholeAnswer } from './support/panelSteps';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.en;
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const POC = { name: 'Outage PoC', domain: 'ops' };
const QUESTION = 'What happens to my rating if the database restarts?';
const RATING = {
  reason: 'It claims the rating is lost; it is kept and saved again.',
  correctAnswer: 'The panel keeps it and says it was not saved; save again once the database is back.',
};

describe('a rating saved while the database is down (PostgreSQL on a throwaway cluster)', () => {
  let cluster: ThrowawayCluster | undefined;
  const settings: Record<string, unknown> = {};
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    settings['llamune.database.connectionString'] = cluster.url;
    const handle = await openDatabase({ kind: 'postgres', url: cluster.url, poolSize: 1 });
    try {
      await migrateToLatest(handle.db);
      await createPoc(handle.db, POC);
      await registerModel(handle.db, { model_name: MODEL, base_model: MODEL, provider: 'mlx' });
    } finally {
      await handle.close();
    }
  }, 180_000);
  afterAll(async () => {
    await cluster?.destroy();
  });
  // Read by the workbench when it starts, after the cluster above has its URL.
  const workbench = useWorkbench('database-outage-panel', {
    settings,
    prepare: withStandInMlx(),
  });

  it('says "Not saved", keeps the text, and saves it once the database is back', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').waitFor();
    await runCommand(page, 'Llamune: Open Evaluation Panel');
    const panel = webviewContent(page);
    await panel.getByRole('button', { name: t.startSession }).waitFor({ timeout: 60_000 });
    await panel.getByLabel(t.poc, { exact: true }).selectOption({ label: `${POC.name} (${POC.domain})` });
    await panel.getByLabel(t.model, { exact: true }).selectOption({ label: `${MODEL} v1` });
    await panel.getByRole('button', { name: t.startSession }).click();
    await panel.getByRole('button', { name: t.endSession }).waitFor();
    const card = await askAndSeeItStream(panel, QUESTION);
    await wholeAnswer(card);

    await card.getByRole('button', { name: t.evaluation[3] }).click();
    await card.getByLabel(t.reason, { exact: true }).fill(RATING.reason);
    await card.getByLabel(t.correctAnswer, { exact: true }).fill(RATING.correctAnswer);

    await cluster!.stop();
    await card.getByRole('button', { name: t.save }).click();
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '), { timeout: 30_000 })
      .toContain('Not saved: the database is unavailable right now.');
    expect(await card.locator('.save-state').getAttribute('data-state')).toBe('failed');
    expect(await card.getByLabel(t.reason, { exact: true }).inputValue()).toBe(RATING.reason);
    expect(await card.getByLabel(t.correctAnswer, { exact: true }).inputValue()).toBe(RATING.correctAnswer);
    await workbench().screenshot('rating-not-saved');

    await cluster!.start();
    await card.getByRole('button', { name: t.save }).click();
    await expect
      .poll(async () => (await card.locator('.save-state').textContent())?.replace(/\s+/g, ' '), {
        timeout: 30_000,
      })
      .toContain(`${t.saved} · ${t.evaluation[3]}`);
    await workbench().screenshot('rating-saved-after-restart');

    const handle = await openDatabase({ kind: 'postgres', url: cluster!.url, poolSize: 1 });
    try {
      const rows = await handle.db
        .selectFrom('conversation_logs')
        .select(['question', 'evaluation', 'reason', 'correct_answer', 'evaluated_at'])
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        question: QUESTION,
        evaluation: 3,
        reason: RATING.reason,
        correct_answer: RATING.correctAnswer,
      });
      expect(rows[0]!.evaluated_at).not.toBeNull();
    } finally {
      await handle.close();
    }
  });
});
