// Which database the headless tools use: DATABASE_URL, else the embedded folder
// (LLAMUNE_DATA_DIR, else the user's data directory).
import { join } from 'node:path';
import envPaths from 'env-paths';
import * as z from 'zod';
import { parseInput } from '../errors';
import { type DatabaseConfig, poolSizeSchema } from './config';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LLAMUNE_DATA_DIR || join(envPaths('llamune-poc', { suffix: '' }).data, 'pglite');
}

const preparedStatementsSchema = z
  .enum(['on', 'off'], { error: 'LLAMUNE_DB_PREPARED_STATEMENTS must be on or off' })
  .default('on');

const queryTimeoutSchema = z.coerce
  .number({ error: 'LLAMUNE_DB_QUERY_TIMEOUT_MS must be a number of milliseconds' })
  .int('LLAMUNE_DB_QUERY_TIMEOUT_MS must be a whole number of milliseconds')
  .min(0, 'LLAMUNE_DB_QUERY_TIMEOUT_MS must be 0 (no limit) or more')
  .optional();

const poolSizeFromEnv = z.coerce
  .number({ error: 'LLAMUNE_DB_POOL_SIZE must be a number of connections' })
  .pipe(poolSizeSchema)
  .optional();

export function databaseConfigFromEnv(
  serverScript: string,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseConfig {
  if (env.DATABASE_URL) {
    const prepared = parseInput(preparedStatementsSchema, env.LLAMUNE_DB_PREPARED_STATEMENTS || undefined);
    const queryTimeoutMs = parseInput(queryTimeoutSchema, env.LLAMUNE_DB_QUERY_TIMEOUT_MS || undefined);
    const poolSize = parseInput(poolSizeFromEnv, env.LLAMUNE_DB_POOL_SIZE || undefined);
    return {
      kind: 'postgres',
      url: env.DATABASE_URL,
      preparedStatements: prepared === 'on',
      queryTimeoutMs,
      poolSize,
    };
  }
  return { kind: 'embedded', dataDir: defaultDataDir(env), serverScript };
}
