// The design document's five tables (design §3), exactly, plus CHECKs for the code values (§3.6),
// SPEC §3's additive nullable columns, and the indexes the log views need.
// Frozen in time: uses Kysely<any> and never imports application code.
import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the app's current types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('poc')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('domain', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`NOW()`))
    // deliberate extension (SPEC §3)
    .addColumn('default_system_prompt', 'text')
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('username', 'varchar(50)', (c) => c.notNull().unique())
    // SHA-256 hex digest of the key, never the key (SPEC §3)
    .addColumn('api_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`NOW()`))
    .execute();

  await db.schema
    .createTable('models')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('model_name', 'varchar(100)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('base_model', 'varchar(100)')
    .addColumn('trained_at', 'timestamp')
    .addColumn('description', 'text')
    .addColumn('created_at', 'timestamp', (c) => c.notNull().defaultTo(sql`NOW()`))
    // deliberate extensions (SPEC §3)
    .addColumn('adapter_path', 'text')
    .addColumn('provider', 'varchar(20)', (c) => c.check(sql`provider IN ('mlx', 'ollama', 'openai')`))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('poc_id', 'integer', (c) => c.notNull().references('poc.id'))
    .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id'))
    .addColumn('system_prompt', 'text')
    .addColumn('started_at', 'timestamp', (c) => c.notNull().defaultTo(sql`NOW()`))
    .addColumn('ended_at', 'timestamp')
    .execute();

  await db.schema
    .createTable('conversation_logs')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('session_id', 'integer', (c) => c.notNull().references('sessions.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'timestamp', (c) => c.notNull().defaultTo(sql`NOW()`))
    .addColumn('evaluation', 'smallint', (c) => c.notNull().check(sql`evaluation IN (1, 2, 3)`))
    .addColumn('reason', 'text')
    .addColumn('correct_answer', 'text')
    .addColumn('priority', 'smallint', (c) => c.check(sql`priority IN (1, 2, 3)`))
    .addColumn('status', 'smallint', (c) => c.notNull().defaultTo(1).check(sql`status IN (1, 2, 3)`))
    .addColumn('memo', 'text')
    // deliberate extensions (SPEC §3): NULL evaluated_at = nobody has rated it yet
    .addColumn('evaluated_at', 'timestamp')
    .addColumn('updated_at', 'timestamp')
    .addColumn('latency_ms', 'integer')
    .execute();

  // Log views: by session, by PoC through session, by (evaluation, status); newest first (keyset on id).
  await db.schema.createIndex('sessions_poc_id_idx').on('sessions').columns(['poc_id', 'id']).execute();
  await db.schema.createIndex('sessions_user_id_idx').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_model_id_idx').on('sessions').column('model_id').execute();
  await db.schema
    .createIndex('conversation_logs_session_id_idx')
    .on('conversation_logs')
    .columns(['session_id', 'id desc'])
    .execute();
  await db.schema
    .createIndex('conversation_logs_evaluation_status_idx')
    .on('conversation_logs')
    .columns(['evaluation', 'status', 'id desc'])
    .execute();
  await db.schema
    .createIndex('models_base_model_idx')
    .on('models')
    .columns(['base_model', 'version'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['conversation_logs', 'sessions', 'models', 'users', 'poc']) {
    await db.schema.dropTable(table).execute();
  }
}
