// Counts the statements a Kysely database runs whose SQL contains a fragment, e.g. the raw UPDATE that
// saves ratings: how tests see that concurrent writes went out together.
import type { Kysely, KyselyPlugin } from 'kysely';
import type { Database } from '../../src/core/db/schema';

export function countingStatements(db: Kysely<Database>, fragment: string) {
  const counter = { count: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      if (node.kind === 'RawNode' && node.sqlFragments.join('').includes(fragment)) counter.count++;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  return { db: db.withPlugin(plugin), counter };
}
