// One question from the panel: ask the session's model, stream the answer to the panel (as Markdown
// trees, throttled: answerProgress.ts), and record the log only once the whole answer has arrived. A
// cancelled or failed answer records nothing.
import type { Kysely } from 'kysely';
import type { ModelAsker } from '../../core/api/deps';
import type { Database } from '../../core/db/schema';
import type { Scope } from '../../core/domain/sessions';
import { DomainError, isDomainError } from '../../core/errors';
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
    const session = await core.getSession(db, request.sessionId, scope);
    if (session.ended_at) {
      throw new DomainError('conflict', `Session ${session.id} has ended.`, 'session_ended');
    }
    const model = await core.getModel(db, session.model_id);
    const asker = await deps.asker();
    const started = performance.now();
    let firstTokenMs: number | null = null;
    const stream = await asker.ask({
      model: model.model_name,
      adapterPath: model.adapter_path,
      provider: model.provider,
      systemPrompt: session.system_prompt,
      question: request.question,
      signal,
    });
    const progress = createProgressSender({
      toTree: core.markdownTree,
      send: (update) => post({ type: 'answerProgress', request_id: requestId, ...update }),
    });
    try {
      for await (const text of stream) {
        if (!text) continue;
        firstTokenMs ??= Math.round(performance.now() - started);
        progress.append(text);
      }
    } finally {
      progress.stop();
    }
    const { text } = await stream.result;
    signal.throwIfAborted();
    progress.finish();
    const totalMs = Math.round(performance.now() - started);
    const log = await core.recordLog(
      db,
      { session_id: session.id, question: request.question, answer: text, latency_ms: totalMs },
      scope,
    );
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
