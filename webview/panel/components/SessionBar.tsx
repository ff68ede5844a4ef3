// The session bar: before a session, pick the PoC, the model and the system prompt and start one; during
// it, the PoC, the model (name and version), the system prompt as the read-only snapshot it is, and End.
import type { AppState } from '../state';
import { useLabels } from './labelsContext';

export interface SessionBarProps {
  state: Pick<
    AppState,
    'pocs' | 'models' | 'selected' | 'session' | 'systemPrompt' | 'sessionBusy' | 'sessionProblem'
  >;
  onSelect: (pocId: number | null, modelId: number | null) => void;
  onSystemPrompt: (text: string) => void;
  onStart: () => void;
  onEnd: () => void;
}

const toId = (value: string) => (value === '' ? null : Number(value));
/** Times are UTC everywhere in the product; shown as such (and without paying for Intl on first render). */
const utcMinute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export function SessionBar({ state, onSelect, onSystemPrompt, onStart, onEnd }: SessionBarProps) {
  const t = useLabels();
  const { session, pocs, models, selected } = state;
  const problem = state.sessionProblem && (
    <div class="problem" role="alert">
      <span class="codicon codicon-error" aria-hidden="true" /> {state.sessionProblem.message}
      {state.sessionProblem.fix && (
        <p class="fix">
          {t.fix}: {state.sessionProblem.fix}
        </p>
      )}
    </div>
  );

  if (session) {
    return (
      <header class="session-bar active">
        <dl class="session-facts">
          <div>
            <dt>{t.poc}</dt>
            <dd>{session.poc_name}</dd>
          </div>
          <div>
            <dt>{t.model}</dt>
            <dd>
              {session.model_name} <span class="badge">v{session.model_version}</span>
            </dd>
          </div>
          <div>
            <dt>{t.sessionStartedAt}</dt>
            <dd>
              <time dateTime={session.started_at}>{utcMinute(session.started_at)}</time>
            </dd>
          </div>
        </dl>
        <details class="snapshot">
          <summary>{t.systemPromptSnapshot}</summary>
          <pre class="snapshot-text">{session.system_prompt ?? t.noSystemPrompt}</pre>
        </details>
        <button type="button" class="secondary" disabled={state.sessionBusy} onClick={onEnd}>
          <span class="codicon codicon-debug-stop" aria-hidden="true" /> {t.endSession}
        </button>
        {problem}
      </header>
    );
  }

  const poc = pocs.find((item) => item.id === selected.poc_id);
  const prompt = state.systemPrompt ?? poc?.default_system_prompt ?? '';
  const canStart = selected.poc_id !== null && selected.model_id !== null && !state.sessionBusy;
  return (
    <header class="session-bar">
      <p class="hint">{t.noSession}</p>
      {pocs.length === 0 && <p class="hint warning">{t.noPocs}</p>}
      {models.length === 0 && <p class="hint warning">{t.noModels}</p>}
      <div class="session-pickers">
        <label for="session-poc">{t.poc}</label>
        <select
          id="session-poc"
          value={selected.poc_id === null ? '' : String(selected.poc_id)}
          onChange={(event) => onSelect(toId(event.currentTarget.value), selected.model_id)}
        >
          <option value="">{t.choose}</option>
          {pocs.map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.name} ({item.domain})
            </option>
          ))}
        </select>
        <label for="session-model">{t.model}</label>
        <select
          id="session-model"
          value={selected.model_id === null ? '' : String(selected.model_id)}
          onChange={(event) => onSelect(selected.poc_id, toId(event.currentTarget.value))}
        >
          <option value="">{t.choose}</option>
          {models.map((item) => (
            <option key={item.id} value={String(item.id)}>
              {item.model_name} v{item.version}
            </option>
          ))}
        </select>
      </div>
      <label for="session-system-prompt">{t.systemPrompt}</label>
      <textarea
        id="session-system-prompt"
        rows={3}
        value={prompt}
        onInput={(event) => onSystemPrompt(event.currentTarget.value)}
      />
      <button type="button" class="primary" disabled={!canStart} onClick={onStart}>
        <span class="codicon codicon-play" aria-hidden="true" /> {t.startSession}
      </button>
      {problem}
    </header>
  );
}
