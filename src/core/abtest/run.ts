// Asking an A/B run's questions: every item of the first model, then every item of the second (a
// model server that holds one model at a time loads each once, not once per question), one at a time,
// through the same path as the panel and re-tests (askInSession in a session of that model per system
// prompt, SessionsBySystemPrompt): each answer is an ordinary log, and the item points at it as A or B.
// A run stops half way — paused by the user, or the model server down (the reason kept) — and resumes
// later without asking again what was answered.
import type { Kysely } from 'kysely';
import type { AbStatus, Database } from '../db/schema';
import { askInSession } from '../domain/answers';
import { isDomainError, notFound } from '../errors';
import type { ModelAsker } from '../llm/asker';
import { isModelServerError } from '../llm/modelServerError';
import { SessionsBySystemPrompt } from '../retest/run';

export interface AbProgress {
  /** Answers recorded so far, of `total` (two per question). */
  answered: number;
  total: number;
  /** A question that could not be asked (said, and the run goes on); no model is named. */
  error: string | null;
}

export interface RunAbOptions {
  /** Aborting pauses the run after the question being asked (its answer is not recorded). */
  signal?: AbortSignal;
  onProgress?: (progress: AbProgress) => void;
}

export interface AbOutcome {
  status: AbStatus;
  /** Why it stopped before the end. */
  reason: string | null;
}

export async function runAbTest(
  db: Kysely<Database>,
  asker: ModelAsker,
  runId: number,
  options: RunAbOptions = {},
): Promise<AbOutcome> {
  const run = await db.selectFrom('ab_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('A/B run', runId);
  if (run.status === 'done') return { status: 'done', reason: null };
  await setStatus(db, runId, 'running', null);
  const items = await db
    .selectFrom('ab_items')
    .select(['id', 'position', 'question', 'system_prompt', 'a_model_id', 'a_log_id', 'b_log_id'])
    .where('run_id', '=', runId)
    .orderBy('position')
    .execute();
  const total = items.length * 2;
  let answered = items.reduce((n, i) => n + (i.a_log_id === null ? 0 : 1) + (i.b_log_id === null ? 0 : 1), 0);
  const signal = options.signal ?? new AbortController().signal;
  for (const modelId of [run.first_model_id, run.second_model_id]) {
    const sessions = new SessionsBySystemPrompt(db, { ...run, target_model_id: modelId });
    try {
      for (const item of items) {
        const column = item.a_model_id === modelId ? 'a_log_id' : 'b_log_id';
        if (item[column] !== null) continue;
        if (signal.aborted) return await setStatus(db, runId, 'paused', 'Paused.');
        try {
          const answer = await askInSession(db, asker, {
            sessionId: await sessions.for(item.system_prompt),
            question: item.question,
            signal,
          });
          for await (const _ of answer);
          const { log } = await answer.record();
          await db
            .updateTable('ab_items')
            .set({ [column]: log.id, error: null })
            .where('id', '=', item.id)
            .execute();
          answered += 1;
          options.onProgress?.({ answered, total, error: null });
        } catch (error) {
          if (signal.aborted) return await setStatus(db, runId, 'paused', 'Paused.');
          // The server down or failing: stop here with the reason; a resume asks this item again.
          if (isModelServerError(error) || (isDomainError(error) && error.kind === 'unavailable'))
            return await setStatus(db, runId, 'paused', (error as Error).message);
          // This question alone cannot be asked (e.g. too long for the model): say so, go on.
          const message = error instanceof Error ? error.message : String(error);
          await db.updateTable('ab_items').set({ error: message }).where('id', '=', item.id).execute();
          options.onProgress?.({ answered, total, error: `${item.position + 1}: ${message}` });
        }
      }
    } finally {
      await sessions.endAll();
    }
  }
  return setStatus(db, runId, 'done', null);
}

async function setStatus(
  db: Kysely<Database>,
  runId: number,
  status: AbStatus,
  reason: string | null,
): Promise<AbOutcome> {
  await db.updateTable('ab_runs').set({ status, paused_reason: reason }).where('id', '=', runId).execute();
  return { status, reason };
}
