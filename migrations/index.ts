// The migration list, bundled into every entry point (no files are read at run time).
// Append-only: a released migration never changes; a change is a new file added here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';
import * as m0002 from './0002_log_queries';
import * as m0003 from './0003_status_priority_index';
import * as m0004 from './0004_training_exports';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_log_queries': m0002,
  '0003_status_priority_index': m0003,
  '0004_training_exports': m0004,
};
