// Every migration, in order: the list migrations/index.ts released (0001–0004, frozen with the files it
// names) and each one added since. A new migration is a new file in migrations/ and a line here, so no
// file in migrations/ ever changes once released.
import type { Migration } from 'kysely';
import { migrations as released } from '../../../migrations';
import * as m0005 from '../../../migrations/0005_compact_export_records';
import * as m0006 from '../../../migrations/0006_model_lineage';
import * as m0007 from '../../../migrations/0007_retest_runs';
import * as m0008 from '../../../migrations/0008_ab_tests';
import * as m0009 from '../../../migrations/0009_review_queue';
import * as m0011 from '../../../migrations/0011_team_database';

export const migrations: Record<string, Migration> = {
  ...released,
  '0005_compact_export_records': m0005,
  '0006_model_lineage': m0006,
  '0007_retest_runs': m0007,
  '0008_ab_tests': m0008,
  '0009_review_queue': m0009,
  '0011_team_database': m0011,
};
