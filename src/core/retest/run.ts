// Running a re-test: each unanswered item asked of the target version, one at a time (the MLX server
// answers one at a time), through the same path as the panel (askInSession): the answer is recorded as
// a log in a session of the target version with the item's system prompt, and the item points at it.
// A run stops half way — paused by the user, or the model server down (the reason kept) — and resumes
// later without asking again what was answered.
import type { Kysely } from 'kysely';
import { PAUSED_BY_USER } from '../../protocol/retestStates';
import type { Database, RetestStatus } from '../db/schema';
import { askInSession } from '../domain/answers';
import { endSession, startSession } from '../domain/sessions';
import { isDomainError, notFound } from '../errors';
import type { ModelAsker } from '../llm/asker';
import { isModelServerError } from '../llm/modelServerError';

export interface RetestProgress {
  position: number;
  /** Items answered so far, of `total`. */
  answered: number;
  total: number;
  newLogId: number | null;
  error: string | null;
}

export interface RunRetestOptions {
  /** Aborting pauses the run after the question being asked (its answer is not recorded). */
  signal?: AbortSignal;
  /** The item at `position` is being asked now. */
  onStart?: (position: number) => void;
  onDelta?: (position: number, text: string) => void;
  onItem?: (progress: RetestProgress) => void;
}

export interface RetestOutcome {
  status: RetestStatus;
  /** Why it stopped before the end. */
  reason: string | null;
}

export async function runRetest(
  db: Kysely<Database>,
  asker: ModelAsker,
  runId: number,
  options: RunRetestOptions = {},
): Promise<RetestOutcome> {
  const run = await db.selectFrom('retest_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('Re-test run', runId);
  if (run.status === 'done' || run.status === 'cancelled') return { status: run.status, reason: null };
  await setStatus(db, runId, 'running', null);
  const items = await db
    .selectFrom('retest_items')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('position')
    .execute();
  const sessions = new SessionsBySystemPrompt(db, run);
  let answered = items.filter((item) => item.new_log_id !== null).length;
  try {
    for (const item of items) {
      if (item.new_log_id !== null) continue;
      if (options.signal?.aborted) return await setStatus(db, runId, 'paused', PAUSED_BY_USER);
      try {
        options.onStart?.(item.position);
        const sessionId = await sessions.for(item.system_prompt);
        const answer = await askInSession(db, asker, {
          sessionId,
          question: item.question,
          signal: options.signal ?? new AbortController().signal,
        });
        for await (const text of answer) options.onDelta?.(item.position, text);
        const { log } = await answer.record();
        await db
          .updateTable('retest_items')
          .set({ new_log_id: log.id, error: null })
          .where('run_id', '=', runId)
          .where('position', '=', item.position)
          .execute();
        answered += 1;
        options.onItem?.({
          position: item.position,
          answered,
          total: items.length,
          newLogId: log.id,
          error: null,
        });
      } catch (error) {
        if (options.signal?.aborted) return await setStatus(db, runId, 'paused', PAUSED_BY_USER);
        // The server down or failing: stop here with the reason; a resume asks this item again.
        if (isModelServerError(error) || (isDomainError(error) && error.kind === 'unavailable'))
          return await setStatus(db, runId, 'paused', (error as Error).message);
        // This question alone cannot be asked (e.g. too long for the model): say so, go on.
        const message = error instanceof Error ? error.message : String(error);
        await db
          .updateTable('retest_items')
          .set({ error: message })
          .where('run_id', '=', runId)
          .where('position', '=', item.position)
          .execute();
        options.onItem?.({
          position: item.position,
          answered,
          total: items.length,
          newLogId: null,
          error: message,
        });
      }
    }
    await db.updateTable('retest_runs').set({ finished_at: new Date() }).where('id', '=', runId).execute();
    return await setStatus(db, runId, 'done', null);
  } finally {
    await sessions.endAll();
  }
}

/** Stops a run for good: what was answered stays, the rest is never asked. */
export async function cancelRetest(db: Kysely<Database>, runId: number): Promise<void> {
  await setStatus(db, runId, 'cancelled', null);
}

async function setStatus(
  db: Kysely<Database>,
  runId: number,
  status: RetestStatus,
  reason: string | null,
): Promise<RetestOutcome> {
  await db
    .updateTable('retest_runs')
    .set({ status, paused_reason: reason })
    .where('id', '=', runId)
    .execute();
  return { status, reason };
}

/** One session of the target version per system prompt the run's questions had; ended with the run. */
export class SessionsBySystemPrompt {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly run: { user_id: number; poc_id: number; target_model_id: number },
  ) {}

  async for(systemPrompt: string | null): Promise<number> {
    const key = systemPrompt ?? '';
    const known = this.open.get(key);
    if (known !== undefined) return known;
    const session = await startSession(this.db, {
      user_id: this.run.user_id,
      poc_id: this.run.poc_id,
      model_id: this.run.target_model_id,
      // Empty, not omitted: omitted would take the PoC's default, and the question had none.
      system_prompt: key,
    });
    this.open.set(key, session.id);
    return session.id;
  }

  async endAll(): Promise<void> {
    for (const id of this.open.values()) await endSession(this.db, id).catch(() => {});
    this.open.clear();
  }
}
