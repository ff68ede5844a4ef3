// Queries someone may stop waiting for (the Logs tree's, when the reviewer refreshes, filters or
// regroups) are cancelled on the server, not just ignored, so an abandoned count over a million rows
// stops using a connection and a core. The query carries a unique tag as a leading comment; aborting
// cancels the backend whose *active* query starts with that tag — never a later query that happens to
// reuse the connection. A query that finished as the abort came still resolves: callers check their
// own signal. (Kysely 0.28 has no abort of its own; 0.29 needs Node 22.)
import { randomUUID } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { type Compilable, type Kysely, sql } from 'kysely';

export async function executeCancellable<R>(
  // biome-ignore lint/suspicious/noExplicitAny: any database; only pg_stat_activity is read here
  db: Kysely<any>,
  query: Compilable<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  if (!signal) return (await db.executeQuery(query)).rows;
  signal.throwIfAborted();
  const tag = `/* llamune:cancellable ${randomUUID()} */`;
  const compiled = query.compile();
  let settled = false;
  const onAbort = async () => {
    // The query may not have reached the server yet (waiting for a pool connection): keep trying
    // until it is cancelled or done. A failed cancel only means it runs to its end, result dropped.
    while (!settled) {
      const cancelled = await cancelTagged(db, tag).catch(() => -1);
      if (cancelled !== 0) return;
      await setTimeout(retryMs);
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return (await db.executeQuery<R>({ ...compiled, sql: `${tag} ${compiled.sql}` })).rows;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    settled = true;
    signal.removeEventListener('abort', onAbort);
  }
}

const retryMs = 25;

/** How many backends were running the tagged query (0: not started yet, or already done). */
// biome-ignore lint/suspicious/noExplicitAny: see above
async function cancelTagged(db: Kysely<any>, tag: string): Promise<number> {
  const { rows } = await sql<{ cancelled: boolean }>`
    SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity
    WHERE state = 'active' AND pid <> pg_backend_pid() AND starts_with(query, ${tag})`.execute(db);
  return rows.length;
}
