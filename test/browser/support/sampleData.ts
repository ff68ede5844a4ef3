// Sample PoCs, models, sessions and logs for the panel's tests and benchmark, valid by the protocol. Answers
// carry the tree the real host function makes of their Markdown.
import { answerTree } from '../../../src/extension/panel/markdownTree';
import type { StateMessage } from '../../../src/protocol/messages';
import type { LogView, RatingChartView, SessionView } from '../../../src/protocol/views';

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

/** A PoC's ratings per version: base v1 mostly wrong, v2 mostly good, over three days. */
export function makeRatingChart(overrides: Partial<RatingChartView> = {}): RatingChartView {
  return {
    poc_id: 1,
    versions: [
      { model_id: 3, model_name: 'base', version: 1, good: 4, insufficient: 2, wrong: 6, unrated: 3 },
      { model_id: 5, model_name: 'base', version: 2, good: 9, insufficient: 1, wrong: 2, unrated: 5 },
    ],
    bucket: 'day',
    over_time: [
      { model_id: 3, period: '2026-11-23', good: 1, insufficient: 1, wrong: 4, unrated: 0 },
      { model_id: 3, period: '2026-11-24', good: 3, insufficient: 1, wrong: 2, unrated: 3 },
      { model_id: 5, period: '2026-11-24', good: 2, insufficient: 1, wrong: 1, unrated: 1 },
      { model_id: 5, period: '2026-11-25', good: 7, insufficient: 0, wrong: 1, unrated: 4 },
    ],
    ...overrides,
  };
}
