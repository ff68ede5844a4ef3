// Blind A/B votes as DPO preference pairs: every decided item of the export's PoCs — more votes for one
// side than for the other (ties and even splits decide nothing) — is one line of dpo/*.jsonl with the
// winner's answer as `chosen`, the loser's as `rejected`, and the item's system prompt when it had one.
// A pair's split is drawn as a log's is (splitFor), keyed on its source log (else its lower answer log),
// so it stays in one split across exports and never leaves a split an earlier export gave that log.
import { type Kysely, sql } from 'kysely';
import type { Database, ExportSplit } from '../db/schema';
import type { ExportRequest } from './request';
import { splitFor } from './split';
import type { FileSink } from './staging';

export interface AbPreferencePair {
  /** The log whose split the pair takes. */
  key_log_id: number;
  /** The winner's answer log (listed in the manifest as the line's log). */
  chosen_log_id: number;
  line: string;
  earlier_split: ExportSplit | null;
}

const hasText = (text: string | null): text is string => text !== null && text.trim() !== '';

/** The decided A/B pairs an export writes (none when it writes no DPO file), in item order. */
export async function abPreferencePairs(
  db: Kysely<Database>,
  request: ExportRequest,
): Promise<AbPreferencePair[]> {
  if (!request.formats.includes('dpo')) return [];
  const tallies = db
    .selectFrom('ab_votes')
    .select((eb) => [
      'item_id',
      eb.fn.count<string>('id').filterWhere('choice', '=', 'A').as('a_votes'),
      eb.fn.count<string>('id').filterWhere('choice', '=', 'B').as('b_votes'),
    ])
    .groupBy('item_id')
    .as('t');
  const key = sql<number>`coalesce(i.source_log_id, least(i.a_log_id, i.b_log_id))`;
  const rows = await db
    .selectFrom('ab_items as i')
    .innerJoin('ab_runs as r', 'r.id', 'i.run_id')
    .innerJoin(tallies, 't.item_id', 'i.id')
    .innerJoin('conversation_logs as a', 'a.id', 'i.a_log_id')
    .innerJoin('conversation_logs as b', 'b.id', 'i.b_log_id')
    .leftJoin('export_split_assignments as e', (join) =>
      join.on(sql<boolean>`e.log_id = ${key}`).onRef('e.poc_id', '=', 'r.poc_id'),
    )
    .select([
      key.as('key_log_id'),
      'i.question',
      'i.system_prompt',
      'a.id as a_id',
      'a.answer as a_answer',
      'b.id as b_id',
      'b.answer as b_answer',
      't.a_votes',
      't.b_votes',
      'e.split as earlier_split',
    ])
    .where('r.poc_id', 'in', request.poc_ids)
    .whereRef('t.a_votes', '<>', 't.b_votes')
    .orderBy('i.id')
    .execute();
  return rows.flatMap((row) => {
    const aWins = Number(row.a_votes) > Number(row.b_votes);
    const [chosen, rejected] = aWins ? [row.a_answer, row.b_answer] : [row.b_answer, row.a_answer];
    // Two answers alike teach nothing (and an empty one is not an answer).
    if (!hasText(chosen) || !hasText(rejected) || chosen.trim() === rejected.trim()) return [];
    const line = JSON.stringify({
      ...(hasText(row.system_prompt) ? { system: row.system_prompt } : {}),
      prompt: row.question,
      chosen,
      rejected,
    });
    return [
      {
        key_log_id: Number(row.key_log_id),
        chosen_log_id: aWins ? row.a_id : row.b_id,
        line,
        earlier_split: row.earlier_split,
      },
    ];
  });
}

/** Adds each pair to its split's DPO file; returns how many were added. */
export function addAbPairs(
  pairs: AbPreferencePair[],
  request: ExportRequest,
  dpo: Record<string, FileSink | undefined>,
): number {
  for (const pair of pairs) {
    const split = splitFor(pair.key_log_id, request.seed, request.split, pair.earlier_split ?? undefined);
    dpo[split]?.add(`${pair.line}\n`, pair.chosen_log_id);
  }
  return pairs.length;
}
