// Which database the headless tools use: DATABASE_URL, else the embedded folder
// (LLAMUNE_DATA_DIR, else the user's data directory).
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { DatabaseConfig } from './config';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LLAMUNE_DATA_DIR || join(envPaths('llamune-poc', { suffix: '' }).data, 'pglite');
}

export function databaseConfigFromEnv(
  serverScript: string,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL };
  return { kind: 'embedded', dataDir: defaultDataDir(env), serverScript };
}
