// A blind A/B test in the editor (English, PostgreSQL, the MLX stand-in): from a PoC's context menu in
// the Logs view, two models answer its two questions one at a time; the A/B view shows answers A and B
// with no model named; the user votes A on the first and tie (the T key) on the second, sees which model
// was which after each vote, and the win rate with its count at the top.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../package.nls.json';
import { migrateToLatest } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { recordLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { startSession } from '../../src/core/domain/sessions';
import { createUser } from '../../src/core/domain/users';
import { useFreshPostgres } from './support/postgres';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, notification, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const POC = 'Tax PoC';
const FIRST = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const SECOND = 'mlx-community/Llama-3.2-3B-Instruct-4bit';
const QUESTIONS = ['What is the standard VAT rate?', 'When is the filing deadline?'];
/** Both models answer alike, so that only the reveal can tell them apart. */
const ANSWER = 'It depends on **the jurisdiction**.';

function logsPane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${en['view.logs']}`) }) });
}

function quickPickRow(page: Page, label: RegExp): Locator {
  return page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label });
}

describe('a blind A/B test of two models (English, PostgreSQL)', () => {
  const database = useFreshPostgres('ab_test');
  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'analyst');
      const poc = await createPoc(db, { name: POC, domain: 'tax', default_system_prompt: 'Answer briefly.' });
      const qwen = await registerModel(db, { model_name: FIRST, base_model: 'qwen', provider: 'mlx' });
      await registerModel(db, { model_name: SECOND, base_model: 'llama', provider: 'mlx' });
      const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: qwen.id });
      for (const question of QUESTIONS)
        await recordLog(db, { session_id: session.id, question, answer: 'Old.' });
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('ab-test', {
    settings: {
      'llamune.database.connectionString': database.url,
      'git.openRepositoryInParentFolders': 'never',
    },
    prepare: withStandInMlx({ 'llamune.mlx.args': [`--fake-answer=${ANSWER}`] }),
  });

  it('asks both models, hides which is A, votes A and tie, and shows the reveal and the win rate', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = logsPane(page);
    const poc = pane.locator('.monaco-list-row').filter({ hasText: new RegExp(`^\\s*${POC}`) });
    await poc.waitFor({ timeout: 60_000 });
    await poc.click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-menu-item', { hasText: en['command.abTest'] });
    await menuItem.hover();
    await menuItem.press('Enter');

    const pick = page.locator('.quick-input-widget');
    await pick.locator('input[placeholder="The first model or version to compare"]').waitFor();
    await quickPickRow(page, /^\s*qwen v1/).click();
    await pick.locator('input[placeholder^="The second model or version"]').waitFor();
    expect(await pick.locator('.quick-input-title').textContent()).toBe('Blind A/B Test');
    await quickPickRow(page, /^\s*llama v1/).click();

    // Four answers, one at a time; then the A/B view opens on the first question.
    const view = webviewContent(page);
    const heading = view.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 120_000 }).toBe('Question 1 of 2');
    await expect.poll(() => view.locator('.question-text').textContent()).toBe(QUESTIONS[0]);
    const answerA = view.getByRole('region', { name: 'Answer A' });
    expect(await answerA.locator('strong').textContent()).toBe('the jurisdiction');
    expect(await view.locator('article.item').textContent()).not.toMatch(/qwen|llama/i);
    expect(await view.locator('.win-rates').textContent()).toContain('No vote yet');
    await workbench().screenshot('ab-blind');

    await view.getByRole('button', { name: 'A is better' }).click();
    const reveal = view.locator('.reveal');
    await expect
      .poll(() => reveal.textContent())
      .toMatch(/^You chose A: (qwen|llama) v1\. A was (qwen|llama) v1, B was (qwen|llama) v1\.$/);
    const [, winner, a, b] =
      /You chose A: (\w+) v1\. A was (\w+) v1, B was (\w+) v1\./.exec((await reveal.textContent()) ?? '') ??
      [];
    expect(winner).toBe(a);
    expect([a, b].sort()).toEqual(['llama', 'qwen']);
    await workbench().screenshot('ab-revealed');

    await view.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => heading.textContent()).toBe('Question 2 of 2');
    // The T key votes a tie (the focus is in the view, not in the reason box).
    await view.locator('.question-text').click();
    await view.locator('.question-text').press('t');
    await expect
      .poll(() => reveal.textContent())
      .toMatch(/^You called it a tie\. A was (qwen|llama) v1, B was (qwen|llama) v1\.$/);

    // qwen (the first model named) against llama: one decided vote and one tie.
    const qwenWon = winner === 'qwen';
    await expect
      .poll(() => view.locator('.rate').textContent())
      .toBe(
        `qwen v1 vs llama v1: qwen v1 wins ${qwenWon ? '100% (95% interval 21%–100%)' : '0% (95% interval 0%–79%)'}` +
          ` ${qwenWon ? '1 win, 0 losses' : '0 wins, 1 loss'}, 1 tie of 2 votes`,
      );
    expect(await view.getByRole('status').first().textContent()).toBe('You voted on 2 of 2.');
    await workbench().screenshot('ab-win-rate');
    expect(await notification(page, /paused/).count()).toBe(0);

    const votes = await database.query<{ choice: string }>('SELECT choice FROM ab_votes ORDER BY id');
    expect(votes.map((v) => v.choice)).toEqual(['A', 'tie']);
    const answers = await database.query<{ n: string }>(
      'SELECT count(*) AS n FROM ab_items WHERE a_log_id IS NOT NULL AND b_log_id IS NOT NULL',
    );
    expect(Number(answers[0]!.n)).toBe(2);
    const logs = await database.query<{ answer: string }>('SELECT answer FROM conversation_logs ORDER BY id');
    expect(logs.map((l) => l.answer)).toEqual(['Old.', 'Old.', ANSWER, ANSWER, ANSWER, ANSWER]);
  });
});
