// Exports of a million logs recorded in a fraction of a second (SPEC §7). Measured at 200,000 logs:
// one lineage row per exported log took 3.4 s and one assignment row 3.6 s, most of it the foreign key
// to conversation_logs, whose check locks every referenced log row (a write to each of their pages).
// - The lineage becomes sets: the logs of an export's split, 50,000 ids a row, as an integer[].
// - A split assignment no longer points at its log or its PoC with a foreign key (the PoC's check
//   took 1.1 s of the 1.8 s left): ids are never reused, so the row of a deleted log is inert, and
//   the training app may delete logs without touching it.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

export const LOG_SET_SIZE = 50_000;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_export_log_sets')
    .addColumn('export_id', 'integer', (c) =>
      c.notNull().references('training_exports.id').onDelete('cascade'),
    )
    .addColumn('split', 'varchar(5)', (c) => c.notNull().check(sql`split IN ('train', 'valid', 'test')`))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('log_ids', sql`integer[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint('training_export_log_sets_pkey', ['export_id', 'split', 'part'])
    .execute();
  await sql`
    INSERT INTO training_export_log_sets (export_id, split, part, log_ids)
    SELECT export_id, split, part, array_agg(log_id ORDER BY log_id)
    FROM (SELECT export_id, split, log_id,
                 (row_number() OVER (PARTITION BY export_id, split ORDER BY log_id) - 1) / ${sql.lit(LOG_SET_SIZE)} AS part
          FROM training_export_logs) numbered
    GROUP BY export_id, split, part`.execute(db);
  await db.schema.dropTable('training_export_logs').execute();
  await db.schema
    .alterTable('export_split_assignments')
    .dropConstraint('export_split_assignments_log_id_fkey')
    .execute();
  await db.schema
    .alterTable('export_split_assignments')
    .dropConstraint('export_split_assignments_poc_id_fkey')
    .execute();
  // Never read by poc: the export looks a log's split up by its id (the primary key).
  await db.schema.dropIndex('export_split_assignments_poc_idx').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('export_split_assignments_poc_idx')
    .on('export_split_assignments')
    .columns(['poc_id', 'log_id'])
    .execute();
  await sql`DELETE FROM export_split_assignments a WHERE NOT EXISTS (SELECT 1 FROM conversation_logs l WHERE l.id = a.log_id) OR NOT EXISTS (SELECT 1 FROM poc p WHERE p.id = a.poc_id)`.execute(
    db,
  );
  await db.schema
    .alterTable('export_split_assignments')
    .addForeignKeyConstraint(
      'export_split_assignments_log_id_fkey',
      ['log_id'],
      'conversation_logs',
      ['id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();
  await db.schema
    .alterTable('export_split_assignments')
    .addForeignKeyConstraint('export_split_assignments_poc_id_fkey', ['poc_id'], 'poc', ['id'])
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
  await sql`
    INSERT INTO training_export_logs (export_id, log_id, split)
    SELECT s.export_id, t.log_id, s.split FROM training_export_log_sets s CROSS JOIN LATERAL unnest(s.log_ids) AS t(log_id)
    WHERE EXISTS (SELECT 1 FROM conversation_logs l WHERE l.id = t.log_id)`.execute(db);
  await db.schema.dropTable('training_export_log_sets').execute();
}
