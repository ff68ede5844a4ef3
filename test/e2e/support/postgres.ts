// A fresh PostgreSQL database for one end-to-end file, on TEST_DATABASE_URL's server: created before
// the workbench starts (its connection string goes in the settings), dropped after.

import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { adminPostgresUrl, postgresUrlFor } from '../../support/postgresUrl';

export interface E2eDatabase {
  /** The connection string the extension is given. */
  url: string;
  /** Runs a query against the database, as the test's own client. */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
}

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminPostgresUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Register before `useWorkbench`, so that the database exists when the extension opens it. */
export function useFreshPostgres(label: string): E2eDatabase {
  const name = `llamune_e2e_${label}_${process.pid}_${Date.now()}`;
  const url = postgresUrlFor(name);
  let pool: pg.Pool | undefined;
  beforeAll(async () => {
    await admin(`CREATE DATABASE "${name}"`);
    pool = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    // The workbench (stopped in its own afterAll, which runs first) held connections; FORCE ends any left.
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
  return {
    url,
    async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      if (!pool) throw new Error(`the database ${name} was not created`);
      return (await pool.query<Row>(text, values)).rows;
    },
  };
}
