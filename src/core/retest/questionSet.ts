// A question set from a file, for batch runs: one question per line (.txt and anything else), JSON
// Lines ({"question": …, "expected_answer"?: …}), or CSV with a header naming a `question` column and
// optionally `expected_answer`. Broken lines are reported with their numbers and the rest stays usable.
import { parse } from 'csv-parse/sync';
import * as z from 'zod';
import { TEXT_LIMITS } from '../../protocol/limits';

export interface SetQuestion {
  question: string;
  expected_answer: string | null;
  /** The line of the file it came from (1-based). */
  line: number;
}

export interface QuestionSetProblem {
  line: number;
  message: string;
}

export interface ParsedQuestionSet {
  questions: SetQuestion[];
  problems: QuestionSetProblem[];
}

const entrySchema = z.object({
  question: z
    .string()
    .trim()
    .min(1, 'an empty question')
    .max(TEXT_LIMITS.question, `a question over ${TEXT_LIMITS.question} characters`),
  expected_answer: z
    .string()
    .max(TEXT_LIMITS.correct_answer, `an expected answer over ${TEXT_LIMITS.correct_answer} characters`)
    .nullish()
    .transform((v) => v?.trim() || null),
});

export function parseQuestionSet(text: string, fileName: string): ParsedQuestionSet {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return fromJsonLines(text);
  if (lower.endsWith('.csv')) return fromCsv(text);
  return fromPlainLines(text);
}

function collect(entries: { line: number; value: unknown }[]): ParsedQuestionSet {
  const questions: SetQuestion[] = [];
  const problems: QuestionSetProblem[] = [];
  for (const { line, value } of entries) {
    const parsed = entrySchema.safeParse(value);
    if (parsed.success) questions.push({ ...parsed.data, line });
    else problems.push({ line, message: parsed.error.issues[0]?.message ?? 'not a question' });
  }
  return { questions, problems };
}

function fromPlainLines(text: string): ParsedQuestionSet {
  return collect(
    text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((question, index) => ({ line: index + 1, value: { question } }))
      .filter(({ value }) => value.question.trim() !== ''),
  );
}

function fromJsonLines(text: string): ParsedQuestionSet {
  const problems: QuestionSetProblem[] = [];
  const entries: { line: number; value: unknown }[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      try {
        entries.push({ line: index + 1, value: JSON.parse(raw) });
      } catch {
        problems.push({ line: index + 1, message: 'not JSON' });
      }
    });
  const collected = collect(entries);
  return {
    questions: collected.questions,
    problems: [...problems, ...collected.problems].sort((a, b) => a.line - b.line),
  };
}

function fromCsv(text: string): ParsedQuestionSet {
  let records: { record: Record<string, string>; line: number }[];
  try {
    records = (
      parse(text, {
        bom: true,
        columns: true,
        skip_empty_lines: true,
        relax_column_count: true,
        info: true,
        trim: true,
      }) as {
        record: Record<string, string>;
        info: { lines: number };
      }[]
    ).map(({ record, info }) => ({ record, line: info.lines }));
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { questions: [], problems: [{ line, message: `not CSV: ${(error as Error).message}` }] };
  }
  if (records.length > 0 && !('question' in records[0]!.record))
    return { questions: [], problems: [{ line: 1, message: 'the header has no "question" column' }] };
  return collect(
    records.map(({ record, line }) => ({
      line,
      value: { question: record.question ?? '', expected_answer: record.expected_answer },
    })),
  );
}
