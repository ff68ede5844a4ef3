// What a re-test run showed: per item, the source log's rating beside the new answer's, sorted into
// fixed (was 不十分 / 間違い, now 良い), still wrong, regressed (was 良い, now 不十分 / 間違い), still good,
// and not yet rated — with the correction similarity as a hint for what nobody has rated yet.
import type { Kysely } from 'kysely';
import type { Database, RetestKind, RetestStatus } from '../db/schema';
import { notFound } from '../errors';
import { correctionSimilarity } from './similarity';

export type Flip = 'fixed' | 'still_wrong' | 'regressed' | 'still_good' | 'unrated' | 'not_asked';
export const FLIPS: readonly Flip[] = [
  'fixed',
  'still_wrong',
  'regressed',
  'still_good',
  'unrated',
  'not_asked',
];

export interface RetestItemView {
  position: number;
  question: string;
  sourceLogId: number | null;
  /** The source log's rating; null when it was never rated. */
  before: {
    evaluation: 1 | 2 | 3 | null;
    answer: string;
    reason: string | null;
    correction: string | null;
  } | null;
  after: { logId: number; evaluation: 1 | 2 | 3 | null; answer: string } | null;
  /** A question set's expected answer, when it has one. */
  expectedAnswer: string | null;
  flip: Flip;
  /** A hint, never a rating: the new answer's likeness to the correction (0–1). */
  similarity: number | null;
  error: string | null;
}

export interface RetestRunView {
  id: number;
  kind: RetestKind;
  title: string;
  status: RetestStatus;
  pausedReason: string | null;
  pocId: number;
  targetModelId: number;
}

export interface RetestSummary {
  run: RetestRunView;
  counts: Record<Flip, number>;
  items: RetestItemView[];
}

const rated = (evaluation: number, evaluatedAt: Date | null) =>
  evaluatedAt === null ? null : (evaluation as 1 | 2 | 3);

export function flipOf(before: 1 | 2 | 3 | null, after: 1 | 2 | 3 | null | undefined): Flip {
  if (after === undefined) return 'not_asked';
  if (after === null) return 'unrated';
  const wasGood = before === 1;
  const isGood = after === 1;
  if (before === null) return isGood ? 'still_good' : 'still_wrong';
  if (!wasGood && isGood) return 'fixed';
  if (wasGood && !isGood) return 'regressed';
  return isGood ? 'still_good' : 'still_wrong';
}

export function countFlips(items: readonly { flip: Flip }[]): Record<Flip, number> {
  const counts = Object.fromEntries(FLIPS.map((flip) => [flip, 0])) as Record<Flip, number>;
  for (const item of items) counts[item.flip] += 1;
  return counts;
}

export async function retestRun(db: Kysely<Database>, runId: number): Promise<RetestRunView> {
  const run = await db.selectFrom('retest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('Re-test run', runId);
  return {
    id: run.id,
    kind: run.kind,
    title: run.title,
    status: run.status,
    pausedReason: run.paused_reason,
    pocId: run.poc_id,
    targetModelId: run.target_model_id,
  };
}

/** The run's items (or only those at `positions`), in order, each with both sides and its flip. */
export async function retestItems(
  db: Kysely<Database>,
  runId: number,
  positions?: readonly number[],
): Promise<RetestItemView[]> {
  if (positions?.length === 0) return [];
  let query = db
    .selectFrom('retest_items as i')
    .leftJoin('conversation_logs as src', 'src.id', 'i.source_log_id')
    .leftJoin('conversation_logs as new', 'new.id', 'i.new_log_id')
    .select([
      'i.position',
      'i.question',
      'i.source_log_id',
      'i.expected_answer',
      'i.error',
      'src.evaluation as src_evaluation',
      'src.evaluated_at as src_evaluated_at',
      'src.answer as src_answer',
      'src.reason as src_reason',
      'src.correct_answer as src_correction',
      'new.id as new_id',
      'new.evaluation as new_evaluation',
      'new.evaluated_at as new_evaluated_at',
      'new.answer as new_answer',
    ])
    .where('i.run_id', '=', runId);
  if (positions) query = query.where('i.position', 'in', [...positions]);
  const rows = await query.orderBy('i.position').execute();
  return rows.map((row): RetestItemView => {
    const before =
      row.src_answer === null
        ? null
        : {
            evaluation: rated(row.src_evaluation!, row.src_evaluated_at),
            answer: row.src_answer,
            reason: row.src_reason,
            correction: row.src_correction,
          };
    const after =
      row.new_id === null
        ? null
        : {
            logId: row.new_id,
            evaluation: rated(row.new_evaluation!, row.new_evaluated_at),
            answer: row.new_answer!,
          };
    const target = row.expected_answer ?? before?.correction ?? null;
    return {
      position: row.position,
      question: row.question,
      sourceLogId: row.source_log_id,
      before,
      after,
      expectedAnswer: row.expected_answer,
      flip: flipOf(before?.evaluation ?? null, after === null ? undefined : after.evaluation),
      similarity: after && target ? correctionSimilarity(after.answer, target) : null,
      error: row.error,
    };
  });
}

export async function retestSummary(db: Kysely<Database>, runId: number): Promise<RetestSummary> {
  const run = await retestRun(db, runId);
  const items = await retestItems(db, runId);
  return { run, counts: countFlips(items), items };
}
