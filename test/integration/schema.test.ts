// The migrated schema is a contract with llamune_learning (design §3): compare it column by column.
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { migrateToLatest } from '../../src/core/db/migrate';
import { describeEachDatabase } from '../support/testDatabase';

type Column = [name: string, type: string, nullable: boolean, default_: string | null];

// From the design document's tables, plus SPEC §3's deliberate extensions (all nullable, marked "ext").
const expected: Record<string, Column[]> = {
  poc: [
    ['id', 'integer', false, 'serial'],
    ['name', 'character varying(100)', false, null],
    ['domain', 'character varying(100)', false, null],
    ['created_at', 'timestamp without time zone', false, 'now()'],
    ['default_system_prompt', 'text', true, null], // ext
  ],
  users: [
    ['id', 'integer', false, 'serial'],
    ['username', 'character varying(50)', false, null],
    ['api_key', 'character varying(64)', false, null],
    ['created_at', 'timestamp without time zone', false, 'now()'],
  ],
  models: [
    ['id', 'integer', false, 'serial'],
    ['model_name', 'character varying(100)', false, null],
    ['version', 'integer', false, '1'],
    ['base_model', 'character varying(100)', true, null],
    ['trained_at', 'timestamp without time zone', true, null],
    ['description', 'text', true, null],
    ['created_at', 'timestamp without time zone', false, 'now()'],
    ['adapter_path', 'text', true, null], // ext
    ['provider', 'character varying(20)', true, null], // ext
  ],
  sessions: [
    ['id', 'integer', false, 'serial'],
    ['user_id', 'integer', false, null],
    ['poc_id', 'integer', false, null],
    ['model_id', 'integer', false, null],
    ['system_prompt', 'text', true, null],
    ['started_at', 'timestamp without time zone', false, 'now()'],
    ['ended_at', 'timestamp without time zone', true, null],
  ],
  conversation_logs: [
    ['id', 'integer', false, 'serial'],
    ['session_id', 'integer', false, null],
    ['question', 'text', false, null],
    ['answer', 'text', false, null],
    ['timestamp', 'timestamp without time zone', false, 'now()'],
    ['evaluation', 'smallint', false, null],
    ['reason', 'text', true, null],
    ['correct_answer', 'text', true, null],
    ['priority', 'smallint', true, null],
    ['status', 'smallint', false, '1'],
    ['memo', 'text', true, null],
    ['evaluated_at', 'timestamp without time zone', true, null], // ext
    ['updated_at', 'timestamp without time zone', true, null], // ext
    ['latency_ms', 'integer', true, null], // ext
  ],
};

describeEachDatabase('migrated schema', (get) => {
  it('has the design tables with the exact columns, types, nullability and defaults', async () => {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      type: string;
      is_nullable: 'YES' | 'NO';
      column_default: string | null;
    }>`
      SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod) AS type, c.is_nullable, c.column_default
      FROM information_schema.columns c
      JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
        AND a.attname = c.column_name
      WHERE c.table_schema = 'public' AND c.table_name IN ('poc', 'users', 'models', 'sessions', 'conversation_logs')
      ORDER BY c.table_name, c.ordinal_position`.execute(get().db);

    for (const [table, columns] of Object.entries(expected)) {
      const actual = rows
        .filter((r) => r.table_name === table)
        .map((r): Column => {
          let def = r.column_default;
          if (def?.startsWith('nextval(')) def = 'serial';
          if (def?.toLowerCase() === 'now()' || def === 'CURRENT_TIMESTAMP') def = 'now()';
          return [r.column_name, r.type, r.is_nullable === 'YES', def];
        });
      expect(actual, table).toEqual(columns);
    }
  });

  it('has the primary keys, unique keys and foreign keys of the design', async () => {
    const { rows } = await sql<{ table_name: string; type: string; definition: string }>`
      SELECT conrelid::regclass::text AS table_name, contype AS type, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint
      WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'u', 'f')
      ORDER BY 1, 2, 3`.execute(get().db);
    const design = new Set(['poc', 'users', 'models', 'sessions', 'conversation_logs']);
    const describe = (r: (typeof rows)[number]) => `${r.table_name} ${r.type} ${r.definition}`;
    const got = rows.filter((r) => design.has(r.table_name)).map(describe);
    // The learning loop's own tables (SPEC §7) point at the design's; no design table points at them.
    expect(
      rows
        .filter((r) => r.table_name.startsWith('export_') || r.table_name.startsWith('training_'))
        .map(describe),
    ).toEqual([
      'export_split_assignments p PRIMARY KEY (log_id)',
      'training_export_log_sets f FOREIGN KEY (export_id) REFERENCES training_exports(id) ON DELETE CASCADE',
      'training_export_log_sets p PRIMARY KEY (export_id, split, part)',
      'training_exports p PRIMARY KEY (id)',
    ]);
    expect(got).toEqual([
      'conversation_logs f FOREIGN KEY (session_id) REFERENCES sessions(id)',
      'conversation_logs p PRIMARY KEY (id)',
      'models p PRIMARY KEY (id)',
      'poc p PRIMARY KEY (id)',
      'sessions f FOREIGN KEY (model_id) REFERENCES models(id)',
      'sessions f FOREIGN KEY (poc_id) REFERENCES poc(id)',
      'sessions f FOREIGN KEY (user_id) REFERENCES users(id)',
      'sessions p PRIMARY KEY (id)',
      'users p PRIMARY KEY (id)',
      'users u UNIQUE (api_key)',
      'users u UNIQUE (username)',
    ]);
  });

  it('rejects code values outside the design (§3.6) with CHECK constraints', async () => {
    const db = get().db;
    const poc = await db
      .insertInto('poc')
      .values({ name: 'p', domain: 'd' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const user = await db
      .insertInto('users')
      .values({ username: 'u', api_key: 'k'.repeat(64) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const model = await db
      .insertInto('models')
      .values({ model_name: 'm' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = await db
      .insertInto('sessions')
      .values({ user_id: user.id, poc_id: poc.id, model_id: model.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const log = { session_id: session.id, question: 'q', answer: 'a' };
    await expect(
      db
        .insertInto('conversation_logs')
        .values({ ...log, evaluation: 4 as 1 })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db
        .insertInto('conversation_logs')
        .values({ ...log, evaluation: 1, priority: 0 as 1 })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db
        .insertInto('conversation_logs')
        .values({ ...log, evaluation: 1, status: 9 as 1 })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db
        .insertInto('models')
        .values({ model_name: 'x', provider: 'gpt' as 'mlx' })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    const ok = await db
      .insertInto('conversation_logs')
      .values({ ...log, evaluation: 1 })
      .returning(['status', 'timestamp'])
      .executeTakeFirstOrThrow();
    expect(ok.status).toBe(1);
    expect(Math.abs(ok.timestamp.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('is a no-op when migrated again', async () => {
    expect(await migrateToLatest(get().db)).toEqual([]);
  });
});
