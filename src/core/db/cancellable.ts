// Queries someone may stop waiting for (the Logs tree's, when the reviewer refreshes, filters or
// regroups) are cancelled on the server, not just ignored, so an abandoned count over a million rows
// stops using a connection and a core. The query carries a unique tag as a leading comment; aborting
// cancels the backend whose *active* query starts with that tag — never a later query that happens to
// reuse the connection. A query that finished as the abort came still resolves: callers check their
// own signal. (Kysely 0.28 has no abort of its own; 0.29 needs Node 22.)
import { randomUUID } from 'node:crypto';
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
  const onAbort = () => {
    // A failed cancel only means the query runs to its end; its result is dropped either way.
    cancelTagged(db, tag).catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return (await db.executeQuery<R>({ ...compiled, sql: `${tag} ${compiled.sql}` })).rows;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see above
async function cancelTagged(db: Kysely<any>, tag: string): Promise<void> {
  await sql`
    SELECT pg_cancel_backend(pid) FROM pg_stat_activity
    WHERE state = 'active' AND pid <> pg_backend_pid() AND starts_with(query, ${tag})`.execute(db);
}
