// Small builders for test data, through the real services.
import type { Kysely } from 'kysely';
import type { Database } from '../../src/core/db/schema';
import { recordLog } from '../../src/core/domain/logs';
import { registerModel } from '../../src/core/domain/models';
import { createPoc } from '../../src/core/domain/pocs';
import { startSession } from '../../src/core/domain/sessions';
import { createUser } from '../../src/core/domain/users';

let counter = 0;

export async function seedSession(
  db: Kysely<Database>,
  options: { username?: string; systemPrompt?: string } = {},
) {
  counter += 1;
  const { user, apiKey } = await createUser(db, options.username ?? `user${counter}`);
  const poc = await createPoc(db, {
    name: `PoC ${counter}`,
    domain: '会計',
    default_system_prompt: 'default prompt',
  });
  const model = await registerModel(db, { model_name: 'qwen2.5:14b', base_model: 'qwen2.5' });
  const session = await startSession(db, {
    user_id: user.id,
    poc_id: poc.id,
    model_id: model.id,
    system_prompt: options.systemPrompt ?? 'あなたは会計の専門家です',
  });
  return { user, apiKey, poc, model, session };
}

export async function seedLog(db: Kysely<Database>, sessionId: number, question = '減価償却とは何ですか？') {
  return recordLog(db, { session_id: sessionId, question, answer: '減価償却とは…', latency_ms: 1200 });
}
