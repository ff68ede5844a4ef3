// One question and its answer: the Markdown answer, its timings, the rating buttons (keys 1 / 2 / 3),
// the save state (an unrated answer is visibly unrated) and, while editing, the rating form.
import { Component } from 'preact';
import type { Evaluation, LogView, Timings } from '../../../src/protocol/views';
import { type Draft, isDirty, type LogUi } from '../state';
import { useLabels } from './labelsContext';
import { Markdown } from './Markdown';
import { fieldId, RatingForm } from './RatingForm';
import { TimingsLine } from './TimingsLine';

export interface LogCardProps {
  log: LogView;
  draft: Draft | undefined;
  ui: LogUi | undefined;
  timings: Timings | undefined;
  active: boolean;
  locale: 'en' | 'ja';
  onChooseRating: (logId: number, evaluation: Evaluation) => void;
  onEdit: (logId: number, patch: Partial<Omit<Draft, 'evaluation'>>) => void;
  onOpenEditor: (logId: number) => void;
  onSave: (logId: number) => void;
  onOpenLink: (href: string) => void;
  /** Another starting point for the correction (RatingForm). */
  correctionStart?: { label: string; text: string } | undefined;
  /** The question is shown above the card (the re-test view): kept for the card's name only. */
  questionHidden?: boolean;
}

const ratingIcons: Record<Evaluation, string> = { 1: 'pass', 2: 'warning', 3: 'error' };

function SaveState({ log, draft, ui }: Pick<LogCardProps, 'log' | 'draft' | 'ui'>) {
  const t = useLabels();
  let icon = 'circle-large-outline';
  let text = t.unrated;
  let tone = 'unrated';
  if (ui?.save === 'saving') [icon, text, tone] = ['loading codicon-modifier-spin', t.saving, 'pending'];
  else if (ui?.save === 'failed') [icon, text, tone] = ['error', t.saveFailed, 'failed'];
  else if (draft && ui?.save !== 'saved' && isDirty(draft, log))
    [icon, text, tone] = ['circle-filled', t.unsaved, 'pending'];
  else if (log.evaluated_at !== null) {
    icon = 'check';
    tone = 'saved';
    const parts = [t.saved, t.evaluation[log.evaluation]];
    if (log.priority !== null) parts.push(`${t.priority}: ${t.priorities[log.priority]}`);
    parts.push(t.statuses[log.status]);
    text = parts.join(' · ');
  }
  return (
    <span class={`save-state ${tone}`} data-state={tone}>
      <span class={`codicon codicon-${icon}`} aria-hidden="true" /> {text}
    </span>
  );
}

function LogCardView(props: LogCardProps) {
  const t = useLabels();
  const { log, draft, ui, active } = props;
  const chosen = draft?.evaluation ?? (log.evaluated_at !== null ? log.evaluation : null);
  const unrated = log.evaluated_at === null;
  return (
    <article
      id={`log-${log.id}`}
      data-log-id={log.id}
      class={`log-card${unrated ? ' unrated' : ''}${active ? ' active' : ''}`}
      aria-labelledby={`log-${log.id}-question`}
    >
      <h3 id={`log-${log.id}-question`} class={props.questionHidden ? 'visually-hidden' : 'question-text'}>
        {log.question}
      </h3>
      <section class="answer" aria-label={t.answer}>
        <Markdown tree={log.answer_md} onOpenLink={props.onOpenLink} />
      </section>
      <TimingsLine timings={props.timings} latencyMs={log.latency_ms} />
      <div class="rating-row">
        <fieldset class="rating-buttons" aria-label={t.rating}>
          {([1, 2, 3] as const).map((value) => (
            <button
              key={value}
              id={fieldId(log.id, `rating-${value}`)}
              type="button"
              class={`rating rating-${value}`}
              aria-pressed={chosen === value}
              aria-keyshortcuts={String(value)}
              onClick={() => props.onChooseRating(log.id, value)}
            >
              <span class={`codicon codicon-${ratingIcons[value]}`} aria-hidden="true" />
              {t.evaluation[value]}
              <span class="key" aria-hidden="true">
                {value}
              </span>
            </button>
          ))}
        </fieldset>
        <SaveState log={log} draft={draft} ui={ui} />
        {!draft && (
          <button type="button" class="link-button" onClick={() => props.onOpenEditor(log.id)}>
            <span class="codicon codicon-edit" aria-hidden="true" /> {t.edit}
          </button>
        )}
      </div>
      {draft && (
        <RatingForm
          log={log}
          draft={draft}
          ui={ui}
          locale={props.locale}
          onEdit={(patch) => props.onEdit(log.id, patch)}
          onSave={() => props.onSave(log.id)}
          correctionStart={props.correctionStart}
        />
      )}
    </article>
  );
}

/** Re-renders only when its own log, draft or state changed: 200 cards stay cheap while one streams. */
export class LogCard extends Component<LogCardProps> {
  override shouldComponentUpdate(next: LogCardProps): boolean {
    const p = this.props;
    return (
      p.log !== next.log ||
      p.draft !== next.draft ||
      p.ui !== next.ui ||
      p.timings !== next.timings ||
      p.active !== next.active ||
      p.locale !== next.locale ||
      p.correctionStart?.text !== next.correctionStart?.text
    );
  }
  override render(props: LogCardProps) {
    return <LogCardView {...props} />;
  }
}
