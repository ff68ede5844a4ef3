// Statements compiled once (the hot path of every question): the same answers as compiling each time,
// whatever the values' order in the text, equal values, or a value used twice; plugins still see every
// statement; a statement that adds values of its own is refused. On a database from openDatabase the
// statement runs on its pool, past Kysely; in a transaction, on the transaction's connection.
import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import { compiledOnce } from '../../src/core/db/compiledOnce';
import type { Database } from '../../src/core/db/schema';
import { seedSession } from '../support/fixtures';
import { describeEachDatabase } from '../support/testDatabase';

describeEachDatabase('compiledOnce', (get) => {
  it('runs the text compiled once with each call’s values in their places', async () => {
    const db = get().db;
    const first = await seedSession(db, { username: 'alice' });
    const second = await seedSession(db, { username: 'bob' });
    let builds = 0;
    // The values come in another order than the text uses them.
    const sessionOf = compiledOnce((kysely, userId: number, sessionId: number) => {
      builds++;
      return kysely
        .selectFrom('sessions')
        .select(['id', 'user_id'])
        .where('id', '=', sessionId)
        .where('user_id', '=', userId)
        .compile();
    });
    for (const { user, session } of [first, second, first]) {
      expect(await sessionOf(db, user.id, session.id)).toEqual([{ id: session.id, user_id: user.id }]);
    }
    expect(await sessionOf(db, first.user.id, second.session.id)).toEqual([]);
    expect(builds).toBe(1);
  });

  it('tells equal values apart by their place, not their value', async () => {
    const db = get().db;
    // The first call's values are equal: their order in the text still has to be learnt right.
    const minus = compiledOnce((kysely, b: number, a: number) =>
      sql<{ d: number }>`SELECT ${a}::int - ${b}::int AS d`.compile(kysely),
    );
    expect(await minus(db, 3, 3)).toEqual([{ d: 0 }]);
    expect(await minus(db, 2, 5)).toEqual([{ d: 3 }]);
    expect(await minus(db, 5, 2)).toEqual([{ d: -3 }]);
  });

  it('passes a value used twice in both places, arrays as they are', async () => {
    const db = get().db;
    const twice = compiledOnce((kysely, n: number, list: number[]) =>
      sql<{
        a: number;
        b: number;
        c: number[];
      }>`SELECT ${n}::int AS a, ${n}::int + 1 AS b, ${list}::int[] AS c`.compile(kysely),
    );
    expect(await twice(db, 4, [1, 2])).toEqual([{ a: 4, b: 5, c: [1, 2] }]);
    expect(await twice(db, 9, [])).toEqual([{ a: 9, b: 10, c: [] }]);
  });

  it('compiles every time on a database with plugins, so that each statement passes through them', async () => {
    const seen: string[] = [];
    const plugin: KyselyPlugin = {
      transformQuery: ({ node }) => {
        seen.push(node.kind);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    const db: Kysely<Database> = get().db.withPlugin(plugin);
    const one = compiledOnce((kysely, n: number) =>
      sql<{ n: number }>`SELECT ${n}::int AS n`.compile(kysely),
    );
    expect(await one(db, 1)).toEqual([{ n: 1 }]);
    expect(await one(db, 2)).toEqual([{ n: 2 }]);
    expect(seen).toEqual(['RawNode', 'RawNode']);
  });

  it('refuses a statement with a parameter that is not one of its values', async () => {
    const withConstant = compiledOnce((kysely, id: number) =>
      kysely.selectFrom('sessions').select('id').where('id', '=', id).where('user_id', '=', 7).compile(),
    );
    await expect(withConstant(get().db, 1)).rejects.toThrow(/not one of its values/);
  });

  it('runs on the pool beneath a database from openDatabase, without Kysely’s executor', async () => {
    const db = get().db;
    const one = compiledOnce((kysely, n: number) =>
      sql<{ n: number }>`SELECT ${n}::int AS n`.compile(kysely),
    );
    const executeQuery = vi.spyOn(db, 'executeQuery');
    try {
      expect(await one(db, 1)).toEqual([{ n: 1 }]); // the first call compiles, through Kysely
      expect(await one(db, 2)).toEqual([{ n: 2 }]);
      expect(await one(db, 3)).toEqual([{ n: 3 }]);
      expect(executeQuery).not.toHaveBeenCalled();
    } finally {
      executeQuery.mockRestore();
    }
  });

  it('runs in the transaction it is given: sees its rows, and they go with its rollback', async () => {
    const db = get().db;
    const { session } = await seedSession(db, { username: 'carol' });
    const insert = compiledOnce((kysely, sessionId: number, question: string) =>
      sql<{ id: number }>`INSERT INTO conversation_logs (session_id, question, answer, evaluation)
        VALUES (${sessionId}, ${question}, 'a', 1) RETURNING id`.compile(kysely),
    );
    const count = compiledOnce((kysely, question: string) =>
      sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM conversation_logs WHERE question = ${question}`.compile(kysely),
    );
    // Kept on the database first, so that the transaction's calls find the statement already known.
    expect(await count(db, 'inside')).toEqual([{ n: 0 }]);
    await expect(
      db.transaction().execute(async (trx) => {
        await insert(trx, session.id, 'inside');
        await insert(trx, session.id, 'inside');
        expect(await count(trx, 'inside')).toEqual([{ n: 2 }]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await count(db, 'inside')).toEqual([{ n: 0 }]);
  });
});
