// Which matched log goes to training, and why not when it does not. The database says which questions
// are asked more than once (duplicateGroups) and why a log cannot train at all (its `skip`); the plan
// turns that into one decision per log: the first of a question with one target is kept, the others
// are duplicates, and a question with different targets is a conflict — listed, none of it exported.
import { sftTarget } from './formats';
import { normalizeText } from './hygiene';
import type { DuplicateGroup, ExportRow } from './query';

export type SkipReason = 'no_correction' | 'empty' | 'too_long' | 'duplicate' | 'conflict';

export interface SkippedLog {
  log_id: number;
  reason: SkipReason;
  detail: string;
}

export interface Conflict {
  /** The normalized question, cut to 200 characters. */
  question: string;
  log_ids: number[];
}

export type Decision = { exported: true } | { exported: false; skip: SkippedLog };

const DETAILS: Record<NonNullable<ExportRow['skip']>, string> = {
  no_correction: 'rated insufficient or wrong without a correct answer',
  empty: 'the question or the target is empty',
};

/**
 * A rough token count without a tokenizer: about four Latin characters a token and one per character
 * of other scripts (Japanese tokenizers land near that). Counted from lengths alone — a non-ASCII
 * character is 2–4 UTF-8 bytes but 1 UTF-16 unit — so a million examples cost nothing to measure.
 */
export function estimateTokens(text: string): number {
  const other = Math.max(0, Math.round((Buffer.byteLength(text, 'utf8') - text.length) / 2));
  return Math.ceil(Math.max(0, text.length - other) / 4) + other;
}

export class ExportPlan {
  /** Log id → the first log of its question (for duplicates), or 0 when its question conflicts. */
  private readonly grouped = new Map<number, number>();
  readonly conflicts: Conflict[] = [];

  constructor(
    groups: DuplicateGroup[],
    private readonly maxTokens: number,
  ) {
    for (const group of groups) {
      const conflict = new Set(group.target_keys).size > 1;
      if (conflict)
        this.conflicts.push({
          question: normalizeText(group.question).slice(0, 200),
          log_ids: group.ids.map(Number),
        });
      const first = Number(group.ids[0]);
      for (const id of group.ids) this.grouped.set(Number(id), conflict ? 0 : first);
    }
  }

  decide(row: ExportRow): Decision {
    const skip = (reason: SkipReason, detail: string): Decision => ({
      exported: false,
      skip: { log_id: row.id, reason, detail },
    });
    if (row.skip) return skip(row.skip, DETAILS[row.skip]);
    // Judged here, not by the database: the same question with the same target is the same length, so
    // a duplicate group never hinges on it.
    const tokens = estimateTokens(`${row.system_prompt ?? ''}${row.question}${sftTarget(row) ?? ''}`);
    if (tokens > this.maxTokens) return skip('too_long', `about ${tokens} tokens, over ${this.maxTokens}`);
    const first = this.grouped.get(row.id);
    if (first === 0) return skip('conflict', 'the same question has different targets');
    if (first !== undefined && first !== row.id)
      return skip('duplicate', `same question and target as log ${first}`);
    return { exported: true };
  }
}
