// `llamune-poc export`: the learning hand-off headless — the same prepare / commit as the editor's
// command, with the preview printed, a progress line on stderr, and nothing written on a dry run.
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import * as z from 'zod';
import { listPocs } from '../../core/domain/pocs';
import {
  commitExport,
  discardExport,
  type ExportPreview,
  type ExportRequestInput,
  exportFormatSchema,
  prepareExportInWorker,
} from '../../core/export';
import { type CliIo, UsageError, withDatabase } from '../io';
import { formatJson } from '../output';
import { parseFlags } from '../parse';

interface ExportFlags {
  poc: string;
  out: string;
  evaluation?: string;
  status?: string;
  priority?: string;
  from?: string;
  to?: string;
  user?: string;
  model?: string;
  format?: string;
  split?: string;
  seed?: string;
  maxTokens?: string;
  force?: boolean;
  markTrained?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** "2,3" → the items, each validated. */
const list = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((part) => part.trim()) : v),
    z.array(item).min(1),
  );
const code = z.coerce
  .number()
  .pipe(z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'each must be 1, 2 or 3' }));
const id = z.coerce.number().int().positive();

const flagsSchema = z.object({
  evaluation: list(code).optional(),
  status: list(code).optional(),
  priority: list(code).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  user: list(id).optional(),
  model: list(id).optional(),
  format: list(exportFormatSchema).optional(),
  split: list(z.coerce.number().min(0).max(1))
    .pipe(z.array(z.number()).length(3, 'give three shares: train,valid,test (e.g. 0.8,0.1,0.1)'))
    .optional(),
  seed: z.coerce.number().int().min(0).optional(),
  max_tokens: z.coerce.number().int().positive().optional(),
});

export function registerExportCommand(program: Command, io: CliIo): void {
  program
    .command('export')
    .description(
      'Export rated logs as training data for mlx_lm.lora (train/valid/test.jsonl), DPO pairs (dpo/) and a CSV, with manifest.json. Unrated logs are never exported.',
    )
    .requiredOption('--poc <pocs>', 'PoC id(s) or name(s), comma-separated')
    .requiredOption('--out <folder>', 'output folder (refused when it holds files, unless --force)')
    .option('--evaluation <codes>', 'rating(s): 1 good, 2 insufficient, 3 wrong (default: all)')
    .option('--status <codes>', 'status(es) (default 1: unprocessed)')
    .option('--priority <codes>', 'priority(ies): 1 high, 2 medium, 3 low')
    .option('--from <time>', 'asked at or after (ISO-8601 date or time)')
    .option('--to <time>', 'asked before (ISO-8601 date or time)')
    .option('--user <ids>', 'only these users')
    .option('--model <ids>', 'only these model versions')
    .option('--format <formats>', 'sft, dpo, csv (default: all three)')
    .option('--split <shares>', 'train,valid,test shares adding up to 1 (default 0.8,0.1,0.1)')
    .option('--seed <n>', 'split seed (default 1)')
    .option('--max-tokens <n>', 'skip examples estimated longer than this (default 4096)')
    .option('--force', 'replace what the output folder holds')
    .option('--mark-trained', 'set status 2 (trained) on exactly the exported logs')
    .option('--dry-run', 'print the preview and write nothing')
    .option('--json', 'print the preview / result as JSON')
    .action(async (flags: ExportFlags) => {
      const parsed = parseFlags(flagsSchema, {
        evaluation: flags.evaluation,
        status: flags.status,
        priority: flags.priority,
        from: flags.from,
        to: flags.to,
        user: flags.user,
        model: flags.model,
        format: flags.format,
        split: flags.split,
        seed: flags.seed,
        max_tokens: flags.maxTokens,
      });
      const folder = resolve(flags.out);
      await withDatabase(async ({ db, connection }) => {
        const request: ExportRequestInput = {
          poc_ids: await pocIds(flags.poc, await listPocs(db)),
          evaluations: parsed.evaluation,
          statuses: parsed.status,
          priorities: parsed.priority,
          from: parsed.from,
          to: parsed.to,
          user_ids: parsed.user,
          model_ids: parsed.model,
          formats: parsed.format,
          split: parsed.split && { train: parsed.split[0]!, valid: parsed.split[1]!, test: parsed.split[2]! },
          seed: parsed.seed,
          max_tokens: parsed.max_tokens,
        };
        let shown = -1;
        const prepared = await prepareExportInWorker(connection, request, {
          workerScript: join(__dirname, 'exportWorker.js'),
          folder,
          overwrite: flags.force,
          onProgress: (done, total) => {
            const percent = Math.floor((done / total) * 10) * 10;
            if (percent > shown) io.err(`Exporting… ${percent}% (${done} of ${total} log reads)`);
            shown = percent;
          },
        });
        if (flags.dryRun) {
          await discardExport(prepared);
          io.out(flags.json ? formatJson(prepared.preview) : describePreview(prepared.preview));
          io.err('Dry run: nothing was written or marked.');
          return;
        }
        io.err(describePreview(prepared.preview));
        const committed = await commitExport(db, prepared, {
          markTrained: Boolean(flags.markTrained),
          overwrite: Boolean(flags.force),
        });
        io.err(
          `Wrote ${committed.files.length} files to ${committed.folder} (export #${committed.exportId}).`,
        );
        if (flags.markTrained) {
          io.err(`Marked ${committed.marked.length} logs trained (status 2).`);
          if (committed.changedSincePreview.length > 0)
            io.err(
              `Left ${committed.changedSincePreview.length} logs as they were: they changed after they were read (${committed.changedSincePreview.join(', ')}).`,
            );
        }
        io.out(flags.json ? formatJson({ preview: prepared.preview, ...committed }) : committed.folder);
      });
    });
}

/** Ids as given, names looked up (exactly, case-sensitive). */
async function pocIds(given: string, pocs: { id: number; name: string }[]): Promise<number[]> {
  return given
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      if (/^\d+$/.test(part)) return Number(part);
      const found = pocs.find((poc) => poc.name === part);
      if (!found) throw new UsageError(`--poc: no PoC is named "${part}"`);
      return found.id;
    });
}

function describePreview(preview: ExportPreview): string {
  const lines = [
    `${preview.total_logs} rated logs matched: ${preview.per_rating.good} good, ${preview.per_rating.insufficient} insufficient, ${preview.per_rating.wrong} wrong.`,
    ...preview.files.map((file) => `  ${file.name}: ${file.lines} lines`),
  ];
  for (const warning of preview.warnings) lines.push(`Warning: ${warning}`);
  if (preview.held_out_kept > 0)
    lines.push(`${preview.held_out_kept} logs keep the split an earlier export gave them (test stays test).`);
  if (preview.ab_pairs > 0)
    lines.push(`dpo/*.jsonl also holds ${preview.ab_pairs} decided blind A/B pairs (chosen = the winner).`);
  const reasons = new Map<string, number>();
  for (const skip of preview.skipped) reasons.set(skip.reason, (reasons.get(skip.reason) ?? 0) + 1);
  for (const [reason, count] of reasons) lines.push(`Skipped (${reason}): ${count}`);
  for (const conflict of preview.conflicts)
    lines.push(
      `Conflicting targets for "${conflict.question.slice(0, 60)}": logs ${conflict.log_ids.join(', ')}`,
    );
  for (const file of preview.files.filter((f) => f.name !== 'logs.csv'))
    for (const sample of file.samples) lines.push(`  ${file.name} ▸ ${sample.slice(0, 160)}`);
  return lines.join('\n');
}
