// The core's A/B records as the view's messages. Pure (the Markdown parser is passed in), so the
// blindness of what leaves the host is tested without the editor: an item's message is built from the
// voter's view of it, which names the models only with their own vote.
import type { AbItemView, AbPairWinRate, AbRunView } from '../../core/abtest';
import type { AbHostMessage, AbItemViewMessage, AbRateView } from '../../protocol/abtest';
import type { MarkdownTree } from '../../protocol/markdown';

type StateMessage = Extract<AbHostMessage, { type: 'state' }>;

const cut = (text: string, max = 2_000) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export function toItemMessage(item: AbItemView, tree: (text: string) => MarkdownTree): AbItemViewMessage {
  return {
    position: item.position,
    question: item.question,
    system_prompt: item.system_prompt,
    answers: item.answers && { a: tree(item.answers.a), b: tree(item.answers.b) },
    error: item.error === null ? null : cut(item.error),
    vote: item.vote && {
      choice: item.vote.choice,
      reason: item.vote.reason,
      a: cut(item.vote.reveal.a.label),
      b: cut(item.vote.reveal.b.label),
    },
  };
}

export function toRateView(rate: AbPairWinRate): AbRateView {
  return {
    model: cut(rate.model.label),
    opponent: cut(rate.opponent.label),
    wins: rate.wins,
    losses: rate.losses,
    ties: rate.ties,
    count: rate.count,
    win_rate: rate.win_rate,
    low: rate.interval?.low ?? null,
    high: rate.interval?.high ?? null,
  };
}

export function toStateMessage(run: AbRunView, rates: AbPairWinRate[]): StateMessage {
  return {
    type: 'state',
    title: cut(run.title),
    items: run.items,
    answered: run.answered,
    voted: run.voted,
    complete: run.answered === run.items,
    rates: rates.map(toRateView),
  };
}
