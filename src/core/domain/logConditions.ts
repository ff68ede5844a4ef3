// A log filter as SQL conditions over `conversation_logs as l`: one WHERE shared by the list, the
// counts' fallback and anything else that reads logs (an export, say). What a log inherits from its
// session (PoC, model, user) is a hashed semi-join on sessions, so the log-side index scan keeps its order.
import { type Expression, expressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../db/schema';
import type { LogFilter } from './logFilter';

type LogScope = Database & { l: Database['conversation_logs'] };

export function logConditions(filter: LogFilter): Expression<SqlBool> {
  const eb = expressionBuilder<LogScope, 'l'>();
  const and: Expression<SqlBool>[] = [];
  if (filter.sessionId !== undefined) and.push(eb('l.session_id', '=', filter.sessionId));
  if (filter.pocId !== undefined || filter.modelId !== undefined || filter.userId !== undefined) {
    let sessions = eb.selectFrom('sessions').select('sessions.id');
    if (filter.pocId !== undefined) sessions = sessions.where('sessions.poc_id', '=', filter.pocId);
    if (filter.modelId !== undefined) sessions = sessions.where('sessions.model_id', '=', filter.modelId);
    if (filter.userId !== undefined) sessions = sessions.where('sessions.user_id', '=', filter.userId);
    and.push(eb('l.session_id', 'in', sessions));
  }
  if (filter.evaluation) {
    // A rating is what a person gave: the stored code of an unrated log is only the column default.
    const codes = filter.evaluation.filter((e) => e !== null);
    const either: Expression<SqlBool>[] = [];
    if (codes.length > 0)
      either.push(eb.and([eb('l.evaluated_at', 'is not', null), eb('l.evaluation', 'in', codes)]));
    if (codes.length < filter.evaluation.length) either.push(eb('l.evaluated_at', 'is', null));
    and.push(eb.or(either));
  }
  if (filter.status) and.push(eb('l.status', 'in', filter.status));
  if (filter.priority) {
    const values = filter.priority.filter((p) => p !== null);
    const either: Expression<SqlBool>[] = [];
    if (values.length > 0) either.push(eb('l.priority', 'in', values));
    if (values.length < filter.priority.length) either.push(eb('l.priority', 'is', null));
    and.push(eb.or(either));
  }
  if (filter.rated !== undefined) and.push(eb('l.evaluated_at', filter.rated ? 'is not' : 'is', null));
  if (filter.text !== undefined) {
    const pattern = `%${escapeLike(filter.text)}%`;
    and.push(
      eb.or([
        eb('l.question', 'ilike', pattern),
        eb('l.answer', 'ilike', pattern),
        eb('l.reason', 'ilike', pattern),
      ]),
    );
  }
  if (filter.from) and.push(eb('l.timestamp', '>=', filter.from));
  if (filter.to) and.push(eb('l.timestamp', '<', filter.to));
  if (filter.beforeId !== undefined) and.push(eb('l.id', '<', filter.beforeId));
  return eb.and(and);
}

/** LIKE's wildcards (and its escape character, a backslash) match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
