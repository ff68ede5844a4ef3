// The learning hand-off (SPEC §7): which split each exported log went to, per PoC, so a log once held
// out for testing is never trained on by a later export; and every export with the logs it wrote (the
// lineage a registered version points to). New tables only: the design's five are never changed.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_split_assignments')
    .addColumn('log_id', 'integer', (c) =>
      c.primaryKey().references('conversation_logs.id').onDelete('cascade'),
    )
    .addColumn('poc_id', 'integer', (c) => c.notNull().references('poc.id'))
    .addColumn('split', 'varchar(5)', (c) => c.notNull().check(sql`split IN ('train', 'valid', 'test')`))
    .addColumn('assigned_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .execute();
  await db.schema
    .createIndex('export_split_assignments_poc_idx')
    .on('export_split_assignments')
    .columns(['poc_id', 'log_id'])
    .execute();

  await db.schema
    .createTable('training_exports')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('request', 'jsonb', (c) => c.notNull())
    .addColumn('manifest_sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('log_count', 'integer', (c) => c.notNull())
    .addColumn('marked_trained', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('training_export_logs')
    .addColumn('export_id', 'integer', (c) =>
      c.notNull().references('training_exports.id').onDelete('cascade'),
    )
    .addColumn('log_id', 'integer', (c) => c.notNull().references('conversation_logs.id').onDelete('cascade'))
    .addColumn('split', 'varchar(5)', (c) => c.notNull().check(sql`split IN ('train', 'valid', 'test')`))
    .addPrimaryKeyConstraint('training_export_logs_pkey', ['export_id', 'log_id'])
    .execute();
  await db.schema
    .createIndex('training_export_logs_log_idx')
    .on('training_export_logs')
    .column('log_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_export_logs').execute();
  await db.schema.dropTable('training_exports').execute();
  await db.schema.dropTable('export_split_assignments').execute();
}
