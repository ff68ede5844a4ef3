// Commit a prepared export: move its files into the destination folder, then record it in one
// transaction — the export and its logs per split (lineage), each log's split (a test log stays held out in every
// later export of its PoC) and, when asked, status 2 (trained) on exactly the exported logs that are
// unchanged since they were read. If recording fails, the moved files are taken out again.
import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { DomainError } from '../errors';
import { IntList } from './intList';
import { type PreparedExport, SPLITS } from './prepare';
import { fingerprintSql } from './query';
import { diskError, removeStaging } from './staging';

export interface CommitOptions {
  /** Set status 2 (trained, design §5 step 3) on the exported logs. */
  markTrained: boolean;
  /** Replace what the destination folder holds. */
  overwrite: boolean;
}

export interface CommittedExport {
  exportId: number;
  folder: string;
  files: string[];
  manifestPath: string;
  /** Logs set to status 2. */
  marked: number[];
  /** Exported logs left as they were because they changed after the preview read them. */
  changedSincePreview: number[];
}

const CHUNK = 10_000;
/** Ids a lineage row holds (as migration 0005 cut the rows it converted). */
const LOG_SET_SIZE = 50_000;

export async function commitExport(
  db: Kysely<Database>,
  prepared: PreparedExport,
  options: CommitOptions,
): Promise<CommittedExport> {
  const { folder, staging } = prepared;
  const existing = await readdir(folder).catch(() => undefined);
  if (existing && existing.length > 0 && !options.overwrite)
    throw new DomainError(
      'conflict',
      `The folder ${folder} already holds files; choose an empty folder or allow overwriting.`,
      'folder_not_empty',
    );
  const files = await readdir(staging, { recursive: true, withFileTypes: true }).then((entries) =>
    entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(staging.length + 1)),
  );
  await moveIn(staging, folder, existing !== undefined);
  try {
    const recorded = await db.transaction().execute((trx) => record(trx, prepared, options.markTrained));
    return { ...recorded, folder, files: files.sort(), manifestPath: join(folder, 'manifest.json') };
  } catch (error) {
    for (const file of files) await rm(join(folder, file), { force: true });
    await rm(join(folder, 'dpo'), { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

/** Throws away a prepared export that will not be written. */
export async function discardExport(prepared: PreparedExport): Promise<void> {
  await removeStaging(prepared.staging);
}

async function moveIn(staging: string, folder: string, folderExists: boolean): Promise<void> {
  try {
    if (!folderExists) {
      await rename(staging, folder);
      return;
    }
    for (const entry of await readdir(staging)) {
      await rm(join(folder, entry), { recursive: true, force: true });
      await rename(join(staging, entry), join(folder, entry));
    }
    await removeStaging(staging);
  } catch (error) {
    throw diskError(error);
  }
}

async function record(
  trx: Transaction<Database>,
  prepared: PreparedExport,
  markTrained: boolean,
): Promise<Pick<CommittedExport, 'exportId' | 'marked' | 'changedSincePreview'>> {
  const { ids, splits, fingerprints, pocIds } = prepared.exported;
  const { id: exportId } = await trx
    .insertInto('training_exports')
    .values({
      folder: prepared.folder,
      request: JSON.stringify(prepared.request),
      manifest_sha256: prepared.manifestSha256,
      log_count: ids.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordLineage(trx, exportId, prepared.exported);
  const marked: number[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    const id = ids.slice(start, start + CHUNK);
    // A log keeps the split it got first (held out once, held out for good).
    await sql`
      INSERT INTO export_split_assignments (log_id, poc_id, split)
      SELECT t.log_id, t.poc_id, (ARRAY['train', 'valid', 'test'])[t.split + 1]
      FROM unnest(${id}::int[], ${pocIds.slice(start, start + CHUNK)}::int[], ${splits.slice(start, start + CHUNK)}::int[])
        AS t(log_id, poc_id, split)
      ON CONFLICT (log_id) DO NOTHING`.execute(trx);
    if (markTrained) {
      // Only logs that still look as they did when read: a rating changed meanwhile is never overwritten.
      const { rows } = await sql<{ id: number }>`
        UPDATE conversation_logs AS l SET status = 2, updated_at = (now() AT TIME ZONE 'UTC')
        FROM unnest(${id}::int[], ${fingerprints.slice(start, start + CHUNK)}::int[]) AS t(log_id, fingerprint)
        WHERE l.id = t.log_id AND ${fingerprintSql} = t.fingerprint
        RETURNING l.id`.execute(trx);
      for (const row of rows) marked.push(row.id);
    }
  }
  if (markTrained)
    await trx
      .updateTable('training_exports')
      .set({ marked_trained: marked.length })
      .where('id', '=', exportId)
      .execute();
  const markedSet = new Set(marked);
  return {
    exportId,
    marked: marked.sort((a, b) => a - b),
    changedSincePreview: markTrained ? ids.slice().filter((id) => !markedSet.has(id)) : [],
  };
}

/** The export's logs per split, LOG_SET_SIZE ids a row (the lineage a registered version points to). */
async function recordLineage(
  trx: Transaction<Database>,
  exportId: number,
  { ids, splits }: PreparedExport['exported'],
): Promise<void> {
  const perSplit = SPLITS.map(() => new IntList());
  for (let i = 0; i < ids.length; i += 1) perSplit[splits.at(i)]!.push(ids.at(i));
  for (const [index, list] of perSplit.entries()) {
    for (let start = 0, part = 0; start < list.length; start += LOG_SET_SIZE, part += 1) {
      await trx
        .insertInto('training_export_log_sets')
        .values({
          export_id: exportId,
          split: SPLITS[index]!,
          part,
          log_ids: list.slice(start, start + LOG_SET_SIZE),
        })
        .execute();
    }
  }
}
