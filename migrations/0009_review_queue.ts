// Reviewers together (SPEC §7, issue 16): logs handed to reviewers with how many independent reviews
// each needs, each reviewer's own verdict, the lead's final word where they disagree, rating guidelines
// per PoC (a new row per save: the latest is current) and which model drafted a correction. The
// design's conversation_logs row keeps only the accepted verdict.
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

const utcNow = sql`(now() AT TIME ZONE 'UTC')`;

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  // One row per log under review: how many reviews settle it, who assigned it (the lead), what the
  // first rater had said, and how it was settled (the reviewers agreed, or the lead decided).
  await db.schema
    .createTable('review_assignments')
    .addColumn('log_id', 'integer', (c) =>
      c.primaryKey().references('conversation_logs.id').onDelete('cascade'),
    )
    .addColumn('required_reviews', 'smallint', (c) =>
      c.notNull().check(sql`required_reviews BETWEEN 1 AND 3`),
    )
    .addColumn('assigned_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('assigned_at', 'timestamp', (c) => c.notNull().defaultTo(utcNow))
    // The first rater's verdict when the log was assigned: settling overwrites conversation_logs, and
    // what the rater said must not be lost (original_evaluated_at NULL: it was never rated).
    .addColumn('original_evaluation', 'smallint', (c) => c.check(sql`original_evaluation IN (1, 2, 3)`))
    .addColumn('original_reason', 'text')
    .addColumn('original_correct_answer', 'text')
    .addColumn('original_priority', 'smallint', (c) => c.check(sql`original_priority IN (1, 2, 3)`))
    .addColumn('original_evaluated_at', 'timestamp')
    .addColumn('settled_at', 'timestamp')
    .addColumn('settled_by', 'varchar(12)', (c) => c.check(sql`settled_by IN ('agreement', 'lead')`))
    .addCheckConstraint('review_assignments_settled_check', sql`(settled_at IS NULL) = (settled_by IS NULL)`)
    .execute();
  await db.schema
    .createIndex('review_assignments_lead_idx')
    .on('review_assignments')
    .columns(['assigned_by', 'settled_at'])
    .execute();

  await db.schema
    .createTable('review_assignees')
    .addColumn('log_id', 'integer', (c) =>
      c.notNull().references('review_assignments.log_id').onDelete('cascade'),
    )
    .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('review_assignees_pkey', ['log_id', 'reviewer_id'])
    .execute();
  await db.schema
    .createIndex('review_assignees_reviewer_idx')
    .on('review_assignees')
    .column('reviewer_id')
    .execute();

  // A reviewer's own verdict; only an assignee can have one (the foreign key), and only one per log.
  await db.schema
    .createTable('log_reviews')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('log_id', 'integer', (c) => c.notNull())
    .addColumn('reviewer_id', 'integer', (c) => c.notNull())
    .addColumn('evaluation', 'smallint', (c) => c.notNull().check(sql`evaluation IN (1, 2, 3)`))
    .addColumn('reason', 'text')
    .addColumn('correct_answer', 'text')
    .addColumn('priority', 'smallint', (c) => c.check(sql`priority IN (1, 2, 3)`))
    .addColumn('reviewed_at', 'timestamp', (c) => c.notNull().defaultTo(utcNow))
    .addUniqueConstraint('log_reviews_log_reviewer_key', ['log_id', 'reviewer_id'])
    .addForeignKeyConstraint(
      'log_reviews_assignee_fkey',
      ['log_id', 'reviewer_id'],
      'review_assignees',
      ['log_id', 'reviewer_id'],
      (fk) => fk.onDelete('cascade'),
    )
    .addCheckConstraint(
      'log_reviews_good_has_no_correction',
      sql`evaluation <> 1 OR (reason IS NULL AND correct_answer IS NULL AND priority IS NULL)`,
    )
    .execute();
  await db.schema.createIndex('log_reviews_reviewer_idx').on('log_reviews').column('reviewer_id').execute();

  // The lead's final verdict on a disagreement: one review picked, or a verdict of their own.
  await db.schema
    .createTable('review_adjudications')
    .addColumn('log_id', 'integer', (c) =>
      c.primaryKey().references('review_assignments.log_id').onDelete('cascade'),
    )
    .addColumn('lead_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('picked_review_id', 'integer', (c) => c.references('log_reviews.id').onDelete('set null'))
    .addColumn('evaluation', 'smallint', (c) => c.notNull().check(sql`evaluation IN (1, 2, 3)`))
    .addColumn('reason', 'text')
    .addColumn('correct_answer', 'text')
    .addColumn('priority', 'smallint', (c) => c.check(sql`priority IN (1, 2, 3)`))
    .addColumn('decided_at', 'timestamp', (c) => c.notNull().defaultTo(utcNow))
    .execute();

  await db.schema
    .createTable('review_guidelines')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('poc_id', 'integer', (c) => c.notNull().references('poc.id').onDelete('cascade'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('saved_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('saved_at', 'timestamp', (c) => c.notNull().defaultTo(utcNow))
    .execute();
  await db.schema
    .createIndex('review_guidelines_poc_idx')
    .on('review_guidelines')
    .columns(['poc_id', 'id desc'])
    .execute();

  // A correction a teacher model drafted, recorded once a person saved it: which model, when, the draft
  // as it came, and whether the person changed it. review_id: the review it went into, if any.
  await db.schema
    .createTable('correction_drafts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('log_id', 'integer', (c) => c.notNull().references('conversation_logs.id').onDelete('cascade'))
    .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('drafted_at', 'timestamp', (c) => c.notNull())
    .addColumn('draft', 'text', (c) => c.notNull())
    .addColumn('edited', 'boolean', (c) => c.notNull())
    .addColumn('saved_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('saved_at', 'timestamp', (c) => c.notNull().defaultTo(utcNow))
    .addColumn('review_id', 'integer', (c) => c.references('log_reviews.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('correction_drafts_log_idx').on('correction_drafts').column('log_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'correction_drafts',
    'review_guidelines',
    'review_adjudications',
    'log_reviews',
    'review_assignees',
    'review_assignments',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
