// One question: the question and its system prompt, answers A and B side by side (Markdown trees, never
// HTML), the vote buttons and the reason box — or, once voted, the reveal: which model was A and B.
import type { AbChoiceView, AbItemViewMessage } from '../../../src/protocol/abtest';
import type { AbLabels } from '../../../src/protocol/abtestLabels';
import { Markdown } from '../../panel/components/Markdown';

interface Props {
  item: AbItemViewMessage;
  total: number;
  t: AbLabels;
  reason: string;
  pending: boolean;
  failure: string | null;
  onReason: (text: string) => void;
  onVote: (choice: AbChoiceView) => void;
  onOpenLink: (href: string) => void;
}

export function ItemView({ item, total, t, reason, pending, failure, onReason, onVote, onOpenLink }: Props) {
  const canVote = item.answers !== null && item.vote === null && !pending;
  const vote = item.vote;
  return (
    <article class="item" aria-labelledby="item-title">
      <h1 id="item-title">{t.itemOf(item.position + 1, total)}</h1>
      <section class="question" aria-label={t.question}>
        <p class="question-text">{item.question}</p>
        {item.system_prompt && (
          <details class="system-prompt">
            <summary>{t.systemPrompt}</summary>
            <p>{item.system_prompt}</p>
          </details>
        )}
      </section>
      {item.answers ? (
        <div class="answers">
          {(['A', 'B'] as const).map((side) => (
            <section class={`answer answer-${side.toLowerCase()}`} aria-label={t.answer(side)} key={side}>
              <h2>
                {t.answer(side)}
                {vote && <span class="revealed-model"> — {side === 'A' ? vote.a : vote.b}</span>}
              </h2>
              <Markdown tree={side === 'A' ? item.answers!.a : item.answers!.b} onOpenLink={onOpenLink} />
            </section>
          ))}
        </div>
      ) : (
        <p class="not-answered">{item.error ? t.notAsked(item.error) : t.notAnswered}</p>
      )}
      {vote ? (
        <section class="reveal" role="status" aria-label={t.reveal(vote.a, vote.b)}>
          <p>
            <strong>
              {t.youChose(vote.choice, vote.choice === 'A' ? vote.a : vote.choice === 'B' ? vote.b : null)}
            </strong>{' '}
            {t.reveal(vote.a, vote.b)}
          </p>
          {vote.reason && (
            <p class="your-reason">
              {t.yourReason}: {vote.reason}
            </p>
          )}
        </section>
      ) : (
        item.answers && (
          <section class="vote">
            <div class="vote-buttons">
              <button type="button" class="primary" disabled={!canVote} onClick={() => onVote('A')}>
                {t.voteA}
              </button>
              <button type="button" class="secondary" disabled={!canVote} onClick={() => onVote('tie')}>
                {t.voteTie}
              </button>
              <button type="button" class="primary" disabled={!canVote} onClick={() => onVote('B')}>
                {t.voteB}
              </button>
            </div>
            <label class="reason">
              <span>{t.reason}</span>
              <textarea
                rows={2}
                value={reason}
                onInput={(event) => onReason((event.target as HTMLTextAreaElement).value)}
              />
            </label>
            <p class="keys">{t.keys}</p>
          </section>
        )
      )}
      {failure && (
        <p class="failure" role="alert">
          {failure}
        </p>
      )}
    </article>
  );
}
