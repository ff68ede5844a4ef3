// Statements on the path of every question, built by Kysely once: a query's SQL text does not depend on
// its values, so it is compiled once, with markers in place of the values, and then run with each
// call's values in the places the markers took. Building and compiling the query tree on every call
// was a share of what POST /chat spends over the floor of bench:api (the session query measured
// 102 µs of CPU through Kysely against 46 through pg alone).
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';

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
    return (await db.executeQuery<R>(CompiledQuery.raw(statement.sql, parameters))).rows;
  };
}
