// Once per run: a migrated PGlite template (loading it takes ~0.6 s; initdb takes ~5 s), and a check
// that the real PostgreSQL answers, so that a missing server fails loudly rather than being skipped.
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startInMemoryPglite } from '../../src/core/db/memory';
import { migrateToLatest } from '../../src/core/db/migrate';
import { createPool } from '../../src/core/db/pgPool';
import type { Database } from '../../src/core/db/schema';
import { adminPostgresUrl } from './postgresUrl';

export default async function setup(project: TestProject) {
  // Tests that start real processes run the built entry points (dist/cli.js, dist/pglite-server.mjs).
  execFileSync(process.execPath, ['esbuild.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });

  const client = new pg.Client({ connectionString: adminPostgresUrl(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `The tests need a real PostgreSQL at ${adminPostgresUrl()} (set TEST_DATABASE_URL): ${(error as Error).message}`,
    );
  }

  const pglite = await startInMemoryPglite();
  const pool = createPool({
    host: '127.0.0.1',
    port: pglite.port,
    user: 'postgres',
    database: 'postgres',
    max: 2,
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db);
  await db.destroy();
  const dump = await pglite.dumpDataDir();
  await pglite.stop();
  const dir = join(process.cwd(), '.cache', 'test');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `pglite-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return async () => {
    await rm(file, { force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
