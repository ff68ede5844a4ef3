// A PoC's review agreement as tables: Cohen's κ per pair of reviewers, Fleiss' κ per number of reviews,
// each reviewer's agreement with the accepted verdict (mine first, on its own line above) — every figure
// with the count of logs behind it and its Landis & Koch reading.
import type { AgreementView, KappaView } from '../../../src/protocol/review';
import { useReviewLanguage } from './labels';

export function AgreementTables({ agreement, onBack }: { agreement: AgreementView; onBack(): void }) {
  const { t, locale } = useReviewLanguage();
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const kappa = (figure: KappaView | null) =>
    figure?.kappa === null || figure === null ? t.notApplicable : number.format(figure.kappa);
  const reading = (figure: KappaView | null) => (figure?.reading ? t.readings[figure.reading] : '—');
  const mine = agreement.reviewers.find((r) => r.reviewer === agreement.me);
  const logs = agreement.logs;
  return (
    <section class="agreement" aria-labelledby="agreement-title">
      <h2 id="agreement-title">{t.agreementOf(agreement.poc_name)}</h2>
      <p class="muted">
        {t.logsLine(String(logs.assigned), String(logs.waiting), String(logs.disputed), String(logs.settled))}
      </p>
      <h3>{t.mine}</h3>
      <p class="mine" role="status">
        {mine && mine.share !== null
          ? `${percent.format(mine.share)} (${mine.agreed} / ${mine.settled}) · ${t.kappa} ${kappa(mine.kappa)} · ${reading(mine.kappa)}`
          : t.mineNone}
      </p>
      <table>
        <caption>{t.pairs}</caption>
        <thead>
          <tr>
            <th scope="col">{t.reviewers}</th>
            <th scope="col">{t.kappa}</th>
            <th scope="col">{t.observed}</th>
            <th scope="col">{t.expected}</th>
            <th scope="col">{t.logs}</th>
            <th scope="col">{t.reading}</th>
          </tr>
        </thead>
        <tbody>
          {agreement.pairs.map((pair) => (
            <tr key={pair.reviewers.join('\0')}>
              <th scope="row">{pair.reviewers.join(' · ')}</th>
              <td class="num">{kappa(pair)}</td>
              <td class="num">{percent.format(pair.observed)}</td>
              <td class="num">{percent.format(pair.expected)}</td>
              <td class="num">{pair.items}</td>
              <td>{reading(pair)}</td>
            </tr>
          ))}
          {agreement.pairs.length === 0 && (
            <tr>
              <td colSpan={6}>{t.noFigures}</td>
            </tr>
          )}
        </tbody>
      </table>
      <table>
        <caption>{t.groups}</caption>
        <thead>
          <tr>
            <th scope="col">{t.raters}</th>
            <th scope="col">{t.kappa}</th>
            <th scope="col">{t.observed}</th>
            <th scope="col">{t.expected}</th>
            <th scope="col">{t.logs}</th>
            <th scope="col">{t.reading}</th>
          </tr>
        </thead>
        <tbody>
          {agreement.groups.map((group) => (
            <tr key={group.raters}>
              <th scope="row">{group.raters}</th>
              <td class="num">{kappa(group)}</td>
              <td class="num">{percent.format(group.observed)}</td>
              <td class="num">{percent.format(group.expected)}</td>
              <td class="num">{group.items}</td>
              <td>{reading(group)}</td>
            </tr>
          ))}
          {agreement.groups.length === 0 && (
            <tr>
              <td colSpan={6}>{t.noFigures}</td>
            </tr>
          )}
        </tbody>
      </table>
      <table>
        <caption>{t.reviewersTable}</caption>
        <thead>
          <tr>
            <th scope="col">{t.reviewer}</th>
            <th scope="col">{t.reviewsCol}</th>
            <th scope="col">{t.settledCol}</th>
            <th scope="col">{t.agreedCol}</th>
            <th scope="col">{t.share}</th>
            <th scope="col">{t.kappa}</th>
            <th scope="col">{t.reading}</th>
          </tr>
        </thead>
        <tbody>
          {agreement.reviewers.map((row) => (
            <tr key={row.reviewer} class={row.reviewer === agreement.me ? 'me' : undefined}>
              <th scope="row">{row.reviewer}</th>
              <td class="num">{row.reviews}</td>
              <td class="num">{row.settled}</td>
              <td class="num">{row.agreed}</td>
              <td class="num">{row.share === null ? '—' : percent.format(row.share)}</td>
              <td class="num">{kappa(row.kappa)}</td>
              <td>{reading(row.kappa)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{t.readingSource}</p>
      <button type="button" onClick={onBack}>
        {t.back}
      </button>
    </section>
  );
}
