// One exported log as a line of each format:
// - sft: mlx_lm.lora's chat format, {"messages": [system?, user, assistant]} (mlx_lm/tuner/datasets.py
//   detects it by the "messages" key); the assistant turn is the correction for 2 / 3, the answer for 1.
// - dpo: {"system"?, "prompt", "chosen", "rejected"} as mlx-lm-lora's DPO trainer and TRL's DPOTrainer
//   read preference pairs: chosen = the correction, rejected = the model's answer.
// - csv: one row per log for people (Excel opens the file's UTF-8 BOM as Japanese).
import type { ExportSplit } from '../db/schema';

export interface ExportLog {
  id: number;
  poc_id: number;
  poc_name: string;
  session_id: number;
  system_prompt: string | null;
  question: string;
  answer: string;
  evaluation: 1 | 2 | 3;
  reason: string | null;
  correct_answer: string | null;
  priority: 1 | 2 | 3 | null;
  status: 1 | 2 | 3;
  model_name: string;
  model_version: number;
  username: string;
  timestamp: Date;
  updated_at: Date | null;
  evaluated_at: Date;
}

/** What a log teaches: the correction when it was rated 2 / 3, else the model's own answer. */
export function sftTarget(log: ExportLog): string | null {
  return log.evaluation === 1 ? log.answer : log.correct_answer;
}

const hasText = (text: string | null): text is string => text !== null && text.trim() !== '';

export function sftLine(log: ExportLog): string {
  const messages = [
    ...(hasText(log.system_prompt) ? [{ role: 'system', content: log.system_prompt }] : []),
    { role: 'user', content: log.question },
    { role: 'assistant', content: sftTarget(log) ?? '' },
  ];
  return JSON.stringify({ messages });
}

/** A preference pair, for a 2 / 3 log with a correction; null for any other log. */
export function dpoLine(log: ExportLog): string | null {
  if (log.evaluation === 1 || !hasText(log.correct_answer)) return null;
  return JSON.stringify({
    ...(hasText(log.system_prompt) ? { system: log.system_prompt } : {}),
    prompt: log.question,
    chosen: log.correct_answer,
    rejected: log.answer,
  });
}

const RATING = { 1: '良い (good)', 2: '不十分 (insufficient)', 3: '間違い (wrong)' } as const;
const PRIORITY = { 1: '高 (high)', 2: '中 (medium)', 3: '低 (low)' } as const;
const STATUS = { 1: '未処理 (unprocessed)', 2: '訓練済み (trained)', 3: '検証済み (verified)' } as const;

export const CSV_HEADER = [
  'log_id',
  'poc',
  'question',
  'answer',
  'rating',
  'reason',
  'correct_answer',
  'priority',
  'status',
  'model',
  'version',
  'session_id',
  'user',
  'asked_at',
  'split',
  'exported_as',
];

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with '. */
function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: (string | number | null)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export function csvLogRow(log: ExportLog, split: ExportSplit | null, exportedAs: string): string {
  return csvRow([
    log.id,
    log.poc_name,
    log.question,
    log.answer,
    RATING[log.evaluation],
    log.reason,
    log.correct_answer,
    log.priority === null ? null : PRIORITY[log.priority],
    STATUS[log.status],
    log.model_name,
    log.model_version,
    log.session_id,
    log.username,
    log.timestamp.toISOString(),
    split,
    exportedAs,
  ]);
}
