// Database rows → the protocol's JSON views, and core validation messages → per-field errors.
// No vscode import: tested directly.
import type { ConversationLog, Model, Poc } from '../../core/db/schema';
import type { SessionDetails } from '../../core/domain/sessions';
import type { MarkdownTree } from '../../protocol/markdown';
import type { LogView, ModelView, PocView, RatingField, SessionView } from '../../protocol/views';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toPocView(poc: Poc): PocView {
  return { id: poc.id, name: poc.name, domain: poc.domain, default_system_prompt: poc.default_system_prompt };
}

export function toModelView(model: Model): ModelView {
  return {
    id: model.id,
    model_name: model.model_name,
    version: model.version,
    description: model.description,
  };
}

export function toSessionView(session: SessionDetails): SessionView {
  return {
    id: session.id,
    poc_id: session.poc_id,
    poc_name: session.poc_name,
    model_id: session.model_id,
    model_name: session.model_name,
    model_version: session.model_version,
    system_prompt: session.system_prompt,
    started_at: session.started_at.toISOString(),
    ended_at: iso(session.ended_at),
  };
}

/** `tree` parses the answer's Markdown (the lazy core's answerTree, which keeps markdown-it out of activation). */
export function toLogView(log: ConversationLog, tree: (text: string) => MarkdownTree): LogView {
  return {
    id: log.id,
    session_id: log.session_id,
    question: log.question,
    answer: log.answer,
    answer_md: tree(log.answer),
    timestamp: log.timestamp.toISOString(),
    evaluation: log.evaluation,
    evaluated_at: iso(log.evaluated_at),
    reason: log.reason,
    correct_answer: log.correct_answer,
    priority: log.priority,
    status: log.status,
    memo: log.memo,
    updated_at: iso(log.updated_at),
    latency_ms: log.latency_ms,
  };
}

const ratingFields: readonly RatingField[] = ['evaluation', 'reason', 'correct_answer', 'priority', 'memo'];

/** "reason: is required …; priority: must be …" → { reason: "is required …", priority: "must be …" }. */
export function fieldErrorsFrom(message: string): Partial<Record<RatingField, string>> {
  const errors: Partial<Record<RatingField, string>> = {};
  for (const part of message.split('; ')) {
    const match = /^([a-z_]+): (.*)$/s.exec(part);
    const field = match?.[1] as RatingField | undefined;
    if (field && ratingFields.includes(field)) errors[field] = match![2]!;
  }
  return errors;
}

/** Only web links leave the panel; anything else (javascript:, file:, command:) is refused. */
export function isOpenableLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:' || url.protocol === 'mailto:';
  } catch {
    return false;
  }
}
