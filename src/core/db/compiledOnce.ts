// Statements on the path of every question, built by Kysely once: a query's SQL text does not depend on
// its values, so it is compiled once, with markers in place of the values, and then run with each
// call's values in the places the markers took. Building and compiling the query tree on every call
// was a share of what POST /chat spends over the floor of bench:api (the session query measured
// 102 µs of CPU through Kysely against 46 through pg alone). On a database opened by openDatabase the
// kept text then runs on the pool beneath it, past Kysely's executor and driver — through the pool's own
// run() where it has one (one statement on its own: no per-connection wrappers). POST /chat's two
// statements cost ~300 µs less a question that way (serve's added latency 1.31× → 1.25× and 1.36× →
// 1.26× the floor's in two runs of both builds side by side; run() another 0.02–0.04).
import { CompiledQuery, type Kysely, type PostgresPool } from 'kysely';
import type { StatementPool } from './preparedStatements';
import type { Database } from './schema';

// The pool beneath each database openDatabase made. A transaction, or a database made elsewhere, has
// none and runs its statements through Kysely.
const pools = new WeakMap<Kysely<Database>, PostgresPool>();

/** Kept statements on `db` run on `pool` directly: it must be the pool `db`'s own dialect uses. */
export function runKeptStatementsOnPool(db: Kysely<Database>, pool: PostgresPool): void {
  pools.set(db, pool);
}

async function runOnPool<R>(
  pool: PostgresPool & Partial<StatementPool>,
  sql: string,
  parameters: unknown[],
): Promise<R[]> {
  if (pool.run) return (await pool.run<R>(sql, parameters)).rows;
  const client = await pool.connect();
  try {
    return (await client.query<R>(sql, parameters)).rows;
  } finally {
    client.release();
  }
}

export type CompiledOnce<A extends readonly unknown[], R> = (
  db: Kysely<Database>,
  ...values: A
) => Promise<R[]>;

interface Statement {
  sql: string;
  /** For each parameter of the text, which value it is. */
  order: number[];
}

/**
 * `build` compiles the statement from its values, each passed to Kysely as a value (never inspected:
 * it gets a marker object the first time). A database with plugins compiles on every call, so that
 * their transformQuery sees each statement, as everywhere else.
 */
export function compiledOnce<A extends readonly unknown[], R>(
  build: (db: Kysely<Database>, ...values: A) => CompiledQuery<R>,
): CompiledOnce<A, R> {
  const statements = new WeakMap<Kysely<Database>, Statement>();
  return async (db, ...values) => {
    let statement = statements.get(db);
    if (statement === undefined) {
      if (db.getExecutor().plugins.length > 0) return (await db.executeQuery(build(db, ...values))).rows;
      const markers = values.map((_, index) => ({ compiledOnceValue: index }));
      const compiled = build(db, ...(markers as unknown as A));
      const order = compiled.parameters.map((parameter) =>
        markers.indexOf(parameter as (typeof markers)[number]),
      );
      if (order.includes(-1)) {
        throw new Error(
          `compiledOnce: a parameter of this statement is not one of its values: ${compiled.sql}`,
        );
      }
      statement = { sql: compiled.sql, order };
      statements.set(db, statement);
    }
    const parameters = statement.order.map((index) => values[index]);
    const pool = pools.get(db);
    if (pool) return runOnPool<R>(pool, statement.sql, parameters);
    return (await db.executeQuery<R>(CompiledQuery.raw(statement.sql, parameters))).rows;
  };
}
