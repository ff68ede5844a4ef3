// Two real processes migrating one fresh PostgreSQL database at once: both succeed, each migration runs
// once (migrate.ts runs them in one transaction under a transaction-level advisory lock).
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrations } from '../../src/core/db/migrationList';
import { postgresUrlFor } from '../support/postgresUrl';
import { run } from '../support/processes';
import { adminQuery } from '../support/testDatabase';

const name = `llamune_test_${randomBytes(6).toString('hex')}`;
const url = postgresUrlFor(name);

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE ${name}`);
});

afterAll(async () => {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

it('two migrate processes on one fresh PostgreSQL database both succeed and apply each migration once', async () => {
  const env = { ...process.env, DATABASE_URL: url, LLAMUNE_DATA_DIR: '' };
  const cli = resolve('dist/cli.js');
  const results = await Promise.all([run('node', [cli, 'migrate'], env), run('node', [cli, 'migrate'], env)]);
  for (const result of results) expect(result.code, result.stderr).toBe(0);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const applied = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(migrations).sort());
    const tables = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'conversation_logs'",
    );
    expect(tables.rowCount).toBe(1);
  } finally {
    await client.end();
  }
});
