// The A/B view's backend over the database: one run, one voter, through the lazily loaded core.
import type { Kysely } from 'kysely';
import type { Database } from '../../core/db/schema';
import type { Core } from '../core';
import type { AbBackend } from './abTestLink';
import { toItemMessage, toStateMessage } from './abTestMessages';

type AbCore = Pick<Core, 'abRunView' | 'abWinRates' | 'abItem' | 'abNextToVote' | 'voteAb' | 'answerTree'>;

export function databaseBackend(
  core: AbCore,
  db: Kysely<Database>,
  runId: number,
  voterId: number,
): AbBackend {
  return {
    state: async () =>
      toStateMessage(await core.abRunView(db, runId, voterId), await core.abWinRates(db, { runId })),
    item: async (position) => toItemMessage(await core.abItem(db, runId, position, voterId), core.answerTree),
    vote: async (position, choice, reason) => {
      await core.voteAb(db, { run_id: runId, position, user_id: voterId, choice, reason });
    },
    start: () => core.abNextToVote(db, runId, voterId),
  };
}
