// Sample PoCs, models, sessions and logs for the panel's tests and benchmark, valid by the protocol. Answers
// carry the tree the real host function makes of their Markdown.
import { answerTree } from '../../../src/extension/panel/markdownTree';
import type { StateMessage } from '../../../src/protocol/messages';
import type { LogView, SessionView } from '../../../src/protocol/views';

export const session: SessionView = {
  id: 7,
  poc_id: 1,
  poc_name: 'Accounting',
  model_id: 3,
  model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit',
  model_version: 2,
  system_prompt: 'You are an accounting assistant. Answer in Japanese.',
  started_at: '2026-11-25T09:00:00.000Z',
  ended_at: null,
};

export function makeLog(id: number, overrides: Partial<LogView> = {}): LogView {
  const log: Omit<LogView, 'answer_md'> = {
    id,
    session_id: session.id,
    question: `Question ${id}: what is depreciation?`,
    answer: `Depreciation spreads the **cost** of an asset over its useful life.\n\n- straight-line\n- declining balance\n\n\`\`\`ts\nconst yearly = cost / years;\n\`\`\``,
    timestamp: '2026-11-25T09:05:00.000Z',
    evaluation: 1,
    evaluated_at: null,
    reason: null,
    correct_answer: null,
    priority: null,
    status: 1,
    memo: null,
    updated_at: null,
    latency_ms: 1200,
    ...overrides,
  };
  return { ...log, answer_md: overrides.answer_md ?? answerTree(log.answer) };
}

export function makeState(overrides: Partial<StateMessage> = {}): StateMessage {
  return {
    type: 'state',
    locale: 'en',
    pocs: [
      {
        id: 1,
        name: 'Accounting',
        domain: 'accounting',
        default_system_prompt: 'You are an accounting assistant.',
      },
      { id: 2, name: 'Legal', domain: 'legal', default_system_prompt: null },
    ],
    models: [
      { id: 3, model_name: 'mlx-community/Qwen2.5-7B-Instruct-4bit', version: 2, description: null },
      { id: 4, model_name: 'llama3.2', version: 1, description: 'Ollama' },
    ],
    selected: { poc_id: 1, model_id: 3 },
    session,
    history: [],
    has_more_history: false,
    ...overrides,
  };
}

/** `count` earlier answers, newest first, each different (as in a real session), a third of them rated. */
export function makeHistory(count: number): LogView[] {
  return Array.from({ length: count }, (_, index) => {
    const id = count - index;
    const years = (id % 9) + 2;
    const answer = [
      `Answer ${id}: depreciation spreads the **cost** of asset #${id} over ${years} years.`,
      '',
      `- straight-line: \`cost / ${years}\``,
      `- declining balance at ${(id % 7) + 10}%`,
      '',
      '```ts',
      `const yearly${id} = cost / ${years};`,
      '```',
      '',
      `See [the standard](https://example.com/ias16#${id}).`,
    ].join('\n');
    const rating =
      id % 3 === 0
        ? {
            evaluated_at: '2026-11-25T09:06:00.000Z',
            evaluation: 3 as const,
            reason: 'Wrong rate',
            correct_answer: `Straight-line: cost / ${years + 1}.`,
            priority: 2 as const,
          }
        : {};
    return makeLog(id, { answer, ...rating });
  });
}
