// Model versions as a lineage (SPEC §7, issue 14): which model a version was trained from, on which
// export's logs, and what its adapter says about itself. One row per registered version; the design's
// `models` table keeps its columns and meanings (version = the base model's highest + 1).
// Frozen in time: Kysely<any>, no app imports.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_lineage')
    .addColumn('model_id', 'integer', (c) => c.primaryKey().references('models.id').onDelete('cascade'))
    .addColumn('parent_model_id', 'integer', (c) => c.references('models.id').onDelete('set null'))
    .addColumn('export_id', 'integer', (c) => c.references('training_exports.id').onDelete('set null'))
    // Logs in the training file (train.jsonl) of the export that trained it, when known.
    .addColumn('training_log_count', 'integer')
    // What adapter_config.json says: the model it was trained on, num_layers, lora_parameters, iters, …
    .addColumn('adapter_config', 'jsonb')
    .addColumn('registered_at', 'timestamp', (c) => c.notNull().defaultTo(sql`(now() AT TIME ZONE 'UTC')`))
    .execute();
  await db.schema
    .createIndex('model_lineage_parent_idx')
    .on('model_lineage')
    .column('parent_model_id')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('model_lineage').execute();
}
