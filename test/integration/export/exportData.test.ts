// Training-data export against both databases: each format line by line (Japanese included), rated logs
// only, the held-out test set across exports, dedupe and conflicts, mark-as-trained that never overwrites
// a rating changed after the preview, cancel and bad input leaving nothing behind.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/core/db/migrate';
import { migrations } from '../../../src/core/db/migrationList';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import {
  commitExport,
  discardExport,
  type ExportRequestInput,
  prepareExport,
} from '../../../src/core/export';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

const SYSTEM = 'あなたは会計の専門家です';

async function freshFolder(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'llamune-export-')), 'out');
}

const lines = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

describeEachDatabase('training-data export', (get) => {
  const db = () => get().db;

  async function seed() {
    const seeded = await seedSession(db(), { systemPrompt: SYSTEM });
    const ask = async (question: string, answer: string) =>
      recordLog(db(), { session_id: seeded.session.id, question, answer, latency_ms: 10 });
    const good = await ask('減価償却とは？', '資産の取得原価を耐用年数に配分することです。');
    await evaluateLog(db(), good.id, { evaluation: 1 });
    const wrong = await ask('消費税の標準税率は？', '8%です。');
    await evaluateLog(db(), wrong.id, {
      evaluation: 3,
      reason: '標準税率は10%',
      correct_answer: '標準税率は10%です（軽減税率は8%）。',
      priority: 1,
    });
    const unrated = await ask('未評価の質問', 'まだ誰も評価していない回答');
    return { seeded, good, wrong, unrated, ask };
  }

  const allTrain = (pocId: number): ExportRequestInput => ({
    poc_ids: [pocId],
    split: { train: 1, valid: 0, test: 0 },
  });

  it('writes the sft, dpo and csv files line by line from rated logs only, with a manifest', async () => {
    const { seeded, good, wrong, unrated } = await seed();
    const folder = await freshFolder();
    const prepared = await prepareExport(db(), allTrain(seeded.poc.id), { folder });
    expect(prepared.preview).toMatchObject({
      total_logs: 2,
      per_rating: { good: 1, insufficient: 0, wrong: 1 },
      skipped: [],
      conflicts: [],
      warnings: [
        'valid.jsonl is empty: mlx_lm.lora --train needs examples in it (raise its share of the split).',
      ],
    });
    expect(existsSync(folder)).toBe(false);
    const committed = await commitExport(db(), prepared, { markTrained: false, overwrite: false });
    expect(committed.files).toEqual([
      'dpo/test.jsonl',
      'dpo/train.jsonl',
      'dpo/valid.jsonl',
      'logs.csv',
      'manifest.json',
      'test.jsonl',
      'train.jsonl',
      'valid.jsonl',
    ]);
    expect(await lines(join(folder, 'train.jsonl'))).toEqual([
      {
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: '減価償却とは？' },
          { role: 'assistant', content: '資産の取得原価を耐用年数に配分することです。' },
        ],
      },
      {
        messages: [
          { role: 'system', content: SYSTEM },
          { role: 'user', content: '消費税の標準税率は？' },
          { role: 'assistant', content: '標準税率は10%です（軽減税率は8%）。' },
        ],
      },
    ]);
    expect(await lines(join(folder, 'dpo/train.jsonl'))).toEqual([
      {
        system: SYSTEM,
        prompt: '消費税の標準税率は？',
        chosen: '標準税率は10%です（軽減税率は8%）。',
        rejected: '8%です。',
      },
    ]);
    const csv = await readFile(join(folder, 'logs.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFlog_id,poc,question,answer,rating,')).toBe(true);
    expect(csv).toContain(
      `${wrong.id},${seeded.poc.name},消費税の標準税率は？,8%です。,間違い (wrong),標準税率は10%`,
    );
    expect(csv).not.toContain('未評価の質問');
    const manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.files['train.jsonl'].log_ids).toEqual([good.id, wrong.id]);
    expect(manifest.files['train.jsonl'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.counts).toMatchObject({ logs_matched: 2, exported: 2 });
    expect(manifest.split.seed).toBe(1);
    // The lineage: the export's logs per split, as sets of ids.
    const sets = await db()
      .selectFrom('training_export_log_sets')
      .select(['split', 'part', 'log_ids'])
      .where('export_id', '=', committed.exportId)
      .execute();
    expect(sets).toEqual([{ split: 'train', part: 0, log_ids: [good.id, wrong.id] }]);
    const statuses = await db()
      .selectFrom('conversation_logs')
      .select(['id', 'status'])
      .orderBy('id')
      .execute();
    expect(statuses.map((r) => r.status)).toEqual([1, 1, 1]);
    expect(unrated.evaluation).toBe(1);
  });

  it('keeps the lineage an export recorded before migration 0005, as sets of ids per split', async () => {
    const { good, wrong } = await seed();
    const migrator = new Migrator({ db: db(), provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0004_training_exports')).error).toBeUndefined();
    let exportId = 0;
    try {
      const created = await sql<{ id: number }>`
        INSERT INTO training_exports (folder, request, manifest_sha256, log_count)
        VALUES ('/tmp/out', '{}', ${'0'.repeat(64)}, 2) RETURNING id`.execute(db());
      exportId = created.rows[0]!.id;
      await sql`
        INSERT INTO training_export_logs (export_id, log_id, split)
        VALUES (${exportId}, ${wrong.id}, 'test'), (${exportId}, ${good.id}, 'train')`.execute(db());
    } finally {
      await migrateToLatest(db());
    }
    const sets = await db()
      .selectFrom('training_export_log_sets')
      .select(['split', 'part', 'log_ids'])
      .where('export_id', '=', exportId)
      .orderBy('split')
      .execute();
    expect(sets).toEqual([
      { split: 'test', part: 0, log_ids: [wrong.id] },
      { split: 'train', part: 0, log_ids: [good.id] },
    ]);
  });

  it('keeps a log once held out for testing in test.jsonl in every later export of its PoC', async () => {
    const { seeded, ask } = await seed();
    for (let i = 0; i < 30; i++) {
      const log = await ask(`質問 ${i}`, `回答 ${i}`);
      await evaluateLog(db(), log.id, { evaluation: 1 });
    }
    const first = await freshFolder();
    const request = { poc_ids: [seeded.poc.id], split: { train: 0.5, valid: 0, test: 0.5 }, seed: 7 };
    await commitExport(db(), await prepareExport(db(), request, { folder: first }), {
      markTrained: false,
      overwrite: false,
    });
    const heldOut = JSON.parse(await readFile(join(first, 'manifest.json'), 'utf8')).files['test.jsonl']
      .log_ids;
    expect(heldOut.length).toBeGreaterThan(3);

    // Another seed and an all-train split: the held-out logs stay in test, never in train.
    const second = await freshFolder();
    const again = await prepareExport(
      db(),
      { ...request, seed: 99, split: { train: 1, valid: 0, test: 0 } },
      { folder: second },
    );
    expect(again.preview.held_out_kept).toBe(32);
    await commitExport(db(), again, { markTrained: false, overwrite: false });
    const files = JSON.parse(await readFile(join(second, 'manifest.json'), 'utf8')).files;
    expect(files['test.jsonl'].log_ids).toEqual(heldOut);
    for (const id of heldOut) expect(files['train.jsonl'].log_ids).not.toContain(id);
  });

  it('exports the same question once, lists conflicting targets and corrections that are missing', async () => {
    const { seeded, ask } = await seed();
    const a = await ask('ＡＢＣ　会計とは？', '帳簿をつけることです。');
    const b = await ask('ABC 会計とは?', '帳簿をつけることです。');
    const c = await ask('在庫とは？', '商品です。');
    const d = await ask('在庫とは?', '販売目的で保有する資産です。');
    const e = await ask('引当金とは？', 'わかりません。');
    for (const log of [a, b, c, d]) await evaluateLog(db(), log.id, { evaluation: 1 });
    // Rated insufficient without a correction, as another app may write it directly.
    await db()
      .updateTable('conversation_logs')
      .set({ evaluation: 2, reason: '曖昧', evaluated_at: new Date() })
      .where('id', '=', e.id)
      .execute();
    const prepared = await prepareExport(db(), allTrain(seeded.poc.id), { folder: await freshFolder() });
    const skipped = Object.fromEntries(prepared.preview.skipped.map((s) => [s.log_id, s.reason]));
    expect(skipped[b.id]).toBe('duplicate');
    expect(skipped[a.id]).toBeUndefined();
    expect(skipped[c.id]).toBe('conflict');
    expect(skipped[d.id]).toBe('conflict');
    expect(skipped[e.id]).toBe('no_correction');
    expect(prepared.preview.conflicts).toEqual([{ question: '在庫とは?', log_ids: [c.id, d.id] }]);
    await discardExport(prepared);
  });

  it('marks exactly the exported logs trained, never one whose rating changed after the preview', async () => {
    const { seeded, good, wrong } = await seed();
    const prepared = await prepareExport(db(), allTrain(seeded.poc.id), { folder: await freshFolder() });
    // A reviewer changes the wrong answer's correction while the preview is open.
    await evaluateLog(db(), wrong.id, {
      evaluation: 3,
      reason: '再確認',
      correct_answer: '10%です。',
      priority: 1,
    });
    const committed = await commitExport(db(), prepared, { markTrained: true, overwrite: false });
    expect(committed.marked).toEqual([good.id]);
    expect(committed.changedSincePreview).toEqual([wrong.id]);
    const rows = await db()
      .selectFrom('conversation_logs')
      .select(['id', 'status', 'correct_answer'])
      .orderBy('id')
      .execute();
    expect(rows.find((r) => r.id === good.id)?.status).toBe(2);
    expect(rows.find((r) => r.id === wrong.id)).toMatchObject({ status: 1, correct_answer: '10%です。' });

    // Right after, the default filter (status 未処理) finds only what was not marked.
    const next = await prepareExport(db(), allTrain(seeded.poc.id), { folder: await freshFolder() });
    expect(next.exported.ids.slice()).toEqual([wrong.id]);
    await commitExport(db(), next, { markTrained: true, overwrite: false });
    await expect(
      prepareExport(db(), allTrain(seeded.poc.id), { folder: await freshFolder() }),
    ).rejects.toMatchObject({
      code: 'export_empty',
    });
  });

  it('refuses bad input and leaves nothing behind when cancelled', async () => {
    const { seeded } = await seed();
    const folder = await freshFolder();
    await expect(
      prepareExport(
        db(),
        { poc_ids: [seeded.poc.id], split: { train: 0.5, valid: 0.2, test: 0.2 } },
        { folder },
      ),
    ).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('add up to 1') });
    await expect(
      prepareExport(db(), { poc_ids: [seeded.poc.id], evaluations: [2] }, { folder }),
    ).rejects.toMatchObject({
      code: 'export_empty',
    });
    const full = await freshFolder();
    await (await import('node:fs/promises')).mkdir(full);
    await writeFile(join(full, 'keep.txt'), 'mine');
    await expect(prepareExport(db(), allTrain(seeded.poc.id), { folder: full })).rejects.toMatchObject({
      code: 'folder_not_empty',
    });
    const file = join(await mkdtemp(join(tmpdir(), 'llamune-export-')), 'a-file');
    await writeFile(file, 'x');
    await expect(
      prepareExport(db(), allTrain(seeded.poc.id), { folder: join(file, 'out') }),
    ).rejects.toMatchObject({
      kind: expect.stringMatching(/invalid|unavailable/),
    });

    // Cancelled while reading, and while writing (the staging folder exists then): nothing is left.
    const parent = join(folder, '..');
    for (const at of ['reading', 'writing'] as const) {
      const controller = new AbortController();
      const cancelled = prepareExport(db(), allTrain(seeded.poc.id), {
        folder,
        signal: controller.signal,
        onProgress: (done, total) => {
          if (at === 'reading' || done > total / 2) controller.abort();
        },
      });
      await expect(cancelled).rejects.toThrow();
      expect(await readdir(parent)).toEqual([]);
    }
    const statuses = await db().selectFrom('conversation_logs').select('status').execute();
    expect(statuses.every((r) => r.status === 1)).toBe(true);
  });
});
