// A PostgreSQL server that asks for a password, for one end-to-end file: the shared server trusts
// every local connection (a wrong password would still get in), so this is a throwaway cluster whose
// pg_hba.conf trusts only the superuser and asks every other role for its SCRAM password. It holds a
// role with a password and a database that role owns; all of it is deleted after the file.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { startThrowawayCluster, type ThrowawayCluster } from '../../integration/api/throwawayCluster';

export interface PasswordDatabase {
  /** The connection string a user enters: the role and database, without the password. */
  url: string;
  password: string;
  /** Runs a query as the superuser. */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
}

const ROLE = 'llamune_e2e_pw';
const DATABASE = 'llamune_e2e_pw';

const HBA = [
  'local all all trust',
  'host all postgres 127.0.0.1/32 trust',
  'host all all 127.0.0.1/32 scram-sha-256',
  '',
].join('\n');

/** Register before `useWorkbench`, so that the workbench is stopped before the cluster. */
export function usePasswordPostgres(): PasswordDatabase {
  const password = `pw-${process.pid}-${Date.now().toString(36)}`;
  let cluster: ThrowawayCluster | undefined;
  let pool: pg.Pool | undefined;
  let url = '';
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${ROLE} LOGIN PASSWORD '${password}'`);
      await admin.query(`CREATE DATABASE ${DATABASE} OWNER ${ROLE}`);
    } finally {
      await admin.end();
    }
    // Written while the server is stopped, so that it reads the rules when it starts (no reload race).
    await cluster.stop();
    await writeFile(join(cluster.dir, 'data', 'pg_hba.conf'), HBA);
    await cluster.start();
    const superuser = new URL(cluster.url);
    superuser.pathname = `/${DATABASE}`;
    pool = new pg.Pool({ connectionString: superuser.toString(), max: 2 });
    const user = new URL(cluster.url);
    user.username = ROLE;
    user.pathname = `/${DATABASE}`;
    url = user.toString();
  }, 180_000);
  afterAll(async () => {
    await pool?.end();
    await cluster?.destroy();
  });
  return {
    get url() {
      return url;
    },
    password,
    async query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]) {
      if (!pool) throw new Error('the password-protected cluster did not start');
      return (await pool.query<Row>(text, values)).rows;
    },
  };
}
