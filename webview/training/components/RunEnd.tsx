// How the run ended. Success: where the adapter is and the final losses. Failure: what happened, the fix
// when one is known, and the process's last lines. Process output is text: it is only ever a text node.
import type { TrainingOutcomeView } from '../../../src/protocol/training';
import { useLanguage } from './labelsContext';

export function RunEnd({ outcome }: { outcome: TrainingOutcomeView }) {
  const { t, format } = useLanguage();
  if (outcome.ok) {
    const { result } = outcome;
    return (
      <section class="run-end success" role="status" aria-labelledby="run-end-title">
        <h2 id="run-end-title">{t.succeeded}</h2>
        <p>
          {t.savedAdapter} <code class="path">{result.adapterPath}</code>
        </p>
        <p class="final">
          {result.finalTrainLoss !== undefined && (
            <span>
              {t.trainLoss} {format.loss(result.finalTrainLoss)}
            </span>
          )}
          {result.finalValLoss !== undefined && (
            <span>
              {t.valLoss} {format.loss(result.finalValLoss)}
            </span>
          )}
        </p>
      </section>
    );
  }
  const { failure } = outcome;
  const cancelled = failure.kind === 'cancelled';
  const exit =
    failure.code !== null
      ? t.exitCode(String(failure.code))
      : failure.signal
        ? t.exitSignal(failure.signal)
        : null;
  const lastLines = failure.lastLines.length > 0 && (
    <pre class="last-lines">{failure.lastLines.join('\n')}</pre>
  );
  return (
    <section
      class={`run-end ${cancelled ? 'cancelled' : 'failure'}`}
      role={cancelled ? 'status' : 'alert'}
      aria-labelledby="run-end-title"
    >
      <h2 id="run-end-title">{cancelled ? t.cancelled : t.failed}</h2>
      <p class="message">{failure.message}</p>
      {failure.advice && (
        <p class="advice">
          <strong>{t.fix}:</strong> {failure.advice}
        </p>
      )}
      {exit && <p class="exit">{exit}</p>}
      {lastLines &&
        (cancelled ? (
          <details>
            <summary>{t.lastLines}</summary>
            {lastLines}
          </details>
        ) : (
          <>
            <h3>{t.lastLines}</h3>
            {lastLines}
          </>
        ))}
    </section>
  );
}
