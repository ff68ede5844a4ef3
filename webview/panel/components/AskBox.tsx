// The question box: Ctrl/Cmd+Enter asks, Escape stops a streaming answer. Stop takes Ask's place while
// an answer streams; a failed or stopped answer leaves the question here for a retry.
import type { Ref } from 'preact';
import { isTooLong } from '../../../src/protocol/limits';
import type { Locale } from '../../../src/protocol/views';
import type { AnswerProblem, AppState } from '../state';
import { LengthCounter } from './LengthCounter';
import { useLabels } from './labelsContext';

export interface AskBoxProps {
  locale: Locale;
  question: string;
  canAsk: boolean;
  streaming: boolean;
  problem: AnswerProblem | null;
  serverNotice: AppState['serverNotice'];
  inputRef: Ref<HTMLTextAreaElement>;
  onQuestion: (text: string) => void;
  onAsk: () => void;
  onStop: () => void;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function AskBox(props: AskBoxProps) {
  const t = useLabels();
  const { problem } = props;
  const tooLong = isTooLong('question', props.question);
  return (
    <section class="ask-box">
      <textarea
        ref={props.inputRef}
        id="question"
        aria-label={t.question}
        aria-describedby="question-counter"
        aria-invalid={tooLong || undefined}
        rows={3}
        placeholder={isMac ? t.questionPlaceholderMac : t.questionPlaceholder}
        value={props.question}
        disabled={!props.canAsk && !props.streaming}
        onInput={(event) => props.onQuestion(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            if (!props.streaming) props.onAsk();
          } else if (event.key === 'Escape' && props.streaming) {
            event.preventDefault();
            props.onStop();
          }
        }}
      />
      <LengthCounter id="question-counter" field="question" text={props.question} locale={props.locale} />
      <div class="ask-actions">
        {props.streaming ? (
          <button type="button" class="secondary" onClick={props.onStop}>
            <span class="codicon codicon-debug-stop" aria-hidden="true" /> {t.stop}
          </button>
        ) : (
          <button
            type="button"
            class="primary"
            disabled={!props.canAsk || props.question.trim() === '' || tooLong}
            onClick={props.onAsk}
          >
            <span class="codicon codicon-send" aria-hidden="true" /> {t.ask}
          </button>
        )}
      </div>
      {problem?.kind === 'error' && (
        <div class="problem" role="alert">
          <p>
            <span class="codicon codicon-error" aria-hidden="true" />{' '}
            {problem.code.startsWith('model_server_') ? t.answerFailed : t.notAsked}: {problem.message}
          </p>
          {problem.fix && (
            <p class="fix">
              {t.fix}: {problem.fix}
            </p>
          )}
        </div>
      )}
      {props.serverNotice && (
        <p class={`notice server-notice ${props.serverNotice.kind}`} role="status">
          <span
            class={`codicon ${props.serverNotice.kind === 'restarted' ? 'codicon-check' : props.serverNotice.kind === 'failed' ? 'codicon-error' : 'codicon-debug-restart'}`}
            aria-hidden="true"
          />{' '}
          {t.serverNotice[props.serverNotice.kind]}
          {props.serverNotice.kind === 'failed' &&
            props.serverNotice.detail &&
            ` ${props.serverNotice.detail}`}
        </p>
      )}
      {problem?.kind === 'cancelled' && (
        <p class="notice" role="status">
          <span class="codicon codicon-info" aria-hidden="true" /> {t.cancelled}
        </p>
      )}
    </section>
  );
}
