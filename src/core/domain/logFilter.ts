// The log filter every surface validates (REST query, CLI flags, the Logs tree) and the opaque keyset
// cursor: which logs, and where a page starts. Accepts typed values or the strings a query string gives.
import { createHash } from 'node:crypto';
import * as z from 'zod';
import type { Evaluation, Priority, Status } from '../db/schema';

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

const id = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * "1,3" / ["1", "3"] / 3 → [1, 3]: query strings repeat or comma-join a parameter. `noneWord` (or null)
 * stands for the absence of a code, kept as null.
 */
function listOf(item: string[], noneWord?: string) {
  const allowed = noneWord ? [...item, noneWord] : item;
  return z
    .union([z.number(), z.string(), z.null(), z.array(z.union([z.number(), z.string(), z.null()]))])
    .transform((value, ctx) => {
      const parts = (
        Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]
      ).map((v) => (v === null && noneWord ? noneWord : String(v).trim()));
      const bad = parts.filter((p) => !allowed.includes(p));
      if (parts.length === 0 || bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `must be one or several of ${allowed.join(', ')}` });
        return z.NEVER;
      }
      return [...new Set(parts)].map((p) => (p === noneWord ? null : Number(p))).sort(byValue);
    });
}

function byValue(a: number | null, b: number | null): number {
  return (a ?? 0) - (b ?? 0);
}

const codes = ['1', '2', '3'];
const booleanish = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1');

const baseFilterSchema = z
  .object({
    pocId: id.optional(),
    sessionId: id.optional(),
    modelId: id.optional(),
    userId: id.optional(),
    /**
     * Ratings a person gave; `unrated` (or null) selects the logs nobody has rated yet. A code never
     * matches an unrated log, whatever its stored evaluation (SPEC §7: unrated is not good).
     */
    evaluation: listOf(codes, 'unrated').optional(),
    status: listOf(codes).optional(),
    /** `none` (or null) selects logs without a priority (evaluation 1, or not given). */
    priority: listOf(codes, 'none').optional(),
    /** true: someone has rated it (evaluated_at set); false: not yet. */
    rated: booleanish.optional(),
    /** Case-insensitive substring of the question, the answer or the reason. */
    text: z.string().trim().min(1).max(500).optional(),
    /** Inclusive lower bound of `timestamp`. */
    from: z.coerce.date().optional(),
    /** Exclusive upper bound of `timestamp`. */
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    /** Opaque: the `nextCursor` of the previous page, with the same filter. */
    cursor: z.string().min(1).max(300).optional(),
  })
  .strict();

export interface LogFilter {
  pocId?: number;
  sessionId?: number;
  modelId?: number;
  userId?: number;
  /** null: unrated (evaluated_at IS NULL). */
  evaluation?: (Evaluation | null)[];
  status?: Status[];
  priority?: (Priority | null)[];
  rated?: boolean;
  text?: string;
  from?: Date;
  to?: Date;
  limit: number;
  /** Decoded from the cursor: the page holds logs with a smaller id. */
  beforeId?: number;
}

export const logFilterSchema = baseFilterSchema.transform((raw, ctx): LogFilter => {
  const { cursor, ...rest } = raw;
  const filter = rest as LogFilter;
  if (filter.from && filter.to && filter.from > filter.to) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    return z.NEVER;
  }
  if (cursor !== undefined) {
    const beforeId = decodeCursor(cursor, filter);
    if (beforeId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: 'is not a cursor of this list (altered, or from another filter)',
      });
      return z.NEVER;
    }
    filter.beforeId = beforeId;
  }
  return filter;
});

export type LogFilterInput = z.input<typeof logFilterSchema>;

// A cursor is `<id>.<mac>` in base64url; the mac binds it to the filter it came from, so an edited
// cursor, or one reused with another filter, is refused instead of silently giving a wrong page.
// Not a secret: knowing an id grants nothing the filter does not already allow.
export function encodeCursor(beforeId: number, filter: LogFilter): string {
  const body = String(beforeId);
  return Buffer.from(`${body}.${mac(body, filter)}`).toString('base64url');
}

function decodeCursor(cursor: string, filter: LogFilter): number | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const [body, tag, ...extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('.');
  if (body === undefined || tag === undefined || extra.length > 0 || !/^[1-9][0-9]{0,9}$/.test(body)) {
    return undefined;
  }
  if (tag !== mac(body, filter)) return undefined;
  const value = Number(body);
  return value <= 2_147_483_648 ? value : undefined;
}

function mac(body: string, filter: LogFilter): string {
  const { limit: _limit, beforeId: _beforeId, ...scope } = filter;
  const canonical = JSON.stringify(scope, Object.keys(scope).sort());
  return createHash('sha256')
    .update(`llamune-log-cursor\0${body}\0${canonical}`)
    .digest('base64url')
    .slice(0, 16);
}
