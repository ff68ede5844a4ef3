// One question in a session, as the panel and POST /chat both ask it: check the session (open, the
// caller's), ask its model, and record the log only once the whole answer has arrived. A cancelled or
// failed answer records nothing. Two round trips in front of the model and one after: this sits in
// front of every question.
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiledOnce';
import type { ConversationLog, Database } from '../db/schema';
import { DomainError, notFound, parseInput } from '../errors';
import type { AnswerStream, ModelAsker } from '../llm/asker';
import { type AnswerRecorder, recordAnswer } from './answerRecords';
import { recordLogInputSchema } from './logs';
import type { Scope } from './sessions';

export interface QuestionInSession {
  sessionId: number;
  question: string;
  scope?: Scope;
  /** Aborted when the asker goes away: the model request stops and nothing is recorded. */
  signal: AbortSignal;
  /** How the answer is recorded (default: alone; POST /chat records concurrent answers together). */
  recorder?: AnswerRecorder;
}

export interface RecordedAnswer {
  log: ConversationLog;
  /** From the request to the first non-empty delta; null when the answer was empty. */
  firstTokenMs: number | null;
  totalMs: number;
}

export interface AnswerInProgress extends AsyncIterable<string> {
  cancel(): void;
  /** After the deltas: the whole answer, recorded. Rejects (recording nothing) if it was aborted. */
  record(): Promise<RecordedAnswer>;
}

// The question is checked when asked, the answer and its latency when recorded: each value once.
const questionSchema = recordLogInputSchema.pick({ question: true });
const answerSchema = recordLogInputSchema.pick({ answer: true, latency_ms: true });

const sessionToAsk = (db: Kysely<Database>, sessionId: number) =>
  db
    .selectFrom('sessions')
    .innerJoin('models', 'models.id', 'sessions.model_id')
    .select(['sessions.id', 'sessions.ended_at', 'sessions.system_prompt'])
    .select(['models.model_name', 'models.adapter_path', 'models.provider'])
    .where('sessions.id', '=', sessionId);
const sessionById = compiledOnce((db, sessionId: number) => sessionToAsk(db, sessionId).compile());
const sessionOfUser = compiledOnce((db, sessionId: number, userId: number) =>
  sessionToAsk(db, sessionId).where('sessions.user_id', '=', userId).compile(),
);

export async function askInSession(
  db: Kysely<Database>,
  asker: ModelAsker,
  input: QuestionInSession,
): Promise<AnswerInProgress> {
  const { question } = parseInput(questionSchema, { question: input.question });
  const [session] = input.scope
    ? await sessionOfUser(db, input.sessionId, input.scope.userId)
    : await sessionById(db, input.sessionId);
  // Another user's session is reported as missing, as everywhere else.
  if (!session) throw notFound('Session', input.sessionId);
  if (session.ended_at) throw sessionEnded(session.id);

  const { signal } = input;
  const started = performance.now();
  let firstTokenMs: number | null = null;
  const answer: AnswerStream = await asker.ask({
    model: session.model_name,
    adapterPath: session.adapter_path,
    provider: session.provider,
    systemPrompt: session.system_prompt,
    question,
    signal,
  });
  return {
    async *[Symbol.asyncIterator]() {
      for await (const text of answer) {
        if (text) firstTokenMs ??= Math.round(performance.now() - started);
        yield text;
      }
    },
    cancel: () => answer.cancel(),
    async record() {
      const { text } = await answer.result;
      // The asker may have gone between the last token and here: then nothing is written.
      signal.throwIfAborted();
      const totalMs = Math.round(performance.now() - started);
      const values = parseInput(answerSchema, { answer: text, latency_ms: totalMs });
      // The statement re-checks the session: it may have ended while the model answered.
      const log = await (input.recorder ?? recordAnswer(db))({
        sessionId: session.id,
        question,
        answer: values.answer,
        latencyMs: values.latency_ms ?? null,
      });
      if (!log) throw sessionEnded(session.id);
      return { log, firstTokenMs, totalMs };
    },
  };
}

function sessionEnded(id: number): DomainError {
  return new DomainError('conflict', `Session ${id} has ended; start a new session to ask.`, 'session_ended');
}
