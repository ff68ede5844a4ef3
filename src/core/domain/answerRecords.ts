// The statements that record answered questions (askInSession): any number of them, in one
// INSERT over arrays (one text whatever the count, so it is prepared once), each only while its session
// is still open — it may have ended while the model answered. POST /chat under load records the answers
// that arrive together in one statement and one commit (db/writeBatcher.ts; measured with pgbench: a
// batch of 8 costs PostgreSQL ~75 µs an answer instead of ~340). A lone answer has a one-row statement of
// its own: the server's cost is the same, but building, sending and matching arrays cost serve ~70 µs
// more a question.
import { type Kysely, sql } from 'kysely';
import { compiledOnce } from '../db/compiledOnce';
import type { ConversationLog, Database } from '../db/schema';
import { utcNow } from '../db/utcNow';
import { writeBatcher } from '../db/writeBatcher';

export interface AnswerToRecord {
  sessionId: number;
  question: string;
  answer: string;
  latencyMs: number | null;
}

/** Records the answers; for each, its new log, or undefined when its session has ended. */
export type AnswerRecorder = (answer: AnswerToRecord) => Promise<ConversationLog | undefined>;

// Raw SQL: Kysely's builder cannot name the columns of a set-returning function (`AS v(…)`).
const insertAnswers = compiledOnce(
  (db, sessionIds: number[], questions: string[], answers: string[], latencies: (number | null)[]) =>
    sql<ConversationLog>`
    INSERT INTO conversation_logs (session_id, question, answer, latency_ms, evaluation, "timestamp")
    SELECT s.id, v.question, v.answer, v.latency_ms, 1, ${utcNow()}
    FROM unnest(${sessionIds}::integer[], ${questions}::text[], ${answers}::text[], ${latencies}::integer[])
           AS v(session_id, question, answer, latency_ms)
      JOIN sessions AS s ON s.id = v.session_id AND s.ended_at IS NULL
    RETURNING *`.compile(db),
);

// One answer alone (a question at a time: the usual case). It returns only what the database decides;
// the rest of the new log is what was sent, and a new log is unrated. The whole row back would echo the
// answer (kilobytes from a real model) for nothing.
const insertAnswer = compiledOnce(
  (db, sessionId: number, question: string, answer: string, latency: number | null) =>
    sql<Pick<ConversationLog, 'id' | 'timestamp' | 'status'>>`
    INSERT INTO conversation_logs (session_id, question, answer, latency_ms, evaluation, "timestamp")
    SELECT s.id, ${question}::text, ${answer}::text, ${latency}::integer, 1, ${utcNow()}
    FROM sessions AS s WHERE s.id = ${sessionId} AND s.ended_at IS NULL
    RETURNING id, "timestamp", status`.compile(db),
);

const unratedLog = (a: AnswerToRecord) => ({
  session_id: a.sessionId,
  question: a.question,
  answer: a.answer,
  latency_ms: a.latencyMs,
  evaluation: 1 as const,
  reason: null,
  correct_answer: null,
  priority: null,
  memo: null,
  evaluated_at: null,
  updated_at: null,
});

const identity = (a: { session_id: number; question: string; answer: string; latency_ms: number | null }) =>
  JSON.stringify([a.session_id, a.question, a.answer, a.latency_ms]);

export async function recordAnswers(
  db: Kysely<Database>,
  answers: readonly AnswerToRecord[],
): Promise<(ConversationLog | undefined)[]> {
  if (answers.length === 1) {
    const [a] = answers as [AnswerToRecord];
    const [decided] = await insertAnswer(db, a.sessionId, a.question, a.answer, a.latencyMs);
    return [decided && { ...unratedLog(a), ...decided }];
  }
  const column = <V>(pick: (a: AnswerToRecord) => V) => answers.map(pick);
  const rows = await insertAnswers(
    db,
    column((a) => a.sessionId),
    column((a) => a.question),
    column((a) => a.answer),
    column((a) => a.latencyMs),
  );
  // Rows come back matched by what they hold: two identical answers are interchangeable.
  const byIdentity = new Map<string, ConversationLog[]>();
  for (const row of rows) {
    const key = identity(row);
    byIdentity.set(key, [...(byIdentity.get(key) ?? []), row]);
  }
  return answers.map((a) =>
    byIdentity
      .get(
        identity({
          session_id: a.sessionId,
          question: a.question,
          answer: a.answer,
          latency_ms: a.latencyMs,
        }),
      )
      ?.shift(),
  );
}

/** Records one answer alone. */
export const recordAnswer =
  (db: Kysely<Database>): AnswerRecorder =>
  async (answer) =>
    (await recordAnswers(db, [answer]))[0];

/** Records answers that arrive together in one statement (a server answering many people at once). */
export function batchedAnswerRecorder(db: Kysely<Database>): AnswerRecorder {
  return writeBatcher<AnswerToRecord, ConversationLog | undefined>({
    // Any answers may share a statement.
    key: (answer) => answer,
    write: (answers) => recordAnswers(db, answers),
  });
}
