// The top of the view: the win rate of each pair of models with its count, and how far this user is.
import type { AbHostMessage } from '../../../src/protocol/abtest';
import type { AbLabels } from '../../../src/protocol/abtestLabels';

type State = Extract<AbHostMessage, { type: 'state' }>;

export function WinRates({ state, t }: { state: State; t: AbLabels }) {
  return (
    <section class="win-rates" aria-labelledby="win-rates-title">
      <h2 id="win-rates-title">{t.winRates}</h2>
      {state.rates.length === 0 ? (
        <p class="rate">{t.noVotes}</p>
      ) : (
        state.rates.map((r) => (
          <p class="rate" key={`${r.model}:${r.opponent}`}>
            <strong>{t.rate(r.model, r.opponent, r.win_rate, r.low, r.high)}</strong>{' '}
            <span class="counts">{t.counts(r.wins, r.losses, r.ties, r.count)}</span>
          </p>
        ))
      )}
      <p class="progress" role="status">
        {t.progress(state.voted, state.answered, state.items)}
      </p>
      {!state.complete && <p class="incomplete">{t.incomplete}</p>}
    </section>
  );
}
