// How `llamune-poc review` prints: the disagreements side by side, and the agreement figures with the
// counts behind them and Landis & Koch's reading.
import type { DisputedLog, ReviewStats } from '../../core/review';
import type { KappaFigure } from '../../core/review/kappa';
import type { CliIo } from '../io';
import { formatTable } from '../output';

export const rating = (evaluation: number | null | undefined) =>
  evaluation ? (['good', 'insufficient', 'wrong'][evaluation - 1] ?? String(evaluation)) : null;

export function printDisagreements(io: CliIo, disputed: DisputedLog[]): void {
  io.err(`${disputed.length} ${disputed.length === 1 ? 'disagreement' : 'disagreements'}.`);
  io.out(
    formatTable(
      ['LOG', 'ON', 'LEAD', 'REVIEWER', 'RATING', 'PRIORITY', 'CORRECTION', 'REASON'],
      disputed.flatMap((d) =>
        d.reviews.map((r, i) => [
          i === 0 ? d.item.logId : '',
          i === 0 ? d.on : '',
          i === 0 ? d.lead : '',
          r.reviewer,
          rating(r.evaluation),
          r.priority,
          r.correct_answer,
          r.reason,
        ]),
      ),
    ),
  );
}

const kappaText = (k: KappaFigure | null) =>
  !k ? '' : k.kappa === null ? 'n/a (one category only)' : `${k.kappa.toFixed(2)} ${k.reading}`;

export function printStats(io: CliIo, stats: ReviewStats): void {
  const l = stats.logs;
  io.err(
    `PoC ${stats.pocId}: ${l.assigned} under review — ${l.settled} settled, ${l.disputed} disputed, ${l.waiting} waiting.`,
  );
  const sections = [
    formatTable(
      ['REVIEWERS', 'LOGS', 'AGREED', 'KAPPA'],
      stats.pairs.map((p) => [
        `${p.reviewers[0]} × ${p.reviewers[1]}`,
        p.items,
        percent(p.observed),
        kappaText(p),
      ]),
    ),
    formatTable(
      ['RATINGS PER LOG', 'LOGS', 'AGREEMENT', "FLEISS' KAPPA"],
      stats.groups.map((g) => [g.raters, g.items, percent(g.observed), kappaText(g)]),
    ),
    formatTable(
      ['REVIEWER', 'REVIEWS', 'SETTLED', 'AS ACCEPTED', 'KAPPA VS ACCEPTED'],
      stats.reviewers.map((r) => [
        r.reviewer,
        r.reviews,
        r.settled,
        r.share === null ? '' : `${r.agreed} (${percent(r.share)})`,
        kappaText(r.kappa),
      ]),
    ),
  ];
  io.out(sections.join('\n\n'));
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
