// The review view's host side as the editor runs it (ReviewLink → ReviewBackend → the review core), with
// the page replaced by a list of what was posted: used by the host tests on both databases and by the
// browser test's page.
import type { Kysely } from 'kysely';
import type { ModelAsker } from '../../../src/core/api/deps';
import type { Database, User } from '../../../src/core/db/schema';
import { getLog } from '../../../src/core/domain/logs';
import { getModel } from '../../../src/core/domain/models';
import { getPoc } from '../../../src/core/domain/pocs';
import {
  draftCorrection,
  getGuidelines,
  listDisagreements,
  resolveDisagreement,
  reviewItem,
  reviewQueue,
  reviewStats,
  submitReview,
} from '../../../src/core/review';
import { markdownTree } from '../../../src/extension/panel/markdownTree';
import { ReviewBackend, type ReviewCore, type Walk } from '../../../src/extension/review/reviewBackend';
import { ReviewLink } from '../../../src/extension/review/reviewLink';
import type { ReviewHostMessage } from '../../../src/protocol/review';

export const reviewCore: ReviewCore = {
  reviewQueue,
  reviewItem,
  submitReview,
  listDisagreements,
  resolveDisagreement,
  getGuidelines,
  reviewStats,
  getLog: (db, id) => getLog(db, id),
  getPoc,
  markdownTree,
};

export interface HostSide {
  link: ReviewLink;
  backend: ReviewBackend;
  posted: ReviewHostMessage[];
  warnings: string[];
  changed: number[];
  guidelinesOpened: number[];
  /** Sends a message as the page would and waits until the host has answered it. */
  send(message: unknown): Promise<void>;
  last<T extends ReviewHostMessage['type']>(type: T): Extract<ReviewHostMessage, { type: T }> | undefined;
}

export function reviewHost(options: {
  db: Kysely<Database>;
  user: User;
  walk: Walk;
  focus?: number;
  asker?: () => ModelAsker;
  /** The model "picked" when the page asks for a draft (undefined: the user chose none). */
  draftModel?: () => number | undefined;
  post?: (message: ReviewHostMessage) => void;
}): HostSide {
  const posted: ReviewHostMessage[] = [];
  const warnings: string[] = [];
  const changed: number[] = [];
  const guidelinesOpened: number[] = [];
  const backend = new ReviewBackend(
    { db: async () => options.db, user: async () => options.user, core: reviewCore },
    options.walk,
    options.focus,
  );
  const link = new ReviewLink(
    backend,
    {
      pickModel: async () => {
        const id = options.draftModel?.();
        if (id === undefined) return undefined;
        const model = await getModel(options.db, id);
        return { id: model.id, name: `${model.model_name} v${model.version}` };
      },
      start: (modelId, request) => {
        if (!options.asker) throw new Error('No model server in this test.');
        return draftCorrection(options.db, options.asker(), {
          log_id: request.logId,
          model_id: modelId,
          user_id: options.user.id,
          evaluation: request.evaluation,
          ...(request.reason !== null && { reason: request.reason }),
          signal: request.signal,
        });
      },
    },
    {
      openLink: () => {},
      editGuidelines: (pocId) => guidelinesOpened.push(pocId),
      changed: (logId) => changed.push(logId),
      warn: (message) => warnings.push(message),
    },
  );
  link.attach((message) => {
    posted.push(message);
    options.post?.(message);
  });
  return {
    link,
    backend,
    posted,
    warnings,
    changed,
    guidelinesOpened,
    send: (message) => link.receive(message),
    last: (type) =>
      posted.filter((m): m is Extract<ReviewHostMessage, { type: typeof type }> => m.type === type).at(-1),
  };
}
