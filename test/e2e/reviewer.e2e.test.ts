// A reviewer in the Logs view, in Japanese, on a real PostgreSQL that already holds rated and unrated
// logs (written through the core services before the editor starts, as another user's session): filters
// to 間違い from the view's title bar and sees only those, opens one in the evaluation panel, corrects
// its answer there, marks it 検証済み from the tree — and both the tree and the row show it.
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import ja from '../../l10n/bundle.l10n.ja.json';
import nls from '../../package.nls.ja.json';
import { migrateToLatest } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { evaluateLog, recordLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { startSession } from '../../src/core/domain/sessions';
import { createUser } from '../../src/core/domain/users';
import { labels } from '../../src/protocol/labels';
import { useFreshPostgres } from './support/postgres';
import { activityBarItem, answerInputBox, webviewContent } from './support/ui';
import { useWorkbench } from './support/workbench';

const t = labels.ja;
const POC = { name: '契約 PoC', domain: '法務' };
const MODEL = 'mlx-community/Qwen2.5-7B-Instruct-4bit';

type Rating =
  | { evaluation: 1 }
  | { evaluation: 2 | 3; reason: string; correct_answer: string; priority: 1 | 2 | 3 };

/** What another user asked and how it was rated (undefined: not rated yet), oldest first. */
const SEEDED: { question: string; answer: string; rating?: Rating }[] = [
  { question: '準拠法はどこですか？', answer: '準拠法は日本法です（第20条）。', rating: { evaluation: 1 } },
  {
    question: '解約の通知期間は？',
    answer: '通知期間は14日です。',
    rating: {
      evaluation: 3,
      reason: '契約では30日と定められている。',
      correct_answer: '通知期間は30日です。',
      priority: 1,
    },
  },
  {
    question: '契約期間は何年ですか？',
    answer: '契約期間は1年です。',
    rating: {
      evaluation: 2,
      reason: '自動更新に触れていない。',
      correct_answer: '契約期間は1年で、以後1年ごとに自動更新されます。',
      priority: 3,
    },
  },
  { question: '更新の条件は？', answer: '双方の合意が必要です。' },
  {
    question: '違約金の上限は？',
    answer: '違約金に上限はありません。',
    rating: {
      evaluation: 3,
      reason: '第15条に上限がある。',
      correct_answer: '違約金は契約金額の20%が上限です。',
      priority: 2,
    },
  },
  { question: '支払条件は？', answer: '月末締め翌月末払いです。', rating: { evaluation: 1 } },
];
const WRONG = SEEDED.filter((log) => log.rating?.evaluation === 3).map((log) => log.question);
const REVIEWED = '解約の通知期間は？';
const NEW_CORRECTION = '通知期間は30日です（第12条）。書面での通知が必要です。';

/** The Logs view's pane in the Llamune side bar, by its (Japanese) title. */
function logsPane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${nls['view.logs']}`) }) });
}

/** A row of the tree, by the label it starts with (labels are first lines of questions, PoC names…). */
function treeRow(pane: Locator, label: string): Locator {
  return pane
    .locator('.monaco-list-row')
    .filter({ has: pane.page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A quick-pick row by its exact label (facets share prefixes: 評価 and 評価済みかどうか). */
function quickPickRow(page: Page, label: string): Locator {
  return page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

describe('a reviewer triages logs in the Logs view (Japanese, PostgreSQL)', () => {
  const database = useFreshPostgres('reviewer');
  const logIds = new Map<string, number>();
  beforeAll(async () => {
    // Written before the editor starts, as logs asked by another user would be.
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'analyst');
      const poc = await createPoc(db, { name: POC.name, domain: POC.domain });
      const model = await registerModel(db, { model_name: MODEL, provider: 'mlx' });
      const session = await startSession(db, { user_id: user.id, poc_id: poc.id, model_id: model.id });
      for (const seeded of SEEDED) {
        const log = await recordLog(db, {
          session_id: session.id,
          question: seeded.question,
          answer: seeded.answer,
          latency_ms: 900,
        });
        if (seeded.rating) await evaluateLog(db, log.id, seeded.rating);
        logIds.set(seeded.question, log.id);
      }
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('reviewer-japanese', {
    locale: 'ja',
    // No offer to open the worktree's repository over the screenshots.
    settings: {
      'llamune.database.connectionString': database.url,
      'git.openRepositoryInParentFolders': 'never',
    },
  });

  it('filters to 間違い, corrects one in the panel, marks it 検証済み, and the database holds both', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = logsPane(page);
    // Every log of the PoC, grouped by evaluation (the default).
    const poc = treeRow(pane, POC.name);
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe(String(SEEDED.length));
    await poc.click();
    await treeRow(pane, ja.Wrong).waitFor();
    await workbench().screenshot('logs-all');

    // The filter action in the view's title bar (its actions show while the pane is hovered).
    await pane.locator('.pane-header').hover();
    await pane.locator(`.pane-header .action-label[aria-label="${nls['command.logs.filter']}"]`).click();
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: ja['Filter the logs'] })
      .waitFor();
    await workbench().screenshot('filter-facets');
    await quickPickRow(page, ja.Evaluation).click();
    // Several codes may be picked: tick 間違い only, then accept. The step says what it filters.
    await page
      .locator('.quick-input-widget .quick-input-title', { hasText: new RegExp(`^${ja.Evaluation}$`) })
      .waitFor();
    await quickPickRow(page, ja.Wrong).click();
    await expect.poll(() => quickPickRow(page, ja.Wrong).getAttribute('aria-checked')).toBe('true');
    await workbench().screenshot('filter-wrong-ticked');
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');

    // Only the wrong logs: the PoC counts them, the view says what is filtered, one group holds them.
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe(String(WRONG.length));
    await expect.poll(() => pane.locator('.pane-header').textContent()).toContain(ja.Wrong);
    // Groups other than 間違い are gone (waited for before expanding it, so the click hits the new row).
    await expect.poll(() => pane.locator('.monaco-list-row[aria-level="2"]').count()).toBe(1);
    const wrongGroup = treeRow(pane, ja.Wrong);
    expect(await wrongGroup.locator('.label-description').textContent()).toBe(String(WRONG.length));
    if ((await wrongGroup.getAttribute('aria-expanded')) !== 'true') await wrongGroup.click();
    const logRows = pane.locator('.monaco-list-row[aria-level="3"]');
    await expect.poll(() => logRows.locator('.label-name').allTextContents()).toEqual([...WRONG].reverse());
    for (const description of await logRows.locator('.label-description').allTextContents())
      expect(description).toMatch(new RegExp(`^${ja.Wrong} · `));
    await workbench().screenshot('filtered-wrong');

    // Opened in the evaluation panel, with its rating form filled from the log.
    const reviewed = treeRow(pane, REVIEWED);
    await reviewed.click();
    const panel = webviewContent(page);
    const opened = panel.getByRole('region', { name: t.openedLog });
    const card = opened.getByRole('article', { name: REVIEWED });
    const correctAnswer = card.getByLabel(t.correctAnswer, { exact: true });
    await expect.poll(() => correctAnswer.inputValue(), { timeout: 30_000 }).toBe('通知期間は30日です。');
    await workbench().screenshot('log-opened-in-panel');
    await correctAnswer.fill(NEW_CORRECTION);
    await card.getByRole('button', { name: t.save }).click();
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '))
      .toMatch(
        new RegExp(
          `${t.saved}\\s*· ${t.evaluation[3]} · ${t.priority}: ${t.priorities[1]} · ${t.statuses[1]}`,
        ),
      );
    await workbench().screenshot('correction-saved');

    // Marked verified from the tree: the row's inline action, shown while the row is hovered.
    await reviewed.hover();
    await reviewed.locator(`.action-label[aria-label="${nls['command.logs.markVerified']}"]`).click();
    await expect.poll(() => reviewed.locator('.label-description').textContent()).toContain(ja.Verified);
    // The panel showing that log follows: its saved state now says verified.
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '))
      .toMatch(
        new RegExp(
          `${t.saved}\\s*· ${t.evaluation[3]} · ${t.priority}: ${t.priorities[1]} · ${t.statuses[3]}`,
        ),
      );
    await workbench().screenshot('log-verified');
    // The other wrong log is untouched.
    const other = treeRow(pane, WRONG.find((q) => q !== REVIEWED) ?? '');
    expect(await other.locator('.label-description').textContent()).toContain(ja.Unprocessed);

    const rows = await database.query<{ correct_answer: string; status: number; evaluation: number }>(
      'SELECT correct_answer, status, evaluation FROM conversation_logs WHERE id = $1',
      [logIds.get(REVIEWED)],
    );
    expect(rows).toEqual([{ correct_answer: NEW_CORRECTION, status: 3, evaluation: 3 }]);
    const untouched = await database.query<{ status: number }>(
      'SELECT status FROM conversation_logs WHERE id <> $1 ORDER BY id',
      [logIds.get(REVIEWED)],
    );
    expect(untouched.map((row) => row.status)).toEqual(Array(SEEDED.length - 1).fill(1));
  });

  it('looks for text: groups show at once, then the exact counts, and groups without a match go', async () => {
    const { page } = workbench();
    const pane = logsPane(page);
    const poc = treeRow(pane, POC.name);
    const openFilter = async () => {
      await pane.locator('.pane-header').hover();
      await pane.locator(`.pane-header .action-label[aria-label="${nls['command.logs.filter']}"]`).click();
      await page
        .locator('.quick-input-widget .quick-input-title', { hasText: ja['Filter the logs'] })
        .waitFor();
    };
    await openFilter();
    await quickPickRow(page, ja['Clear all filters']).click();
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe(String(SEEDED.length));

    // Only one log mentions 違約金; the count needs the logs themselves (no summary holds text).
    await openFilter();
    await quickPickRow(page, ja['Text in the question, answer or reason']).click();
    await answerInputBox(page, ja['Text to look for (empty: any)'], '違約金');
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe('1');
    await expect.poll(() => pane.locator('.pane-header').textContent()).toContain('違約金');
    // The groups settle on the one that matches: 間違い, holding that log.
    const groups = pane.locator('.monaco-list-row[aria-level="2"]');
    await expect.poll(() => groups.locator('.label-name').allTextContents()).toEqual([ja.Wrong]);
    await expect.poll(() => groups.locator('.label-description').allTextContents()).toEqual(['1']);
    const wrongGroup = treeRow(pane, ja.Wrong);
    if ((await wrongGroup.getAttribute('aria-expanded')) !== 'true') await wrongGroup.click();
    await expect
      .poll(() => pane.locator('.monaco-list-row[aria-level="3"] .label-name').allTextContents())
      .toEqual(['違約金の上限は？']);
    await workbench().screenshot('text-filter');
  });

  it('groups an unrated log under 未評価, never 良い, and moves it to its rating once rated', async () => {
    const { page } = workbench();
    const pane = logsPane(page);
    await pane.locator('.pane-header').hover();
    await pane.locator(`.pane-header .action-label[aria-label="${nls['command.logs.filter']}"]`).click();
    await quickPickRow(page, ja['Clear all filters']).click();
    const poc = treeRow(pane, POC.name);
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe(String(SEEDED.length));
    const groups = pane.locator('.monaco-list-row[aria-level="2"]');
    const counts = async () => {
      const names = await groups.locator('.label-name').allTextContents();
      const numbers = await groups.locator('.label-description').allTextContents();
      return names.map((name, i) => `${name} ${numbers[i]}`);
    };
    // Two rated 良い, one not rated at all: the default evaluation 1 of the unrated one is not a rating.
    await expect
      .poll(counts)
      .toEqual([`${ja.Good} 2`, `${ja.Insufficient} 1`, `${ja.Wrong} 2`, `${ja.Unrated} 1`]);
    const unratedGroup = treeRow(pane, ja.Unrated);
    if ((await unratedGroup.getAttribute('aria-expanded')) !== 'true') await unratedGroup.click();
    const unrated = treeRow(pane, '更新の条件は？');
    await expect
      .poll(() => unrated.locator('.label-description').textContent())
      .toMatch(new RegExp(`^${ja.Unrated} · `));
    await workbench().screenshot('unrated-group');

    await unrated.click();
    const card = webviewContent(page)
      .getByRole('region', { name: t.openedLog })
      .getByRole('article', { name: '更新の条件は？' });
    await card.getByRole('button', { name: t.evaluation[1] }).click();
    await expect
      .poll(async () => (await card.textContent())?.replace(/\s+/g, ' '))
      .toMatch(new RegExp(`${t.saved}\\s*· ${t.evaluation[1]}`));
    await expect.poll(counts).toEqual([`${ja.Good} 3`, `${ja.Insufficient} 1`, `${ja.Wrong} 2`]);
    await workbench().screenshot('rated-moves-to-good');
    const rows = await database.query<{ evaluation: number; rated: boolean }>(
      'SELECT evaluation, evaluated_at IS NOT NULL AS rated FROM conversation_logs WHERE id = $1',
      [logIds.get('更新の条件は？')],
    );
    expect(rows).toEqual([{ evaluation: 1, rated: true }]);
  });
});
