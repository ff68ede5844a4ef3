// The migration list, bundled into every entry point (no files are read at run time).
// Append-only: a released migration never changes; a change is a new file added here.
import type { Migration } from 'kysely';
import * as m0001 from './0001_initial';

export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};
