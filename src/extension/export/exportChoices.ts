// The editor's export choices as plain data (no vscode import, tested directly): what a Logs-tree node's
// filter means for an export, and how a choice reads in the settings list.
import type { LogFilterInput } from '../../core/domain/logFilter';
import type { ExportFormat } from '../../core/export';

export type Code = 1 | 2 | 3;

/** Everything the user sets before the preview; the request is built from it. */
export interface ExportChoices {
  pocIds: number[];
  evaluations: Code[] | undefined;
  statuses: Code[];
  priorities: Code[] | undefined;
  from: Date | undefined;
  to: Date | undefined;
  userIds: number[] | undefined;
  modelIds: number[] | undefined;
  formats: ExportFormat[];
  split: { train: number; valid: number; test: number };
  seed: number;
  maxTokens: number;
  folder: string;
}

const codes = (values: unknown): Code[] | undefined => {
  if (!Array.isArray(values)) return undefined;
  const kept = values.filter((v): v is Code => v === 1 || v === 2 || v === 3);
  return kept.length > 0 ? kept : undefined;
};

/**
 * Choices pre-filled from a Logs-tree filter (a PoC or group node, or the view's own filter). What an
 * export cannot filter on (text, one session, unrated) is named in `ignored` so the user is told.
 */
export function choicesFromFilter(
  filter: LogFilterInput,
  defaults: { pocIds: number[]; folder: string },
): { choices: ExportChoices; ignored: ('text' | 'session' | 'unrated')[] } {
  const ignored: ('text' | 'session' | 'unrated')[] = [];
  if (filter.text) ignored.push('text');
  if (filter.sessionId !== undefined) ignored.push('session');
  const evaluation = Array.isArray(filter.evaluation) ? filter.evaluation : undefined;
  if (filter.rated === false || evaluation?.includes(null as never)) ignored.push('unrated');
  return {
    choices: {
      pocIds: filter.pocId !== undefined ? [Number(filter.pocId)] : defaults.pocIds,
      evaluations: codes(evaluation),
      statuses: codes(filter.status) ?? [1],
      priorities: codes(filter.priority),
      from: filter.from instanceof Date ? filter.from : undefined,
      to: filter.to instanceof Date ? filter.to : undefined,
      userIds: filter.userId !== undefined ? [Number(filter.userId)] : undefined,
      modelIds: filter.modelId !== undefined ? [Number(filter.modelId)] : undefined,
      formats: ['sft', 'dpo', 'csv'],
      split: { train: 0.8, valid: 0.1, test: 0.1 },
      seed: 1,
      maxTokens: 4096,
      folder: defaults.folder,
    },
    ignored,
  };
}

/** The core's request for the choices (validated by the core). */
export function requestFor(choices: ExportChoices) {
  return {
    poc_ids: choices.pocIds,
    evaluations: choices.evaluations,
    statuses: choices.statuses,
    priorities: choices.priorities,
    from: choices.from,
    to: choices.to,
    user_ids: choices.userIds,
    model_ids: choices.modelIds,
    formats: choices.formats,
    split: choices.split,
    seed: choices.seed,
    max_tokens: choices.maxTokens,
  };
}

/** "0.8 / 0.1 / 0.1" → shares, or a message saying what is wrong. */
export function parseSplit(text: string): { train: number; valid: number; test: number } | string {
  const parts = text
    .split(/[\s,/]+/)
    .filter(Boolean)
    .map(Number);
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0 || p > 1))
    return 'three shares between 0 and 1: train / valid / test';
  const [train, valid, test] = parts as [number, number, number];
  if (Math.abs(train + valid + test - 1) > 1e-9) return 'the three shares must add up to 1';
  return { train, valid, test };
}

export const formatSplit = (split: ExportChoices['split']) =>
  `${split.train} / ${split.valid} / ${split.test}`;

/** A folder name for the export: the PoC and the day, e.g. `training-data/Accounting-2026-12-05`. */
export function defaultFolderName(pocName: string, now: Date): string {
  const safe = pocName.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || 'poc';
  return `${safe}-${now.toISOString().slice(0, 10)}`;
}
