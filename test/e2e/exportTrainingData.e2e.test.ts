// A reviewer exports the 間違い logs of a PoC from the Logs tree (Japanese, PostgreSQL): the group's
// context menu pre-fills the filter, the output folder is changed, the preview counts what will be
// written, "write and mark trained" writes the folder — and the files and the statuses are what the
// preview said.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { useFreshPostgres } from './support/postgres';
import { activityBarItem, answerInputBox } from './support/ui';
import { useWorkbench } from './support/workbench';

const POC = { name: '税務 PoC', domain: '税務' };
const WRONG = [
  { question: '消費税の標準税率は？', answer: '8%です。', correction: '10%です。' },
  {
    question: '法人税の申告期限は？',
    answer: '3か月後です。',
    correction: '原則として事業年度終了の日の翌日から2か月以内です。',
  },
  {
    question: '印紙税がかかる文書は？',
    answer: 'すべての文書です。',
    correction: '課税文書として定められた文書だけです。',
  },
];

function logsPane(page: Page): Locator {
  return page
    .locator('.sidebar .pane')
    .filter({ has: page.locator('.pane-header', { hasText: new RegExp(`^${nls['view.logs']}`) }) });
}

function row(scope: Locator | Page, label: string): Locator {
  // A codicon before the label renders as an empty span: the row's text may start with a space.
  return scope
    .locator('.monaco-list-row')
    .filter({ hasText: new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
}

describe('a reviewer exports training data from the Logs tree (Japanese, PostgreSQL)', () => {
  const database = useFreshPostgres('export_data');
  const ids: number[] = [];
  let out = '';
  beforeAll(async () => {
    out = join(await mkdtemp(join(tmpdir(), 'llamune-e2e-export-')), 'wrong-answers');
    const handle = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    try {
      const { db } = handle;
      await migrateToLatest(db);
      const { user } = await createUser(db, 'analyst');
      const poc = await createPoc(db, POC);
      const model = await registerModel(db, {
        model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
        provider: 'mlx',
      });
      const session = await startSession(db, {
        user_id: user.id,
        poc_id: poc.id,
        model_id: model.id,
        system_prompt: 'あなたは税理士です。',
      });
      for (const wrong of WRONG) {
        const log = await recordLog(db, {
          session_id: session.id,
          question: wrong.question,
          answer: wrong.answer,
        });
        await evaluateLog(db, log.id, {
          evaluation: 3,
          reason: '誤り',
          correct_answer: wrong.correction,
          priority: 1,
        });
        ids.push(log.id);
      }
      const good = await recordLog(db, {
        session_id: session.id,
        question: '源泉徴収とは？',
        answer: '給与から差し引く税です。',
      });
      await evaluateLog(db, good.id, { evaluation: 1 });
      await recordLog(db, { session_id: session.id, question: '未評価', answer: 'まだ' });
    } finally {
      await handle.close();
    }
  });
  const workbench = useWorkbench('export-japanese', {
    locale: 'ja',
    settings: {
      'llamune.database.connectionString': database.url,
      'git.openRepositoryInParentFolders': 'never',
    },
  });

  it('exports the 間違い group, previews it, writes and marks exactly those logs trained', async () => {
    const { page } = workbench();
    await activityBarItem(page, 'Llamune').click();
    const pane = logsPane(page);
    const poc = row(pane, POC.name);
    await expect.poll(() => poc.locator('.label-description').textContent()).toBe('5');
    if ((await poc.getAttribute('aria-expanded')) !== 'true') await poc.click();
    const wrongGroup = row(pane, ja.Wrong);
    await wrongGroup.waitFor();
    await wrongGroup.click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-menu-item', {
      hasText: nls['command.exportTrainingData'],
    });
    await menuItem.hover();
    await menuItem.press('Enter');

    // The choices, pre-filled from the group: this PoC, 間違い, 未処理.
    const list = page.locator('.quick-input-widget');
    await list.locator('.quick-input-title', { hasText: ja['Export Training Data'] }).waitFor();
    await expect.poll(() => row(list, ja.Evaluation).textContent()).toContain(ja.Wrong);
    await workbench().screenshot('export-choices');
    await row(list, ja['Output folder']).click();
    await answerInputBox(page, ja['Folder to write the files to (absolute path; created when missing)'], out);
    await row(list, ja['Preview…']).waitFor();
    await page.locator('.quick-input-widget .quick-input-box input').press('Enter');

    // The preview: three of three rated logs, a file per split, the two actions.
    const title = ja['Export preview: {0} of {1} rated logs go to training']
      .replace('{0}', '3')
      .replace('{1}', '3');
    await list.locator('.quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
    await expect.poll(() => row(list, 'train.jsonl').count()).toBe(1);
    await workbench().screenshot('export-preview');
    await row(list, ja['Write files and mark the exported logs trained (status 2)']).click();

    const done = ja['Wrote {0} files to {1}.'].replace('{0}', '8').replace('{1}', out);
    await page.locator('.notifications-toasts', { hasText: done }).waitFor({ timeout: 30_000 });
    await workbench().screenshot('export-written');

    const jsonl = async (name: string) =>
      (await readFile(join(out, name), 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    const sft = [
      ...(await jsonl('train.jsonl')),
      ...(await jsonl('valid.jsonl')),
      ...(await jsonl('test.jsonl')),
    ];
    expect(sft.map((l) => l.messages[2].content).sort()).toEqual(WRONG.map((w) => w.correction).sort());
    expect(sft[0].messages[0]).toEqual({ role: 'system', content: 'あなたは税理士です。' });
    const dpo = [
      ...(await jsonl('dpo/train.jsonl')),
      ...(await jsonl('dpo/valid.jsonl')),
      ...(await jsonl('dpo/test.jsonl')),
    ];
    expect(dpo).toHaveLength(3);
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.counts.exported).toBe(3);
    const statuses = await database.query<{ id: number; status: number }>(
      'SELECT id, status FROM conversation_logs ORDER BY id',
    );
    expect(statuses.map((r) => r.status)).toEqual([2, 2, 2, 1, 1]);
    expect(statuses.slice(0, 3).map((r) => r.id)).toEqual(ids);
  });
});
