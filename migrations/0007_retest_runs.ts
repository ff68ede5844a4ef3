// Re-test runs (SPEC §7, issue 15): earlier questions asked again of a target model version, each new
// answer recorded as an ordinary log in a session of that version (the design's tables see it like
// any other), and here which source log each item re-asks and which log answered it — so a run can be
// summarised as fixed / still wrong / regressed, and resumed without asking twice.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retest_runs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull().check(sql`kind IN ('retest', 'gate', 'batch')`))
    .addColumn('poc_id', 'integer', (c) => c.notNull().references('poc.id'))
    .addColumn('target_model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) =>
      c
        .notNull()
        .defaultTo('ready')
        .check(sql`status IN ('ready', 'running', 'paused', 'done', 'cancelled')`),
    )
    // Why a run stopped half way (the model server down, the user paused it), shown until it resumes.
    .addColumn('paused_reason', 'text')
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .addColumn('finished_at', 'timestamp')
    .execute();
  await db.schema
    .createTable('retest_items')
    .addColumn('run_id', 'integer', (c) => c.notNull().references('retest_runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source_log_id', 'integer', (c) => c.references('conversation_logs.id').onDelete('set null'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('system_prompt', 'text')
    // A question set's expected answer, when it has one (the source log's correction otherwise).
    .addColumn('expected_answer', 'text')
    .addColumn('new_log_id', 'integer', (c) => c.references('conversation_logs.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('retest_items_pkey', ['run_id', 'position'])
    .execute();
  await db.schema.createIndex('retest_items_source_idx').on('retest_items').column('source_log_id').execute();
  await db.schema.createIndex('retest_items_new_log_idx').on('retest_items').column('new_log_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retest_items').execute();
  await db.schema.dropTable('retest_runs').execute();
}
