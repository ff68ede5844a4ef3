// Blind A/B tests (SPEC §7, issue 15): two models / versions answer the same questions; per item the
// order in which they are shown as A and B is drawn at random and kept hidden until a person votes.
// Each answer is an ordinary log in a session of its model (the design's tables see it like any
// other); here which log is A and which is B, and each voter's vote (one per voter per item).
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ab_runs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('poc_id', 'integer', (c) => c.notNull().references('poc.id'))
    // The two models as the user named them; which one is A is drawn per item (ab_items).
    .addColumn('first_model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('second_model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('source', 'varchar(10)', (c) =>
      c.notNull().check(sql`source IN ('logs', 'questions', 'sample')`),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) =>
      c.notNull().defaultTo('ready').check(sql`status IN ('ready', 'running', 'paused', 'done')`),
    )
    .addColumn('paused_reason', 'text')
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .addCheckConstraint('ab_runs_two_models', sql`first_model_id <> second_model_id`)
    .execute();
  await db.schema
    .createTable('ab_items')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('run_id', 'integer', (c) => c.notNull().references('ab_runs.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source_log_id', 'integer', (c) => c.references('conversation_logs.id').onDelete('set null'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('system_prompt', 'text')
    // The hidden order: which of the run's two models answers as A, which as B.
    .addColumn('a_model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('b_model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('a_log_id', 'integer', (c) => c.references('conversation_logs.id').onDelete('set null'))
    .addColumn('b_log_id', 'integer', (c) => c.references('conversation_logs.id').onDelete('set null'))
    .addColumn('error', 'text')
    .addUniqueConstraint('ab_items_run_position', ['run_id', 'position'])
    .addCheckConstraint('ab_items_two_models', sql`a_model_id <> b_model_id`)
    .execute();
  await db.schema
    .createTable('ab_votes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('item_id', 'integer', (c) => c.notNull().references('ab_items.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('choice', 'varchar(3)', (c) => c.notNull().check(sql`choice IN ('A', 'B', 'tie')`))
    .addColumn('reason', 'text')
    .addColumn('voted_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .addUniqueConstraint('ab_votes_one_per_voter', ['item_id', 'user_id'])
    .execute();
  await db.schema.createIndex('ab_runs_poc_idx').on('ab_runs').column('poc_id').execute();
  await db.schema.createIndex('ab_items_source_idx').on('ab_items').column('source_log_id').execute();
  await db.schema.createIndex('ab_items_a_log_idx').on('ab_items').column('a_log_id').execute();
  await db.schema.createIndex('ab_items_b_log_idx').on('ab_items').column('b_log_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ab_votes').execute();
  await db.schema.dropTable('ab_items').execute();
  await db.schema.dropTable('ab_runs').execute();
}
