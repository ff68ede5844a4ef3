// Prepare an export: ask the database which questions repeat, read the matching logs once and write
// every file into a staging folder, re-read and validate them, and return the preview. Nothing reaches the destination
// folder and nothing is marked until commitExport; a cancelled or failed export leaves nothing behind.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, ExportSplit } from '../db/schema';
import { DomainError, parseInput } from '../errors';
import { type AbPreferencePair, abPreferencePairs, addAbPairs } from './abPairs';
import { CSV_HEADER, csvLogRow, csvRow, dpoLine, sftLine } from './formats';
import { IntList } from './intList';
import { IdList, writeManifest } from './manifest';
import { type Conflict, ExportPlan, type SkippedLog } from './plan';
import { productVersion } from './productVersion';
import { countExportRows, duplicateGroups, type ExportRow, exportRows } from './query';
import { type ExportRequest, type ExportRequestInput, exportRequestSchema } from './request';
import { splitFor } from './split';
import { createStaging, FileSink, removeStaging, validateJsonl } from './staging';

export interface ExportPreview {
  /** Rated logs the filter matched. */
  total_logs: number;
  files: { name: string; lines: number; samples: string[] }[];
  per_rating: { good: number; insufficient: number; wrong: number };
  per_poc: { poc_id: number; name: string; logs: number }[];
  skipped: SkippedLog[];
  conflicts: Conflict[];
  /** Logs that an earlier export had already placed (they keep their split). */
  held_out_kept: number;
  /** Decided blind A/B pairs added to dpo/*.jsonl beside the logs' pairs (abPairs.ts). */
  ab_pairs: number;
  /** What would stop a trainer, said before writing (e.g. mlx_lm.lora --train needs a valid.jsonl). */
  warnings: string[];
}

export interface PreparedExport {
  preview: ExportPreview;
  folder: string;
  staging: string;
  request: ExportRequest;
  manifestSha256: string;
  /** The exported logs, their split (an index in SPLITS) and what they looked like when read (for marking). */
  exported: { ids: IntList; splits: IntList; fingerprints: IntList; pocIds: IntList };
}

export interface PrepareOptions {
  folder: string;
  /** A folder that exists and is not empty is refused unless this is set (it is asked again at commit). */
  overwrite?: boolean;
  signal?: AbortSignal;
  /** Logs written so far over the logs matched. */
  onProgress?: (done: number, total: number) => void;
  /** The staging folder, as soon as it exists (whoever runs the export elsewhere can remove it if that dies). */
  onStaging?: (staging: string) => void;
}

export const SPLITS: readonly ExportSplit[] = ['train', 'valid', 'test'];

export async function prepareExport(
  db: Kysely<Database>,
  input: ExportRequestInput,
  options: PrepareOptions,
): Promise<PreparedExport> {
  const request = parseInput(exportRequestSchema, input);
  if (!options.overwrite) await refuseNonEmpty(options.folder);
  const total = await countExportRows(db, request);
  const abPairs = await abPreferencePairs(db, request);
  if (total === 0 && abPairs.length === 0)
    throw new DomainError(
      'invalid',
      'No rated log matches this filter, so there is nothing to export (unrated logs are never exported).',
      'export_empty',
    );
  options.onProgress?.(0, total);
  const rows = exportRows(db, request, options.signal);
  const plan = new ExportPlan(await duplicateGroups(db, request), request.max_tokens);
  options.signal?.throwIfAborted();

  const staging = await createStaging(options.folder);
  options.onStaging?.(staging);
  try {
    return await writeFiles(rows, request, plan, staging, options, total, abPairs);
  } catch (error) {
    await removeStaging(staging);
    throw error;
  }
}

async function refuseNonEmpty(folder: string): Promise<void> {
  const entries = await readdir(folder).catch(() => []);
  if (entries.length > 0)
    throw new DomainError(
      'conflict',
      `The folder ${folder} already holds files; choose an empty folder or allow overwriting.`,
      'folder_not_empty',
    );
}

async function writeFiles(
  rows: AsyncIterable<ExportRow[]>,
  request: ExportRequest,
  plan: ExportPlan,
  staging: string,
  options: PrepareOptions,
  total: number,
  abPairs: AbPreferencePair[],
): Promise<PreparedExport> {
  const formats = new Set(request.formats);
  const sinks: FileSink[] = [];
  const open = (name: string, kind: FileSink['kind']) => {
    const sink = new FileSink(name, join(staging, name), kind);
    sinks.push(sink);
    return sink;
  };
  try {
    const sft = formats.has('sft')
      ? Object.fromEntries(SPLITS.map((s) => [s, open(`${s}.jsonl`, 'sft')]))
      : undefined;
    if (formats.has('dpo')) await mkdir(join(staging, 'dpo'));
    const dpo = formats.has('dpo')
      ? Object.fromEntries(SPLITS.map((s) => [s, open(`dpo/${s}.jsonl`, 'dpo')]))
      : undefined;
    const csv = formats.has('csv') ? open('logs.csv', 'csv') : undefined;
    // The BOM makes Excel read the file as UTF-8 (Japanese text included).
    if (csv) csv.add(`\uFEFF${csvRow(CSV_HEADER)}`);

    const exported: PreparedExport['exported'] = {
      ids: new IntList(),
      splits: new IntList(),
      fingerprints: new IntList(),
      pocIds: new IntList(),
    };
    const skipped: SkippedLog[] = [];
    const perRating = { good: 0, insufficient: 0, wrong: 0 };
    const perPoc = new Map<number, { poc_id: number; name: string; logs: number }>();
    let heldOutKept = 0;
    let done = 0;
    for await (const batch of rows) {
      for (const log of batch) {
        const rating = log.evaluation === 1 ? 'good' : log.evaluation === 2 ? 'insufficient' : 'wrong';
        perRating[rating] += 1;
        const poc = perPoc.get(log.poc_id) ?? { poc_id: log.poc_id, name: log.poc_name, logs: 0 };
        poc.logs += 1;
        perPoc.set(log.poc_id, poc);
        const decision = plan.decide(log);
        const previous = log.earlier_split ?? undefined;
        const split = decision.exported ? splitFor(log.id, request.seed, request.split, previous) : null;
        if (decision.exported && split) {
          if (previous) heldOutKept += 1;
          sft?.[split]?.add(`${sftLine(log)}\n`, log.id);
          const pair = dpoLine(log);
          if (pair) dpo?.[split]?.add(`${pair}\n`, log.id);
          exported.ids.push(log.id);
          exported.splits.push(SPLITS.indexOf(split));
          exported.fingerprints.push(log.fingerprint);
          exported.pocIds.push(log.poc_id);
        } else if (!decision.exported) {
          skipped.push(decision.skip);
        }
        csv?.add(
          csvLogRow(log, split, decision.exported ? 'sft' : `skipped: ${decision.skip.reason}`),
          log.id,
        );
      }
      // One write per file per batch: a million awaited writes cost more than the disk.
      for (const sink of sinks) await sink.flush();
      done += batch.length;
      options.onProgress?.(done, total);
    }
    const abPairCount = dpo ? addAbPairs(abPairs, request, dpo) : 0;
    // A cancel during the last batch still stops here: nothing is validated, returned or kept.
    options.signal?.throwIfAborted();
    const hashes = new Map<string, string>();
    for (const sink of sinks) hashes.set(sink.name, await sink.close());
    for (const sink of sinks)
      if (sink.kind === 'sft' || sink.kind === 'dpo')
        await validateJsonl(join(staging, sink.name), sink.kind, sink.lines);

    const preview: ExportPreview = {
      total_logs: total,
      files: sinks.map((sink) => ({ name: sink.name, lines: sink.lines, samples: sink.samples })),
      per_rating: perRating,
      per_poc: [...perPoc.values()],
      skipped,
      conflicts: plan.conflicts,
      held_out_kept: heldOutKept,
      ab_pairs: abPairCount,
      warnings: trainerWarnings(sinks),
    };
    const manifest = {
      product: { name: 'llamune-poc', version: productVersion() },
      created_at: new Date().toISOString(),
      request,
      split: { ratios: request.split, seed: request.seed },
      counts: {
        logs_matched: total,
        exported: exported.ids.length,
        per_file: Object.fromEntries(sinks.map((sink) => [sink.name, sink.lines])),
        per_rating: perRating,
        per_poc: preview.per_poc,
        ab_pairs: abPairCount,
      },
      files: Object.fromEntries(
        sinks.map((sink) => [
          sink.name,
          { sha256: hashes.get(sink.name), lines: sink.lines, log_ids: new IdList(sink.logIds) },
        ]),
      ),
      skipped,
      conflicts: plan.conflicts,
      formats: {
        sft: 'mlx_lm.lora chat data: {"messages": [{"role": "system"?}, {"role": "user"}, {"role": "assistant"}]}',
        dpo: 'preference pairs: {"system"?, "prompt", "chosen", "rejected"} (mlx-lm-lora, TRL DPOTrainer)',
      },
    };
    const manifestSha256 = await writeManifest(join(staging, 'manifest.json'), manifest);
    return {
      preview,
      folder: options.folder,
      staging,
      request,
      manifestSha256,
      exported,
    };
  } finally {
    for (const sink of sinks) sink.destroy();
  }
}

/** mlx_lm.lora --train stops on an empty train.jsonl or valid.jsonl: say so in the preview. */
function trainerWarnings(sinks: FileSink[]): string[] {
  const lines = (name: string) => sinks.find((sink) => sink.name === name)?.lines;
  const warnings: string[] = [];
  for (const name of ['train.jsonl', 'valid.jsonl']) {
    if (lines(name) === 0)
      warnings.push(
        `${name} is empty: mlx_lm.lora --train needs examples in it (raise its share of the split).`,
      );
  }
  return warnings;
}
