// Which matched log goes to training, and why not when it does not. The first pass over the logs
// observes every candidate (so that a question asked twice with different targets is known before
// anything is written); the second asks `decide` for each log. Same inputs, same decisions.
import { type ExportLog, sftTarget } from './formats';
import { estimateTokens, normalizeText, textKey } from './hygiene';

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

interface QuestionEntry {
  target: string;
  first: number;
  conflict: boolean;
}

const hasText = (text: string | null): text is string => text !== null && text.trim() !== '';

export class ExportPlan {
  private readonly questions = new Map<string, QuestionEntry>();
  private readonly conflicting = new Map<string, Conflict>();

  constructor(private readonly maxTokens: number) {}

  /** Pass 1. */
  observe(log: ExportLog): void {
    if (this.basicSkip(log)) return;
    const key = textKey(log.question);
    const target = textKey(sftTarget(log) ?? '');
    const entry = this.questions.get(key);
    if (!entry) {
      this.questions.set(key, { target, first: log.id, conflict: false });
      return;
    }
    if (entry.target === target) return;
    entry.conflict = true;
    const listed = this.conflicting.get(key) ?? {
      question: normalizeText(log.question).slice(0, 200),
      log_ids: [entry.first],
    };
    listed.log_ids.push(log.id);
    this.conflicting.set(key, listed);
  }

  /** Pass 2: exported, or skipped with the reason a person can act on. */
  decide(log: ExportLog): Decision {
    const basic = this.basicSkip(log);
    if (basic) return { exported: false, skip: basic };
    const key = textKey(log.question);
    const entry = this.questions.get(key);
    if (entry?.conflict) {
      return {
        exported: false,
        skip: { log_id: log.id, reason: 'conflict', detail: 'the same question has different targets' },
      };
    }
    if (entry && entry.first !== log.id) {
      return {
        exported: false,
        skip: {
          log_id: log.id,
          reason: 'duplicate',
          detail: `same question and target as log ${entry.first}`,
        },
      };
    }
    return { exported: true };
  }

  get conflicts(): Conflict[] {
    return [...this.conflicting.values()];
  }

  private basicSkip(log: ExportLog): SkippedLog | undefined {
    const skip = (reason: SkipReason, detail: string) => ({ log_id: log.id, reason, detail });
    if (log.evaluation !== 1 && !hasText(log.correct_answer))
      return skip('no_correction', 'rated insufficient or wrong without a correct answer');
    const target = sftTarget(log);
    if (!hasText(log.question) || !hasText(target))
      return skip('empty', 'the question or the target is empty');
    const tokens = estimateTokens(`${log.system_prompt ?? ''}${log.question}${target}`);
    if (tokens > this.maxTokens) return skip('too_long', `about ${tokens} tokens, over ${this.maxTokens}`);
    return undefined;
  }
}
