// Runs a suite against both databases the product supports: PGlite (in memory, from a migrated
// template) and a real PostgreSQL (a fresh database per file, dropped after). Every test starts
// from empty tables.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate';
import { type DatabaseHandle, openDatabase } from '../../src/core/db/open';
import { adminPostgresUrl, postgresUrlFor } from './postgresUrl';

export type TestDatabaseKind = 'pglite' | 'postgres';
export const testDatabaseKinds: TestDatabaseKind[] = ['pglite', 'postgres'];

export interface TestDatabase {
  readonly kind: TestDatabaseKind;
  readonly handle: DatabaseHandle;
  readonly db: DatabaseHandle['db'];
  /** postgres only: the URL of this file's database (for child processes). */
  readonly url: string | undefined;
}

/** Creates a fresh, migrated database; call `dispose` when done. */
export async function createTestDatabase(
  kind: TestDatabaseKind,
): Promise<TestDatabase & { dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const template = new Blob([await readFile(inject('pgliteTemplate'))]);
    const handle = await openDatabase({ kind: 'memory', loadDataDir: template });
    return { kind, handle, db: handle.db, url: undefined, dispose: () => handle.close() };
  }
  const name = `llamune_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = postgresUrlFor(name);
  const handle = await openDatabase({ kind: 'postgres', url });
  await migrateToLatest(handle.db);
  return {
    kind,
    handle,
    db: handle.db,
    url,
    async dispose() {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminPostgresUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function truncateAll(db: DatabaseHandle['db']): Promise<void> {
  await sql`TRUNCATE training_exports, export_split_assignments, conversation_logs, sessions, models, users, poc RESTART IDENTITY CASCADE`.execute(
    db,
  );
}

/**
 * describe() once per database kind. The callback gets a getter, valid inside tests and hooks.
 */
export function describeEachDatabase(name: string, body: (get: () => TestDatabase) => void): void {
  describe.each(testDatabaseKinds)(`${name} [%s]`, (kind) => {
    let current: (TestDatabase & { dispose(): Promise<void> }) | undefined;
    beforeAll(async () => {
      current = await createTestDatabase(kind);
    }, 60_000);
    afterAll(async () => {
      await current?.dispose();
    });
    beforeEach(async () => {
      await truncateAll(current!.db);
    });
    body(() => {
      if (!current) throw new Error('test database not ready');
      return current;
    });
  });
}
