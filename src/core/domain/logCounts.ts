// Counts of logs per group for the tree views. The summary table (migration 0002, kept by triggers)
// answers in milliseconds at a million logs; filters it cannot express fall back to the logs themselves.
import { type Expression, expressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import * as z from 'zod';
import { executeCancellable } from '../db/cancellable';
import type { Database, SessionsTable } from '../db/schema';
import { parseInput } from '../errors';
import { logConditions } from './logConditions';
import { type LogFilter, type LogFilterInput, logFilterSchema } from './logFilter';

export const logGroupBySchema = z.enum([
  'poc',
  'session',
  'model',
  'user',
  'evaluation',
  'status',
  'priority',
  'rated',
  'day',
]);
export type LogGroupBy = z.infer<typeof logGroupBySchema>;

export interface LogGroupCount {
  /**
   * An id (poc, session, model, user), a code (null: unrated for evaluation, none for priority), a
   * boolean (rated) or `YYYY-MM-DD`.
   */
  key: number | string | boolean | null;
  count: number;
  /** PoC name, `model vN`, username, or the session's start (ISO); null where the key says it all. */
  label: string | null;
}

/** migrations/0002_log_queries.ts: the columns both summary tables share; priority 0 stands for none. */
interface SummaryTable {
  session_id: number;
  poc_id: number;
  model_id: number;
  user_id: number;
  day: Date;
  evaluation: number;
  status: number;
  priority: number;
  rated: boolean;
  n: number;
}
type Summary =
  | 'conversation_log_counts_by_session'
  | 'conversation_log_counts_by_day'
  | 'conversation_log_counts_by_poc';

const DAY_MS = 86_400_000;

export interface CountOptions {
  /** Count the logs themselves even when a summary could answer (tests and the benchmark compare). */
  withoutSummary?: boolean;
  /** Aborting cancels the query on the server (see executeCancellable). */
  signal?: AbortSignal;
}

export async function countRows(
  db: Kysely<Database>,
  filter: LogFilter,
  groupBy: LogGroupBy,
  options: CountOptions = {},
): Promise<LogGroupCount[]> {
  const whole = { ...filter, beforeId: undefined };
  const summary = options.withoutSummary ? undefined : summaryFor(whole, groupBy);
  const { signal } = options;
  const rows = summary
    ? await fromSummary(db, summary, whole, groupBy, signal)
    : await fromLogs(db, whole, groupBy, signal);
  const counted = rows.map((r) => ({ key: r.key, count: Number(r.count) })).filter((r) => r.count > 0);
  counted.sort(orderFor(groupBy));
  const labels = await labelsFor(
    db,
    groupBy,
    counted.map((r) => r.key).filter((k) => typeof k === 'number'),
  );
  return counted.map((r) => ({ ...r, label: labels.get(r.key) ?? null }));
}

/** The smallest summary table that holds every dimension the filter and the grouping need, if any. */
export function summaryFor(filter: LogFilter, groupBy: LogGroupBy): Summary | undefined {
  if (filter.text !== undefined) return undefined;
  const onDay = (d: Date | undefined) => d === undefined || d.getTime() % DAY_MS === 0;
  if (!onDay(filter.from) || !onDay(filter.to)) return undefined;
  const ranged = filter.from !== undefined || filter.to !== undefined;
  const bySession = filter.sessionId !== undefined || groupBy === 'session';
  const byModel = filter.modelId !== undefined || groupBy === 'model';
  const byUser = filter.userId !== undefined || groupBy === 'user';
  if (!ranged && groupBy !== 'day') {
    return bySession || byModel || byUser
      ? 'conversation_log_counts_by_session'
      : 'conversation_log_counts_by_poc';
  }
  return bySession || byModel ? undefined : 'conversation_log_counts_by_day';
}

type KeyRow = { key: LogGroupCount['key']; count: number | string };

async function fromSummary(
  db: Kysely<Database>,
  table: Summary,
  filter: LogFilter,
  groupBy: LogGroupBy,
  signal: AbortSignal | undefined,
): Promise<KeyRow[]> {
  const eb = expressionBuilder<{ c: SummaryTable }, 'c'>();
  const key: Expression<unknown> = {
    poc: eb.ref('c.poc_id'),
    session: eb.ref('c.session_id'),
    model: eb.ref('c.model_id'),
    user: eb.ref('c.user_id'),
    // Unrated logs form their own group (key null), never the default code's.
    evaluation: sql`CASE WHEN c.rated THEN c.evaluation END`,
    status: eb.ref('c.status'),
    priority: sql`nullif(c.priority, 0)`,
    rated: eb.ref('c.rated'),
    day: eb.ref('c.day'),
  }[groupBy];
  const and: Expression<SqlBool>[] = [];
  if (filter.pocId !== undefined) and.push(eb('c.poc_id', '=', filter.pocId));
  if (filter.sessionId !== undefined) and.push(eb('c.session_id', '=', filter.sessionId));
  if (filter.modelId !== undefined) and.push(eb('c.model_id', '=', filter.modelId));
  if (filter.userId !== undefined) and.push(eb('c.user_id', '=', filter.userId));
  if (filter.evaluation) {
    const codes = filter.evaluation.filter((e) => e !== null);
    const either: Expression<SqlBool>[] = [];
    if (codes.length > 0) either.push(eb.and([eb('c.rated', '=', true), eb('c.evaluation', 'in', codes)]));
    if (codes.length < filter.evaluation.length) either.push(eb('c.rated', '=', false));
    and.push(eb.or(either));
  }
  if (filter.status) and.push(eb('c.status', 'in', filter.status));
  if (filter.priority)
    and.push(
      eb(
        'c.priority',
        'in',
        filter.priority.map((p) => p ?? 0),
      ),
    );
  if (filter.rated !== undefined) and.push(eb('c.rated', '=', filter.rated));
  if (filter.from) and.push(eb('c.day', '>=', filter.from));
  if (filter.to) and.push(eb('c.day', '<', filter.to));
  const query = db
    .withTables<Record<Summary, SummaryTable>>()
    .selectFrom(`${table} as c` as 'conversation_log_counts_by_session as c')
    .select([
      sql<LogGroupCount['key']>`${keyText(key, groupBy)}`.as('key'),
      sql<string>`sum(c.n)`.as('count'),
    ])
    .where(eb.and(and))
    .groupBy(key);
  return (await executeCancellable(db, query, signal)) as KeyRow[];
}

async function fromLogs(
  db: Kysely<Database>,
  filter: LogFilter,
  groupBy: LogGroupBy,
  signal: AbortSignal | undefined,
): Promise<KeyRow[]> {
  const eb = expressionBuilder<
    Database & { l: Database['conversation_logs']; s: SessionsTable },
    'l' | 's'
  >();
  const key: Expression<unknown> = {
    poc: eb.ref('s.poc_id'),
    session: eb.ref('l.session_id'),
    model: eb.ref('s.model_id'),
    user: eb.ref('s.user_id'),
    evaluation: sql`CASE WHEN l.evaluated_at IS NOT NULL THEN l.evaluation END`,
    status: eb.ref('l.status'),
    priority: eb.ref('l.priority'),
    rated: sql`l.evaluated_at IS NOT NULL`,
    day: sql`l.timestamp::date`,
  }[groupBy];
  const query = db
    .selectFrom('conversation_logs as l')
    .innerJoin('sessions as s', 's.id', 'l.session_id')
    .select([
      sql<LogGroupCount['key']>`${keyText(key, groupBy)}`.as('key'),
      sql<string>`count(*)`.as('count'),
    ])
    .where(logConditions(filter))
    .groupBy(key);
  return (await executeCancellable(db, query, signal)) as KeyRow[];
}

/** Days as `YYYY-MM-DD`, formatted once per group (grouping on the text would format every row). */
function keyText(key: Expression<unknown>, groupBy: LogGroupBy): Expression<unknown> {
  return groupBy === 'day' ? sql`to_char(${key}::timestamp, 'YYYY-MM-DD')` : key;
}

/** Ids ascending, except sessions and days: newest first. Nulls (no priority) last. */
function orderFor(groupBy: LogGroupBy) {
  const sign = groupBy === 'session' || groupBy === 'day' ? -1 : 1;
  return (a: { key: LogGroupCount['key'] }, b: { key: LogGroupCount['key'] }) => {
    if (a.key === b.key) return 0;
    if (a.key === null) return 1;
    if (b.key === null) return -1;
    return (a.key < b.key ? -1 : 1) * sign;
  };
}

async function labelsFor(
  db: Kysely<Database>,
  groupBy: LogGroupBy,
  ids: number[],
): Promise<Map<unknown, string>> {
  if (ids.length === 0) return new Map();
  switch (groupBy) {
    case 'poc': {
      const rows = await db.selectFrom('poc').select(['id', 'name']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.name]));
    }
    case 'model': {
      const rows = await db
        .selectFrom('models')
        .select(['id', 'model_name', 'version'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, `${r.model_name} v${r.version}`]));
    }
    case 'user': {
      const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.id, r.username]));
    }
    case 'session': {
      const rows = await db
        .selectFrom('sessions')
        .select(['id', 'started_at'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, r.started_at.toISOString()]));
    }
    default:
      return new Map();
  }
}

/**
 * The filter of one group's logs: the tree counts with `filter` grouped by `groupBy`, then lists a
 * group's logs with `narrowToGroup(filter, groupBy, row.key)`.
 */
export function narrowToGroup(
  input: LogFilterInput,
  groupBy: LogGroupBy,
  key: LogGroupCount['key'],
): LogFilterInput {
  const { beforeId: _beforeId, ...filter } = parseInput(logFilterSchema, input);
  const id = (): number => parseInput(z.number().int().positive(), key);
  const code = (): number => parseInput(z.number().int().min(1).max(3), key);
  switch (groupBy) {
    case 'poc':
      return { ...filter, pocId: id() };
    case 'session':
      return { ...filter, sessionId: id() };
    case 'model':
      return { ...filter, modelId: id() };
    case 'user':
      return { ...filter, userId: id() };
    case 'evaluation':
      return { ...filter, evaluation: [key === null ? null : code()] };
    case 'status':
      return { ...filter, status: [code()] };
    case 'priority':
      return { ...filter, priority: [key === null ? null : code()] };
    case 'rated':
      return { ...filter, rated: parseInput(z.boolean(), key) };
    case 'day': {
      const start = parseInput(z.iso.date(), key);
      const from = new Date(`${start}T00:00:00Z`);
      const to = new Date(from.getTime() + DAY_MS);
      return {
        ...filter,
        from: filter.from && filter.from > from ? filter.from : from,
        to: filter.to && filter.to < to ? filter.to : to,
      };
    }
  }
}
