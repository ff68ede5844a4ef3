// One question from the panel, through the core's askInSession (as POST /chat): the answer streams to
// the panel as Markdown trees (throttled: answerProgress.ts) and is recorded only once whole. A
// cancelled or failed answer records nothing.
import type { Kysely } from 'kysely';
import type { ModelAsker } from '../../core/api/deps';
import type { Database } from '../../core/db/schema';
import type { Scope } from '../../core/domain/sessions';
import { isDomainError } from '../../core/errors';
import type { HostMessage } from '../../protocol/messages';
import type { Core } from '../core';
import { createProgressSender } from './answerProgress';
import { toLogView } from './views';

export interface ChatRequest {
  requestId: string;
  sessionId: number;
  question: string;
  signal: AbortSignal;
}

export interface ChatDeps {
  core: Core;
  db: Kysely<Database>;
  scope: Scope;
  asker: () => Promise<ModelAsker>;
  post: (message: HostMessage) => void;
  /** Turns a failure into the sentence telling the user what to do. */
  fixFor: (error: unknown) => string | null;
}

/** Returns the recorded log's id, or undefined when nothing was recorded. */
export async function runChat(deps: ChatDeps, request: ChatRequest): Promise<number | undefined> {
  const { core, db, scope, post } = deps;
  const { requestId, signal } = request;
  try {
    // The model server is started (if need be) only once the session is known to be open.
    const lazyAsker: ModelAsker = { ask: async (question) => (await deps.asker()).ask(question) };
    const answer = await core.askInSession(db, lazyAsker, {
      sessionId: request.sessionId,
      question: request.question,
      scope,
      signal,
    });
    const progress = createProgressSender({
      toTree: core.markdownTree,
      send: (update) => post({ type: 'answerProgress', request_id: requestId, ...update }),
    });
    try {
      for await (const text of answer) if (text) progress.append(text);
    } finally {
      progress.stop();
    }
    signal.throwIfAborted();
    progress.finish();
    const { log, firstTokenMs, totalMs } = await answer.record();
    post({
      type: 'answerDone',
      request_id: requestId,
      log: toLogView(log, core.answerTree),
      timings: { first_token_ms: firstTokenMs, total_ms: totalMs },
    });
    return log.id;
  } catch (error) {
    if (signal.aborted) {
      post({ type: 'answerCancelled', request_id: requestId });
      return undefined;
    }
    post({
      type: 'answerError',
      request_id: requestId,
      code: isDomainError(error) ? error.code : 'internal_error',
      message: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
      fix: deps.fixFor(error),
    });
    return undefined;
  }
}
