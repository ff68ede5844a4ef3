// An engineer checks v2 against what v1 got wrong (English, PostgreSQL, the mlx_lm.server stand-in):
// Re-test… from the PoC's context menu in the Logs view, v2 ticked in the versions pick; the panel
// shows the run side by side as v2 answers; both new answers rated Good with the key 1 in that view;
// the counts say 2 fixed, and the chart of ratings per version shows v2's bar with 2 good.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../../package.nls.json';
import { migrateToLatest } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { evaluateLog, recordLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { startSession } from '../../src/core/domain/sessions';
import { createUser } from '../../src/core/domain/users';
import { labels } from '../../src/protocol/labels';
import { useFreshPostgres } from './support/postgres';
import { withStandInMlx } from './support/standIn';
import { activityBarItem, notification, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.en;
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const POC = 'Tax PoC';
const WRONG = [
  { question: 'What is the consumption tax rate?', answer: '8 %.', correction: 'It is 10 % since 2019.' },
  { question: 'When is the filing deadline?', answer: 'In May.', correction: 'By 31 March.' },
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A question set of 20 questions with expected answers, and on line 5 a row with no question. */
const SET_SIZE = 20;
const QUESTION_SET = [
  'question,expected_answer',
  ...Array.from({ length: SET_SIZE }, (_, i) => `"Set question ${i + 1}?","Expected answer ${i + 1}."`),
];
QUESTION_SET.splice(4, 0, ',an answer without its question');

function logsPane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${en['view.logs']}`) }) });
}

function quickPickRow(page: Page, label: RegExp): Locator {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: label }) });
}

/** Rates the new answer of the question at `position` Good with the key 1, in the side-by-side view. */
async function rateGood(panel: FrameLocator, position: number): Promise<void> {
  await panel.locator(`[role="option"][data-position="${position}"]`).click();
  const side = panel.getByRole('region', { name: `New answer · ${MODEL} v2` });
  await side.getByRole('button', { name: t.evaluation[1] }).waitFor({ timeout: 30_000 });
  await panel.locator(`[role="option"][data-position="${position}"]`).press('1');
  await expect
    .poll(async () => (await side.locator('.save-state').textContent())?.replace(/\s+/g, ' '), {
      timeout: 15_000,
    })
    .toContain(`${t.saved} · ${t.evaluation[1]}`);
}

describe('an engineer re-tests v1’s wrong answers on v2 side by side (English, PostgreSQL)', () => {
  const database = useFreshPostgres('retest_view');
  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'engineer');
      const poc = await createPoc(db, { name: POC, domain: 'tax' });
      const v1 = await registerModel(db, {
        model_name: MODEL,
        base_model: MODEL,
        provider: 'mlx',
        version: 1,
      });
      await registerModel(db, { model_name: MODEL, base_model: MODEL, provider: 'mlx', version: 2 });
      const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: v1.id });
      for (const wrong of WRONG) {
        const log = await recordLog(db, {
          session_id: session.id,
          question: wrong.question,
          answer: wrong.answer,
        });
        await evaluateLog(db, log.id, {
          evaluation: 3,
          reason: 'Outdated.',
          correct_answer: wrong.correction,
        });
      }
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('retest-view', {
    settings: {
      'llamune.database.connectionString': database.url,
      'git.openRepositoryInParentFolders': 'never',
    },
    prepare: async (profile) => {
      await withStandInMlx({ 'llamune.mlx.args': ['--fake-token-delay-ms=30'] })(profile);
      await writeFile(join(profile.folder, 'questions.csv'), `${QUESTION_SET.join('\n')}\n`);
    },
  });

  it('re-tests the two wrong answers on v2, rates both Good side by side: 2 fixed, v2’s bar 2 good', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = logsPane(page);
    const poc = pane
      .locator('.monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(POC)}$`) }) });
    await expect.poll(() => poc.locator('.label-description').textContent(), { timeout: 60_000 }).toBe('2');
    await poc.click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-menu-item', { hasText: en['command.retest'] });
    await menuItem.hover();
    await menuItem.press('Enter');

    // The versions to ask: several may be ticked; only v2 here.
    const v2 = quickPickRow(page, /v2$/);
    await v2.waitFor({ timeout: 30_000 });
    const v1 = quickPickRow(page, /v1$/);
    if ((await v1.getAttribute('aria-checked')) === 'true') await v1.click();
    await v2.click();
    await expect.poll(() => v2.getAttribute('aria-checked')).toBe('true');
    await workbench().screenshot('retest-versions');
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');

    // The panel shows the run: the old answer, its rating and correction beside v2's, as it streams.
    const panel = webviewContent(page);
    await panel.getByRole('listbox', { name: t.retest.questions }).waitFor({ timeout: 60_000 });
    const old = panel.getByRole('region', { name: t.retest.oldAnswer });
    // The selection follows the question being asked: on a fast machine it may be on either by now.
    await expect
      .poll(
        async () => {
          const text = (await old.textContent()) ?? '';
          return WRONG.some((w) => text.includes(w.correction));
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(await old.textContent()).toContain(`${t.retest.oldRating}: ${t.evaluation[3]}`);
    await workbench().screenshot('retest-side-by-side');
    // The first question, picked while the run may still be on the second, is rated at once.
    await rateGood(panel, 0);

    // The run ends with its summary as a notification, not a pick: the view shows the counts already,
    // and a pick would take the keys of someone rating in it (the first one may be rated by now).
    await notification(page, /Re-test: 2 questions → .* v2 — fixed [01], regressed 0/).waitFor({
      timeout: 120_000,
    });
    expect(await page.locator('.quick-input-widget:visible').count()).toBe(0);
    await expect
      .poll(() => panel.getByRole('status').textContent(), { timeout: 30_000 })
      .toContain(`${t.retest.status.done} · ${t.retest.progress('2', '2')}`);

    await rateGood(panel, 1);
    const fixed = panel.getByRole('button', { name: t.retest.showFlip(t.retest.flips.fixed, '2') });
    await fixed.waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: t.retest.showFlip(t.retest.flips.unrated, '0') }).waitFor();
    await workbench().screenshot('retest-two-fixed');

    // The chart of the run's PoC: v2's bar with 2 good (the numbers in its table too).
    await panel.locator('.rating-chart > summary').click();
    const v2Row = panel.locator(`.rc-table tr[data-version="${MODEL} v2"] td`);
    await expect
      .poll(() => v2Row.allTextContents(), { timeout: 30_000 })
      .toEqual(['2', '0', '0', '0', '0 %']);
    expect(
      Number(
        await panel
          .locator(`.rc-bars [data-version="${MODEL} v2"] [data-kind="good"] .rc-seg`)
          .getAttribute('width'),
      ),
    ).toBeGreaterThan(0);
    await workbench().screenshot('retest-chart');

    const rows = await database.query<{ flip: string; model_id: number; evaluation: number }>(
      `SELECT s.model_id, l.evaluation FROM retest_items i
         JOIN conversation_logs l ON l.id = i.new_log_id JOIN sessions s ON s.id = l.session_id
        WHERE l.evaluated_at IS NOT NULL ORDER BY i.position`,
    );
    expect(rows.map((r) => r.evaluation)).toEqual([1, 1]);
  });

  it('runs a question set from a file against v1 and v2, pauses from the view and resumes without asking twice', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Explorer').click();
    const file = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'questions.csv' });
    await file.click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-menu-item', {
      hasText: en['command.retestQuestionSet'],
    });
    await menuItem.hover();
    await menuItem.press('Enter');

    // The broken line is named with its number; the other 20 questions are usable.
    const skipped = notification(page, 'questions.csv: 1 line(s) skipped — line 5: an empty question');
    await skipped.waitFor({ timeout: 30_000 });
    await workbench().screenshot('question-set-broken-line');
    await skipped.getByRole('button', { name: `Run the Other ${SET_SIZE}` }).click();
    // The PoC is asked for unless one is selected in the editor already.
    const pocRow = quickPickRow(page, new RegExp(`^${escapeRegExp(POC)}$`));
    await pocRow.or(quickPickRow(page, /v2$/)).first().waitFor({ timeout: 30_000 });
    if ((await pocRow.count()) > 0) await pocRow.click();
    // Both versions ticked: one run each, one after the other.
    for (const version of [/v1$/, /v2$/]) {
      const row = quickPickRow(page, version);
      await row.waitFor({ timeout: 30_000 });
      if ((await row.getAttribute('aria-checked')) !== 'true') await row.click();
      await expect.poll(() => row.getAttribute('aria-checked')).toBe('true');
    }
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');

    // v1's run in the panel: paused from the view half way.
    const panel = webviewContent(page);
    await panel.getByRole('heading', { name: `Questions: ${SET_SIZE} questions → ${MODEL} v1` }).waitFor({
      timeout: 60_000,
    });
    await panel.getByRole('button', { name: t.retest.pause }).click();
    const status = panel.getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).toContain(t.retest.status.paused);
    const answeredBefore = Number(/(\d+) of 20 asked/.exec((await status.textContent()) ?? '')?.[1]);
    expect(answeredBefore).toBeLessThan(SET_SIZE);
    // A question of the set: no old answer, its expected answer beside the new one.
    await panel.locator('[role="option"][data-position="0"]').click();
    const old = panel.getByRole('region', { name: t.retest.oldAnswer });
    await expect.poll(() => old.textContent(), { timeout: 15_000 }).toContain('Expected answer 1.');
    expect(await old.textContent()).toContain(t.retest.noOldAnswer);
    await workbench().screenshot('question-set-paused');

    // Resumed from the view: it goes on where it stopped, then its summary.
    await panel.getByRole('button', { name: t.retest.resume }).click();
    const summary = notification(
      page,
      new RegExp(`Questions: ${SET_SIZE} questions → .* v1 — fixed 0, regressed 0`),
    );
    await summary.waitFor({ timeout: 120_000 });

    // v2's run waits (the pause stopped the sequence): Resume Re-test… runs it.
    await runCommand(page, 'Llamune: Resume Re-test…');
    await quickPickRow(page, new RegExp(`Questions: ${SET_SIZE} questions → .* v2`)).click();
    await notification(
      page,
      new RegExp(`Questions: ${SET_SIZE} questions → .* v2 — fixed 0, regressed 0`),
    ).waitFor({
      timeout: 120_000,
    });

    // Each question asked once per version: nothing re-asked after the pause, nothing half-recorded.
    const runs = await database.query<{ status: string; items: string; answered: string; logs: string }>(
      `SELECT r.status, count(*) AS items, count(DISTINCT i.new_log_id) AS answered,
              (SELECT count(*) FROM conversation_logs l JOIN sessions s ON s.id = l.session_id
                WHERE s.model_id = r.target_model_id AND l.question LIKE 'Set question%') AS logs
         FROM retest_runs r JOIN retest_items i ON i.run_id = r.id
        WHERE r.kind = 'batch' GROUP BY r.id ORDER BY r.id`,
    );
    expect(runs.map((r) => [r.status, Number(r.items), Number(r.answered), Number(r.logs)])).toEqual([
      ['done', SET_SIZE, SET_SIZE, SET_SIZE],
      ['done', SET_SIZE, SET_SIZE, SET_SIZE],
    ]);
  });
});
