// Reviewers together, in the editor (English, PostgreSQL): the lead writes the PoC's rating guidelines in
// an editor tab and assigns its three wrong answers to alice and bob from the PoC's context menu in the
// Logs view (two reviews each). The extension's user (`llamune.user.name`, changed in the Settings
// editor) then becomes alice, who walks My Reviews blind in the review view, then bob, who agrees on two
// logs and disagrees on one: those two are verified at once, the third waits (status 1) — the tree and
// the database agree. The lead, back, finds it under Disagreements (on: correction), sees the
// corrections as a diff, picks bob's, and all three are verified; the agreement table shows the pair.
import { readFile } from 'node:fs/promises';
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
import { reviewLabels } from '../../src/protocol/reviewLabels';
import { useFreshPostgres } from './support/postgres';
import { activityBarItem, notification, runCommand, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = reviewLabels.en;
const POC = { name: 'Tax PoC', domain: 'accounting' };
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';
const LOGS = [
  { question: 'What is the standard VAT rate?', answer: 'It is 8%.' },
  { question: 'When is the VAT return due?', answer: 'Once a year, in June.' },
  { question: 'Is food taxed at a reduced rate?', answer: 'No, food is exempt.' },
];
/** What each reviewer writes as the correct answer: they differ on the first log only. */
const CORRECTIONS: Record<'alice' | 'bob', string[]> = {
  alice: [
    'The standard rate is ten percent.',
    'Within two months after the fiscal year ends.',
    'Yes, at 8%.',
  ],
  bob: ['The standard rate is 10%.', 'Within two months after the fiscal year ends.', 'Yes, at 8%.'],
};
const GUIDELINES = '# Tax rules\n\nA correction states the **current** rate.';

function logsPane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${en['view.logs']}`) }) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function treeRow(pane: Locator, label: string): Locator {
  return pane
    .locator('.monaco-list-row')
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

/** Runs a tree row's context-menu entry (hovered, then Enter: a click can land before the menu settles). */
async function contextMenu(row: Locator, title: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = row.page().locator('.context-view .action-menu-item', { hasText: title });
  await item.hover();
  await item.press('Enter');
}

/** Expands the PoC and its Wrong group in the Logs view (grouped by evaluation, the default). */
async function expandLogsOfPoc(pane: Locator): Promise<void> {
  for (const label of [POC.name, 'Wrong']) {
    const row = treeRow(pane, label);
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await expect.poll(() => row.getAttribute('aria-expanded')).toBe('true');
  }
}

function quickPickRow(page: Page, label: string): Locator {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

describe('two reviewers and their lead settle a PoC’s wrong answers (English, PostgreSQL)', () => {
  const database = useFreshPostgres('reviewers');
  const ids: number[] = [];
  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'rater');
      for (const name of ['lead', 'alice', 'bob']) await createUser(db, name);
      const poc = await createPoc(db, POC);
      const model = await registerModel(db, { model_name: MODEL, provider: 'mlx' });
      const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: model.id });
      for (const log of LOGS) {
        const recorded = await recordLog(db, { session_id: session.id, ...log, latency_ms: 500 });
        await evaluateLog(db, recorded.id, {
          evaluation: 3,
          reason: 'outdated',
          correct_answer: 'the rater’s correction',
          priority: 2,
        });
        ids.push(recorded.id);
      }
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('reviewers', {
    settings: {
      'llamune.database.connectionString': database.url,
      'llamune.user.name': 'lead',
      'git.openRepositoryInParentFolders': 'never',
    },
  });

  const statuses = async () =>
    (await database.query<{ status: number }>('SELECT status FROM conversation_logs ORDER BY id', [])).map(
      (row) => row.status,
    );

  /**
   * Becomes another user: `llamune.user.name` changed in the Settings editor, as a person would; the
   * window then reopens the database as that user, and the Logs view shows their review nodes.
   */
  async function becomeUser(name: string, expected: { node: string; description: string }) {
    const { page } = workbench();
    const file = join(workbench().profile.userDataDir, 'User', 'settings.json');
    await runCommand(page, 'Preferences: Open User Settings');
    const settingsEditor = page.locator('.settings-editor');
    await settingsEditor.waitFor({ timeout: 30_000 });
    // The search box has the focus when the editor opens.
    await page.keyboard.type('llamune.user.name');
    const input = settingsEditor.locator('.setting-item-contents .setting-item-control input').first();
    await expect.poll(() => settingsEditor.locator('.setting-item-contents').count()).toBe(1);
    await input.fill(name);
    await input.press('Tab');
    await expect
      .poll(async () => JSON.parse(await readFile(file, 'utf8'))['llamune.user.name'], { timeout: 15_000 })
      .toBe(name);
    await page.keyboard.press('Control+W');
    const node = treeRow(logsPane(page), expected.node);
    await expect
      .poll(
        () =>
          node
            .locator('.label-description')
            .textContent({ timeout: 1_000 })
            .catch(() => null),
        {
          timeout: 30_000,
        },
      )
      .toBe(expected.description);
  }

  /** Reviews every log of my queue in the review view: rating 3 with a reason and my corrections. */
  async function reviewQueue(name: 'alice' | 'bob') {
    const { page } = workbench();
    await runCommand(page, `Llamune: ${en['command.review.myQueue']}`);
    const view = webviewContent(page);
    for (const [i, log] of LOGS.entries()) {
      await view.getByText(log.question).waitFor({ timeout: 30_000 });
      // Blind: nothing of the first rating or the other reviewer shows before I submit.
      expect(await view.getByRole('region', { name: t.original }).count()).toBe(0);
      expect(await view.getByText('the rater’s correction').count()).toBe(0);
      expect(await view.getByRole('complementary').getByRole('heading', { name: 'Tax rules' }).count()).toBe(
        1,
      );
      await view.locator('body').press('3');
      await view.getByLabel(t.reason).fill(`${name}: outdated`);
      await view.getByLabel(t.correctAnswer).fill(CORRECTIONS[name][i]!);
      if (i === 0) await workbench().screenshot(`${name}-blind-form`);
      await view.getByLabel(t.correctAnswer).press('Control+Enter');
      await view.getByRole('region', { name: t.original }).waitFor();
      if (i === 0) await workbench().screenshot(`${name}-revealed`);
      await view.getByRole('button', { name: t.next, exact: true }).click();
    }
    await view.getByText(t.done).waitFor();
  }

  it('the lead writes the guidelines and assigns the wrong answers to alice and bob', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = logsPane(page);
    const poc = treeRow(pane, POC.name);
    await expect.poll(() => poc.locator('.label-description').textContent(), { timeout: 60_000 }).toBe('3');

    await contextMenu(poc, en['command.review.editGuidelines']);
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await page.locator('.tabs-container .tab', { hasText: 'Tax_PoC.md' }).waitFor({ timeout: 30_000 });
    await editor.click();
    await page.keyboard.insertText(GUIDELINES);
    await page.keyboard.press('Control+S');
    // Saving goes through the guidelines file system to the database: more than vitest's 1 s default.
    await expect
      .poll(
        async () =>
          (await database.query<{ body: string }>('SELECT body FROM review_guidelines', [])).map(
            (r) => r.body,
          ),
        { timeout: 15_000 },
      )
      .toEqual([GUIDELINES]);
    await workbench().screenshot('guidelines-saved');

    await contextMenu(poc, en['command.review.assign']);
    await quickPickRow(page, 'Rated Wrong or Insufficient').click();
    await quickPickRow(page, 'alice').click();
    await quickPickRow(page, 'bob').click();
    await expect.poll(() => quickPickRow(page, 'bob').getAttribute('aria-checked')).toBe('true');
    await workbench().screenshot('assign-reviewers');
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');
    await quickPickRow(page, '2 reviews').click();
    await notification(page, '3 logs assigned to alice, bob (required reviews per log: 2).').waitFor();
    // The lead sees Disagreements (none yet); nothing is assigned to them.
    await expect
      .poll(() => treeRow(pane, 'Disagreements').locator('.label-description').textContent())
      .toBe('0 to resolve');
    expect(await treeRow(pane, 'My Reviews').count()).toBe(0);
    expect(
      await database.query(
        'SELECT required_reviews, count(*)::int AS n FROM review_assignments GROUP BY 1',
        [],
      ),
    ).toEqual([{ required_reviews: 2, n: 3 }]);
  });

  it('alice reviews her queue blind; bob agrees on two logs, which are verified at once, and not on one', async () => {
    await becomeUser('alice', { node: 'My Reviews', description: '3 to review · 0 reviewed · 0 closed' });
    await reviewQueue('alice');
    const pane = logsPane(workbench().page);
    await expect
      .poll(() => treeRow(pane, 'My Reviews').locator('.label-description').textContent())
      .toBe('0 to review · 3 reviewed · 0 closed');
    expect(await statuses()).toEqual([1, 1, 1]);

    await becomeUser('bob', { node: 'My Reviews', description: '3 to review · 0 reviewed · 0 closed' });
    await reviewQueue('bob');
    expect(await statuses()).toEqual([1, 3, 3]);

    // The Logs tree says the same: the two settled logs verified, the disputed one not.
    const page = workbench().page;
    await expandLogsOfPoc(pane);
    await expect
      .poll(async () =>
        Promise.all(
          LOGS.map((log) => treeRow(pane, log.question).locator('.label-description').textContent()),
        ),
      )
      .toEqual([
        expect.stringMatching(/^Wrong · Medium · Unprocessed/),
        expect.stringMatching(/^Wrong · Medium · Verified/),
        expect.stringMatching(/^Wrong · Medium · Verified/),
      ]);
    await page.keyboard.press('Escape');
    await workbench().screenshot('tree-after-reviews');
  });

  it('the lead resolves the disagreement from the diff; every log is verified; the agreement is shown', async () => {
    await becomeUser('lead', { node: 'Disagreements', description: '1 to resolve' });
    const { page } = workbench();
    const pane = logsPane(page);
    const dispute = treeRow(pane, LOGS[0]!.question).filter({ hasText: 'on: correction' });
    expect(await dispute.locator('.label-description').textContent()).toBe('on: correction · alice, bob');
    await dispute.click();
    const view = webviewContent(page);
    await view.getByText(t.on.correction).waitFor({ timeout: 30_000 });
    const diff = view.getByRole('region', { name: t.correctionsDiffer('alice', 'bob') });
    await expect.poll(() => diff.locator('del').allTextContents()).toEqual(['ten percent']);
    expect(await diff.locator('ins').allTextContents()).toEqual(['10%']);
    await workbench().screenshot('lead-disagreement');
    await view.getByRole('button', { name: t.pick('bob') }).click();
    await view.getByText(t.pickedFrom('bob')).waitFor();
    await workbench().screenshot('lead-resolved');

    expect(await statuses()).toEqual([3, 3, 3]);
    const rows = await database.query<{ correct_answer: string }>(
      'SELECT correct_answer FROM conversation_logs ORDER BY id',
      [],
    );
    expect(rows.map((row) => row.correct_answer)).toEqual(CORRECTIONS.bob);
    await expect
      .poll(() => treeRow(pane, 'Disagreements').locator('.label-description').textContent())
      .toBe('0 to resolve');
    // The tree (reloaded for this user, so expanded again) and the database agree: all three verified.
    await expandLogsOfPoc(pane);
    await expect
      .poll(async () =>
        Promise.all(
          LOGS.map((log) => treeRow(pane, log.question).last().locator('.label-description').textContent()),
        ),
      )
      .toEqual(LOGS.map(() => expect.stringMatching(/^Wrong · Medium · Verified/)));

    await runCommand(page, 'Llamune: Show Review Agreement');
    await quickPickRow(page, POC.name).click();
    await view.getByRole('heading', { name: t.agreementOf(POC.name) }).waitFor();
    const pair = view.locator('table').first().locator('tbody tr').first();
    expect(await pair.locator('th, td').allTextContents()).toEqual([
      'alice · bob',
      'n/a',
      '100%',
      '100%',
      '3',
      '—',
    ]);
    await workbench().screenshot('agreement');
  });
});
