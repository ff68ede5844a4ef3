// The export in its worker thread (the built dist/exportWorker.js, as the CLI and the extension run it),
// against both databases on a connection of its own: the same files and preview as in-process, progress,
// errors that keep their kind, a cancel that leaves nothing, and a heap too small that still completes.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { evaluateLog, recordLog } from '../../../src/core/domain/logs';
import { isDomainError } from '../../../src/core/errors';
import {
  commitExport,
  type ExportRequestInput,
  prepareExport,
  prepareExportInWorker,
  type WorkerPrepareOptions,
} from '../../../src/core/export';
import { seedSession } from '../../support/fixtures';
import { describeEachDatabase } from '../../support/testDatabase';

const workerScript = join(process.cwd(), 'dist', 'exportWorker.js');

async function freshFolder(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'llamune-export-worker-')), 'out');
}

describeEachDatabase('training-data export in a worker thread', (get) => {
  const db = () => get().db;
  const connection = () => get().handle.connection;

  async function seed(count: number) {
    const seeded = await seedSession(db(), { systemPrompt: 'あなたは会計の専門家です' });
    for (let i = 0; i < count; i += 1) {
      const log = await recordLog(db(), {
        session_id: seeded.session.id,
        question: `質問 ${i}`,
        answer: `回答 ${i}`,
        latency_ms: 10,
      });
      await evaluateLog(
        db(),
        log.id,
        i % 3 === 0
          ? { evaluation: 3, correct_answer: `正しい回答 ${i}`, reason: '誤り' }
          : { evaluation: 1 },
      );
    }
    return seeded;
  }

  const request = (pocId: number): ExportRequestInput => ({
    poc_ids: [pocId],
    split: { train: 0.6, valid: 0.2, test: 0.2 },
    seed: 7,
  });
  const inWorker = (input: ExportRequestInput, options: Omit<WorkerPrepareOptions, 'workerScript'>) =>
    prepareExportInWorker(connection(), input, { workerScript, ...options });

  it('stages the same files and preview as in-process, with progress, and commits them', async () => {
    const seeded = await seed(30);
    const here = await prepareExport(db(), request(seeded.poc.id), { folder: await freshFolder() });
    const progress: number[] = [];
    const folder = await freshFolder();
    const there = await inWorker(request(seeded.poc.id), {
      folder,
      onProgress: (done, total) => progress.push(done / total),
    });
    expect(there.preview).toEqual(here.preview);
    expect(there.exported.ids.slice()).toEqual(here.exported.ids.slice());
    expect(there.exported.splits.slice()).toEqual(here.exported.splits.slice());
    expect(there.exported.fingerprints.slice()).toEqual(here.exported.fingerprints.slice());
    expect(progress.at(0)).toBe(0);
    expect(progress.at(-1)).toBe(1);
    for (const name of ['train.jsonl', 'valid.jsonl', 'test.jsonl', 'dpo/train.jsonl', 'logs.csv'])
      expect(await readFile(join(there.staging, name), 'utf8')).toBe(
        await readFile(join(here.staging, name), 'utf8'),
      );

    const committed = await commitExport(db(), there, { markTrained: true, overwrite: false });
    expect(committed.marked).toHaveLength(30);
    expect(JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8')).counts.exported).toBe(30);
  });

  it('brings a refusal back as the DomainError it was, and a cancel leaves no folder behind', async () => {
    const seeded = await seed(30);
    const folder = await freshFolder();
    const empty = await inWorker({ poc_ids: [seeded.poc.id], evaluations: [2] }, { folder }).catch(
      (error: unknown) => error,
    );
    expect(isDomainError(empty)).toBe(true);
    expect(empty).toMatchObject({ kind: 'invalid', code: 'export_empty' });

    const controller = new AbortController();
    let staged: string | undefined;
    const cancelled = inWorker(request(seeded.poc.id), {
      folder,
      signal: controller.signal,
      onStaging: (path) => {
        staged = path;
        controller.abort();
      },
    });
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(staged).toBeDefined();
    expect(await readdir(join(folder, '..'))).toEqual([]);
    const statuses = await db().selectFrom('conversation_logs').select('status').execute();
    expect(statuses.every((row) => row.status === 1)).toBe(true);
  });

  it('completes once more without the cap when the export outgrows its heap', async () => {
    const seeded = await seed(6);
    const folder = await freshFolder();
    // 1 MB cannot even start a worker: the out-of-memory path, then the unbounded run.
    const prepared = await inWorker(request(seeded.poc.id), { folder, heapMb: 1 });
    expect(prepared.exported.ids.length).toBe(6);
    expect(await readdir(join(folder, '..'))).toEqual([expect.stringContaining('.out.llamune-export-')]);
  });
});
