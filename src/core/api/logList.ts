// The API's log listing: filters and keyset paging (`id < cursor`, newest first), always restricted to
// the caller's own sessions. The cursor is opaque to clients.
import type { Kysely } from 'kysely';
import type { ConversationLog, Database, Evaluation, Priority, Status } from '../db/schema';
import { DomainError } from '../errors';

export interface LogFilter {
  userId: number;
  pocId?: number;
  sessionId?: number;
  modelId?: number;
  evaluation?: Evaluation;
  status?: Status;
  priority?: Priority;
  rated?: boolean;
  text?: string;
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
}

export interface LogPage {
  logs: ConversationLog[];
  nextCursor: string | null;
}

export function encodeCursor(id: number): string {
  return Buffer.from(JSON.stringify({ before: id })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const before = (parsed as { before?: unknown }).before;
    if (typeof before === 'number' && Number.isInteger(before) && before > 0) return before;
  } catch {}
  throw new DomainError('invalid', 'cursor: is not a cursor this server gave out', 'invalid_cursor');
}

export async function listLogPage(db: Kysely<Database>, filter: LogFilter): Promise<LogPage> {
  let query = db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .selectAll('l')
    .where('s.user_id', '=', filter.userId)
    .orderBy('l.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.cursor !== undefined) query = query.where('l.id', '<', decodeCursor(filter.cursor));
  if (filter.pocId !== undefined) query = query.where('s.poc_id', '=', filter.pocId);
  if (filter.sessionId !== undefined) query = query.where('l.session_id', '=', filter.sessionId);
  if (filter.modelId !== undefined) query = query.where('s.model_id', '=', filter.modelId);
  if (filter.evaluation !== undefined) query = query.where('l.evaluation', '=', filter.evaluation);
  if (filter.status !== undefined) query = query.where('l.status', '=', filter.status);
  if (filter.priority !== undefined) query = query.where('l.priority', '=', filter.priority);
  if (filter.rated !== undefined) {
    query = query.where('l.evaluated_at', filter.rated ? 'is not' : 'is', null);
  }
  if (filter.from !== undefined) query = query.where('l.timestamp', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('l.timestamp', '<', filter.to);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb('l.question', 'ilike', pattern),
        eb('l.answer', 'ilike', pattern),
        eb('l.reason', 'ilike', pattern),
        eb('l.correct_answer', 'ilike', pattern),
        eb('l.memo', 'ilike', pattern),
      ]),
    );
  }
  const rows = await query.execute();
  const more = rows.length > filter.limit;
  const logs = more ? rows.slice(0, filter.limit) : rows;
  return { logs, nextCursor: more ? encodeCursor(logs[logs.length - 1]!.id) : null };
}
