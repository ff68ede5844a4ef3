// The training view: the run, its progress and live numbers, the loss chart, and how it ended, with the
// actions the host offers (cancel while running, show the log, register the adapter on success).
import { useEffect, useMemo, useReducer } from 'preact/hooks';
import type { TrainingHostMessage } from '../../../src/protocol/training';
import {
  type TrainingLabels,
  type TrainingLocale,
  trainingLabels,
} from '../../../src/protocol/trainingLabels';
import { formatterFor } from '../format';
import { createFrameBatcher } from '../frameBatcher';
import type { TrainingChannel } from '../hostChannel';
import { emptyTrainingState, phaseOf, type RunPhase, reduceTraining } from '../state';
import { LiveStats } from './LiveStats';
import { LossChart } from './LossChart';
import { LanguageContext } from './labelsContext';
import { NumbersTable } from './NumbersTable';
import { RunEnd } from './RunEnd';
import { RunHeader } from './RunHeader';

/** The live status line; once the run has ended, RunEnd says how (and is announced itself). */
function statusText(phase: RunPhase, reported: boolean, t: TrainingLabels): string {
  switch (phase) {
    case 'waiting':
      return t.waiting;
    case 'running':
      return reported ? t.running : t.waiting;
    case 'cancelling':
      return t.cancelling;
    default:
      return '';
  }
}

export function TrainingApp({ channel, locale }: { channel: TrainingChannel; locale: TrainingLocale }) {
  const [state, dispatch] = useReducer(reduceTraining, emptyTrainingState);
  const language = useMemo(() => {
    const t = trainingLabels[locale];
    return { t, format: formatterFor(locale, t) };
  }, [locale]);
  const { t } = language;

  const batcher = useMemo(
    () => createFrameBatcher<TrainingHostMessage>((messages) => dispatch({ type: 'batch', messages })),
    [],
  );
  useEffect(() => {
    const stop = channel.listen(batcher.add);
    channel.post({ type: 'ready' });
    return () => {
      stop();
      batcher.dispose();
    };
  }, [channel, batcher]);

  const phase = phaseOf(state);
  const reported = state.train.length + state.val.length > 0;
  const status = statusText(phase, reported, t);
  const running = phase === 'running' || phase === 'cancelling';
  const offerRegister = phase === 'succeeded' && state.registerLabel !== null && state.registered === null;

  const cancel = () => {
    batcher.flush();
    channel.post({ type: 'cancel' });
    dispatch({ type: 'cancelRequested' });
  };

  return (
    <LanguageContext.Provider value={language}>
      <main class="training">
        {state.run && <RunHeader title={state.run.title} settings={state.run.settings} />}
        <p class="status" role="status">
          {status}
        </p>
        {state.run && (
          <LiveStats
            iteration={state.iteration}
            iters={state.run.settings.iters}
            latestTrain={state.train.at(-1)}
            latestVal={state.val.at(-1)}
          />
        )}
        <div class="actions">
          {running && (
            <button type="button" class="secondary" onClick={cancel} disabled={phase === 'cancelling'}>
              {t.cancel}
            </button>
          )}
          {offerRegister && (
            <button type="button" class="primary" onClick={() => channel.post({ type: 'register' })}>
              {state.registerLabel}
            </button>
          )}
          <button type="button" class="secondary" onClick={() => channel.post({ type: 'showLog' })}>
            {t.showLog}
          </button>
        </div>
        {state.registered !== null && (
          <p class="registered" role="status">
            {state.registered}
          </p>
        )}
        {state.outcome && <RunEnd outcome={state.outcome} />}
        <LossChart train={state.train} val={state.val} iters={state.run?.settings.iters} />
        <NumbersTable train={state.train} val={state.val} />
        {state.lines.length > 0 && (
          <details class="output">
            <summary>{t.latestOutput}</summary>
            <pre>{state.lines.join('\n')}</pre>
          </details>
        )}
      </main>
    </LanguageContext.Provider>
  );
}
