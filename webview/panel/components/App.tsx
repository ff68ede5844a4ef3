// The panel: session bar, question box, the opened log (from the Logs tree) and the history. Owns the
// state, turns user actions into protocol messages, and routes host messages into the reducer.
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef } from 'preact/hooks';
import { labels, tooLongMessage } from '../../../src/protocol/labels';
import { isTooLong } from '../../../src/protocol/limits';
import type { StateMessage } from '../../../src/protocol/messages';
import type { Evaluation, Locale } from '../../../src/protocol/views';
import type { HostChannel } from '../hostChannel';
import { createProgressBatcher } from '../progressBatcher';
import { initialState, reduce } from '../reducer';
import { replyTimeoutMs } from '../replyTimeouts';
import { type Draft, draftFor, findLog, persistedPart, validateDraft, type WaitingRequest } from '../state';
import { AskBox } from './AskBox';
import { History } from './History';
import { LogCard } from './LogCard';
import { LabelsContext } from './labelsContext';
import { RatingChart } from './RatingChart';
import { fieldId } from './RatingForm';
import { RetestView } from './RetestView';
import { SessionBar } from './SessionBar';

let requestCounter = 0;
const newRequestId = () => `${Date.now().toString(36)}-${(++requestCounter).toString(36)}`;

const editable = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

interface AppProps {
  channel: HostChannel;
  first: StateMessage | null;
  /** The page's language, for the moment before the first state arrives. */
  locale?: Locale;
}

export function App({ channel, first, locale }: AppProps) {
  const [state, dispatch] = useReducer(reduce, null, () => initialState(channel.loadDrafts(), first, locale));
  const stateRef = useRef(state);
  stateRef.current = state;
  const questionRef = useRef<HTMLTextAreaElement>(null);
  const focusNext = useRef<string | null>(null);
  const t = labels[state.locale];

  const actions = useMemo(() => {
    const current = () => stateRef.current;
    const waitForReply = (request: WaitingRequest) =>
      setTimeout(() => dispatch({ type: 'noReply', request }), replyTimeoutMs(request));
    const save = (logId: number, override?: Partial<Draft>) => {
      const s = current();
      const log = findLog(s, logId);
      if (!log) return;
      const draft = { ...(s.drafts[logId] ?? draftFor(log)), ...override };
      const errors = validateDraft(draft, s.locale);
      const firstInvalid = (['evaluation', 'reason', 'correct_answer', 'memo'] as const).find(
        (field) => errors[field],
      );
      if (firstInvalid) {
        dispatch({ type: 'invalidDraft', logId, errors });
        focusNext.current = fieldId(logId, firstInvalid === 'evaluation' ? 'rating-1' : firstInvalid);
        return;
      }
      const evaluation = draft.evaluation as Evaluation;
      const needsCorrection = evaluation !== 1;
      channel.post({
        type: 'saveRating',
        log_id: logId,
        evaluation,
        reason: needsCorrection ? draft.reason : null,
        correct_answer: needsCorrection ? draft.correct_answer : null,
        priority: needsCorrection ? draft.priority : null,
        memo: draft.memo.trim() === '' ? null : draft.memo,
      });
      dispatch({ type: 'saveSent', logId });
      waitForReply({ kind: 'save', logId });
      if (s.session && log.session_id === s.session.id) focusNext.current = 'question';
    };
    /** Asks `text` (the box's content, or a quick ask from the editor). */
    const askText = (text: string) => {
      const s = current();
      const question = text.trim();
      if (!s.session || s.pending || question === '') return;
      if (isTooLong('question', question)) {
        const message = tooLongMessage(s.locale, 'question', question.length);
        dispatch({ type: 'askRefused', code: 'question_too_long', message });
        focusNext.current = 'question';
        return;
      }
      const requestId = newRequestId();
      dispatch({ type: 'askSent', requestId, question: text });
      channel.post({ type: 'ask', request_id: requestId, session_id: s.session.id, question });
      waitForReply({ kind: 'ask', requestId });
    };
    return {
      save,
      chooseRating(logId: number, evaluation: Evaluation) {
        dispatch({ type: 'chooseRating', logId, evaluation });
        // Good needs nothing more: one key rates and saves. The others open the reason first.
        if (evaluation === 1) save(logId, { evaluation });
        else focusNext.current = fieldId(logId, 'reason');
      },
      edit(logId: number, patch: Partial<Omit<Draft, 'evaluation'>>) {
        dispatch({ type: 'editDraft', logId, patch });
      },
      openEditor(logId: number) {
        dispatch({ type: 'openEditor', logId });
        focusNext.current = fieldId(logId, 'memo');
      },
      openLink(href: string) {
        channel.post({ type: 'openLink', href });
      },
      ask: () => askText(current().question),
      askText,
      stop() {
        const pending = current().pending;
        if (!pending) return;
        channel.post({ type: 'cancel', request_id: pending.requestId });
        dispatch({ type: 'cancelSent' });
        focusNext.current = 'question';
      },
      select(pocId: number | null, modelId: number | null) {
        dispatch({ type: 'select', poc_id: pocId, model_id: modelId });
        channel.post({ type: 'select', poc_id: pocId, model_id: modelId });
      },
      start() {
        const s = current();
        const { poc_id, model_id } = s.selected;
        if (poc_id === null || model_id === null) return;
        const prompt = s.systemPrompt ?? s.pocs.find((poc) => poc.id === poc_id)?.default_system_prompt ?? '';
        dispatch({ type: 'sessionRequested' });
        waitForReply({ kind: 'session' });
        channel.post({
          type: 'startSession',
          poc_id,
          model_id,
          system_prompt: prompt.trim() === '' ? null : prompt,
        });
      },
      end() {
        const s = current();
        if (!s.session) return;
        if (s.pending) this.stop();
        dispatch({ type: 'sessionRequested' });
        waitForReply({ kind: 'session' });
        channel.post({ type: 'endSession', session_id: s.session.id });
      },
      retestControl(action: 'pause' | 'resume' | 'cancel') {
        const retest = current().retest;
        if (retest) channel.post({ type: 'retestControl', run_id: retest.run.id, action });
      },
      retestClose() {
        const retest = current().retest;
        if (!retest) return;
        channel.post({ type: 'retestClose', run_id: retest.run.id });
        dispatch({ type: 'retestClose' });
      },
      loadMore() {
        const s = current();
        const oldest = s.history[s.history.length - 1];
        if (!s.session || !oldest) return;
        dispatch({ type: 'historyRequested' });
        waitForReply({ kind: 'history' });
        channel.post({ type: 'requestHistory', session_id: s.session.id, before_id: oldest.id });
      },
    };
  }, [channel]);

  // Host messages: answer updates batched to one render per frame; anything else flushes them first.
  useEffect(() => {
    const batcher = createProgressBatcher((requestId, updates) =>
      dispatch({ type: 'progress', requestId, updates }),
    );
    // The re-test view's streaming answer, batched the same way (keyed "run:position").
    const retestBatcher = createProgressBatcher((key, updates) => {
      const [runId, position] = key.split(':').map(Number) as [number, number];
      dispatch({ type: 'retestProgress', runId, position, updates });
    });
    const stop = channel.listen((message) => {
      if (message.type === 'answerProgress') {
        batcher.add(message.request_id, { from: message.from, blocks: message.blocks });
        return;
      }
      if (message.type === 'retestAnswerProgress') {
        retestBatcher.add(`${message.run_id}:${message.position}`, {
          from: message.from,
          blocks: message.blocks,
        });
        return;
      }
      retestBatcher.flush();
      // A question asked or a log opened from the editor is shown in the evaluation view: the re-test
      // view gives way (the run goes on; Llamune: Open Re-test… shows it again).
      if ((message.type === 'askQuestion' || message.type === 'openLog') && stateRef.current.retest)
        actions.retestClose();
      if (message.type === 'askQuestion') {
        // Quick ask: the question lands in the box (kept there if the answer fails), then goes out.
        dispatch({ type: 'setQuestion', question: message.question });
        actions.askText(message.question);
        return;
      }
      batcher.flush();
      const mine =
        message.type === 'answerDone' && stateRef.current.pending?.requestId === message.request_id;
      dispatch({ type: 'host', message });
      const focused = document.activeElement;
      if (mine && (focused === questionRef.current || focused === document.body)) {
        focusNext.current = fieldId(message.log.id, 'rating-1');
      }
      if (message.type === 'openLog') focusNext.current = `log-${message.log.id}`;
    });
    channel.post({ type: 'ready' });
    return () => {
      stop();
      batcher.dispose();
      retestBatcher.dispose();
    };
  }, [channel, actions]);

  // The chart of the PoC the panel shows: asked for when it changes; the host keeps it current after that.
  const chartPocId = state.loaded ? (state.retest?.run.poc_id ?? state.selected.poc_id) : null;
  useEffect(() => {
    if (chartPocId !== null) channel.post({ type: 'requestRatingChart', poc_id: chartPocId });
  }, [channel, chartPocId]);

  // The re-test view's selected question, in full from the host (asked again whenever it changes).
  const retestRunId = state.retest?.run.id;
  const retestSelected = state.retest?.selected ?? null;
  useEffect(() => {
    if (retestRunId !== undefined && retestSelected !== null)
      channel.post({ type: 'retestSelect', run_id: retestRunId, position: retestSelected });
  }, [channel, retestRunId, retestSelected]);

  // Keys 1 / 2 / 3 rate the log that has focus, else the active one, unless the user is typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key !== '1' && event.key !== '2' && event.key !== '3') return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(editable)) return;
      const card = target?.closest('[data-log-id]');
      const s = stateRef.current;
      // In the re-test view, only the selected question's new answer (never a log out of sight).
      const fallback = s.retest
        ? s.retest.detail?.position === s.retest.selected
          ? s.retest.detail?.after?.id
          : undefined
        : (s.activeLogId ?? s.history[0]?.id);
      const logId = card ? Number(card.getAttribute('data-log-id')) : fallback;
      if (logId === undefined || !findLog(s, logId)) return;
      event.preventDefault();
      actions.chooseRating(logId, Number(event.key) as Evaluation);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [actions]);

  // The sticky session bar's height, for the scroll padding that keeps focused fields out from under it.
  useLayoutEffect(() => {
    const bar = document.querySelector('.session-bar');
    if (!bar || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty('--session-bar-height', `${bar.getBoundingClientRect().height}px`),
    );
    observer.observe(bar);
    return () => observer.disconnect();
  }, [state.loaded, state.session?.id]);

  // Saved in the same task as the keystroke (a layout effect), so a reload right after it loses nothing.
  useLayoutEffect(() => {
    channel.saveDrafts(persistedPart(state));
  }, [channel, state.question, state.systemPrompt, state.selected, state.drafts]);

  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    focusNext.current = null;
    const element = id === 'question' ? questionRef.current : document.getElementById(id);
    element?.focus();
    if (id.startsWith('log-') && element) element.scrollIntoView?.({ block: 'nearest' });
  });

  const handlers = {
    onChooseRating: actions.chooseRating,
    onEdit: actions.edit,
    onOpenEditor: actions.openEditor,
    onSave: actions.save,
    onOpenLink: actions.openLink,
  };
  const justAnswered =
    state.activeLogId !== null && state.timings[state.activeLogId]
      ? findLog(state, state.activeLogId)
      : undefined;

  if (!state.loaded) {
    return (
      <main class="panel" aria-busy="true">
        <p class="hint">{t.loading}</p>
      </main>
    );
  }
  const chart = state.ratingChart && state.ratingChart.poc_id === chartPocId && (
    <RatingChart chart={state.ratingChart} locale={state.locale} />
  );
  if (state.retest) {
    const retest = state.retest;
    return (
      <LabelsContext.Provider value={t}>
        <main class="panel retest-mode">
          {chart}
          <RetestView
            retest={retest}
            drafts={state.drafts}
            logUi={state.logUi}
            activeLogId={state.activeLogId}
            locale={state.locale}
            {...handlers}
            onSelect={(position) => dispatch({ type: 'retestSelect', position })}
            onFollow={(follow) => dispatch({ type: 'retestFollow', follow })}
            onFilter={(filter) => dispatch({ type: 'retestFilter', filter })}
            onControl={actions.retestControl}
            onClose={actions.retestClose}
          />
        </main>
      </LabelsContext.Provider>
    );
  }
  return (
    <LabelsContext.Provider value={t}>
      <main class="panel">
        <SessionBar
          state={state}
          onSelect={actions.select}
          onSystemPrompt={(text) => dispatch({ type: 'setSystemPrompt', systemPrompt: text })}
          onStart={actions.start}
          onEnd={() => actions.end()}
        />
        {chart}
        <AskBox
          locale={state.locale}
          question={state.question}
          canAsk={state.session !== null && state.pending === null}
          streaming={state.pending !== null}
          problem={state.answerProblem}
          serverNotice={state.serverNotice}
          inputRef={questionRef}
          onQuestion={(question) => dispatch({ type: 'setQuestion', question })}
          onAsk={actions.ask}
          onStop={actions.stop}
        />
        {state.opened && (
          <section class="opened" aria-label={t.openedLog}>
            <div class="opened-head">
              <h2>
                {t.openedLog}
                {state.opened.session &&
                  ` · ${state.opened.session.poc_name} · ${state.opened.session.model_name} v${state.opened.session.model_version}`}
              </h2>
              <button
                type="button"
                class="icon-button"
                aria-label={t.close}
                onClick={() => dispatch({ type: 'closeOpened' })}
              >
                <span class="codicon codicon-close" aria-hidden="true" />
              </button>
            </div>
            <LogCard
              log={state.opened.log}
              draft={state.drafts[state.opened.log.id]}
              ui={state.logUi[state.opened.log.id]}
              timings={undefined}
              active={state.activeLogId === state.opened.log.id}
              locale={state.locale}
              {...handlers}
            />
          </section>
        )}
        <History state={state} onLoadMore={actions.loadMore} {...handlers} />
        <p class="visually-hidden" aria-live="polite">
          {justAnswered ? `${t.answer}: ${justAnswered.answer.slice(0, 500)}` : ''}
        </p>
      </main>
    </LabelsContext.Provider>
  );
}
