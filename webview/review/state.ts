// The review view's state as a pure reducer over the host's messages and the reviewer's edits: the walk,
// the entry shown, a form per log (kept while walking back and forth), and the one draft streaming in.
import type {
  AgreementView,
  GuidelinesView,
  ReviewHostMessage,
  ReviewItemView,
  VerdictForm,
} from '../../src/protocol/review';

export interface DraftState {
  request_id: string;
  model_id: number | null;
  model_name: string | null;
  status: 'picking' | 'streaming' | 'done';
  text: string;
  drafted_at: string | null;
  /** What the box held before the draft: put back when it is cancelled or fails. */
  previous: string;
  /** Edited or accepted: no longer marked as a draft (its provenance is still sent). */
  settled: boolean;
}

export interface FormState {
  evaluation: 1 | 2 | 3 | null;
  reason: string;
  correct_answer: string;
  priority: 1 | 2 | 3;
  draft: DraftState | null;
  draftError: string | null;
  saving: boolean;
  error: string | null;
  errorField: string | null;
}

export const emptyForm: FormState = {
  evaluation: null,
  reason: '',
  correct_answer: '',
  priority: 2,
  draft: null,
  draftError: null,
  saving: false,
  error: null,
  errorField: null,
};

export interface ReviewState {
  me: string | null;
  walk: 'queue' | 'disputes';
  total: number;
  counts: { to_review: number; reviewed: number; closed: number };
  disputes: number;
  position: number;
  loaded: boolean;
  item: ReviewItemView | null;
  guidelines: GuidelinesView | null;
  agreement: AgreementView | null;
  /** Forms by log id. */
  forms: Record<number, FormState>;
}

export const initialReviewState: ReviewState = {
  me: null,
  walk: 'queue',
  total: 0,
  counts: { to_review: 0, reviewed: 0, closed: 0 },
  disputes: 0,
  position: 0,
  loaded: false,
  item: null,
  guidelines: null,
  agreement: null,
  forms: {},
};

export type ReviewAction =
  | { type: 'host'; message: ReviewHostMessage }
  | { type: 'edit'; log_id: number; changes: Partial<FormState> }
  | { type: 'draftRequested'; log_id: number; request_id: string }
  | { type: 'saving'; log_id: number }
  | { type: 'closeAgreement' };

export const formOf = (state: ReviewState, logId: number): FormState => state.forms[logId] ?? emptyForm;

function withForm(state: ReviewState, logId: number, changes: Partial<FormState>): ReviewState {
  return { ...state, forms: { ...state.forms, [logId]: { ...formOf(state, logId), ...changes } } };
}

/** The log whose form holds this draft request. */
function draftOwner(state: ReviewState, requestId: string): number | undefined {
  for (const [logId, form] of Object.entries(state.forms))
    if (form.draft?.request_id === requestId) return Number(logId);
  return undefined;
}

export function reduceReview(state: ReviewState, action: ReviewAction): ReviewState {
  switch (action.type) {
    case 'edit': {
      const form = formOf(state, action.log_id);
      const changes = { ...action.changes };
      // Typing in the correction box after a draft arrived: it is the reviewer's text now.
      if ('correct_answer' in changes && form.draft?.status === 'done' && !('draft' in changes))
        changes.draft = { ...form.draft, settled: true };
      return withForm(state, action.log_id, changes);
    }
    case 'draftRequested': {
      const form = formOf(state, action.log_id);
      return withForm(state, action.log_id, {
        draftError: null,
        draft: {
          request_id: action.request_id,
          model_id: null,
          model_name: null,
          status: 'picking',
          text: '',
          drafted_at: null,
          previous: form.correct_answer,
          settled: false,
        },
      });
    }
    case 'saving':
      return withForm(state, action.log_id, { saving: true, error: null, errorField: null });
    case 'closeAgreement':
      return { ...state, agreement: null };
    case 'host':
      return reduceHost(state, action.message);
  }
}

function reduceHost(state: ReviewState, message: ReviewHostMessage): ReviewState {
  switch (message.type) {
    case 'state':
      return {
        ...state,
        me: message.me,
        walk: message.walk,
        total: message.total,
        counts: message.counts,
        disputes: message.disputes,
      };
    case 'item': {
      let next: ReviewState = {
        ...state,
        loaded: true,
        position: message.position,
        item: message.item,
        guidelines: message.guidelines,
      };
      // A saved review or resolution comes back as the entry: its form is done.
      const item = message.item;
      if (item && ((item.kind === 'review' && item.mine) || (item.kind === 'dispute' && item.resolved)))
        next = withForm(next, item.log_id, { saving: false, error: null, errorField: null });
      return next;
    }
    case 'agreement':
      return { ...state, agreement: message.agreement };
    case 'saveFailed': {
      const logId = state.item?.log_id;
      if (logId === undefined || message.position !== state.position) return state;
      return withForm(state, logId, { saving: false, error: message.message, errorField: message.field });
    }
    case 'draftStarted': {
      const owner = draftOwner(state, message.request_id);
      const form = owner === undefined ? undefined : formOf(state, owner);
      if (owner === undefined || !form?.draft) return state;
      return withForm(state, owner, {
        correct_answer: '',
        draft: {
          ...form.draft,
          status: 'streaming',
          model_id: message.model_id,
          model_name: message.model_name,
        },
      });
    }
    case 'draftDelta': {
      const owner = draftOwner(state, message.request_id);
      const form = owner === undefined ? undefined : formOf(state, owner);
      if (owner === undefined || !form?.draft || form.draft.status !== 'streaming') return state;
      const text = form.draft.text + message.text;
      return withForm(state, owner, { correct_answer: text, draft: { ...form.draft, text } });
    }
    case 'draftDone': {
      const owner = draftOwner(state, message.request_id);
      const form = owner === undefined ? undefined : formOf(state, owner);
      if (owner === undefined || !form?.draft) return state;
      return withForm(state, owner, {
        correct_answer: message.text,
        draft: { ...form.draft, status: 'done', text: message.text, drafted_at: message.drafted_at },
      });
    }
    case 'draftEnded': {
      const owner = message.request_id === null ? message.log_id : draftOwner(state, message.request_id);
      const form = owner === undefined ? undefined : formOf(state, owner);
      if (owner === undefined || !form?.draft) return state;
      // Cancelled or failed: what the box held before comes back; nothing of the draft is kept.
      return withForm(state, owner, {
        correct_answer: form.draft.previous,
        draft: null,
        draftError: message.message,
      });
    }
  }
}

/** The verdict the form says, as the protocol sends it (rating 1 carries nothing else). */
export function verdictOf(form: FormState): VerdictForm | null {
  if (form.evaluation === null) return null;
  if (form.evaluation === 1) return { evaluation: 1, reason: null, correct_answer: null, priority: null };
  return {
    evaluation: form.evaluation,
    reason: form.reason.trim() ? form.reason : null,
    correct_answer: form.correct_answer.trim() ? form.correct_answer : null,
    priority: form.priority,
  };
}

/** The draft a correction began from, once it has fully arrived (and only for 2 / 3). */
export function draftUseOf(form: FormState) {
  const draft = form.draft;
  if (
    form.evaluation === 1 ||
    !draft ||
    draft.status !== 'done' ||
    draft.model_id === null ||
    !draft.drafted_at
  )
    return null;
  return { model_id: draft.model_id, drafted_at: draft.drafted_at, text: draft.text };
}

export function formReady(form: FormState): boolean {
  const verdict = verdictOf(form);
  if (!verdict || form.saving || form.draft?.status === 'streaming' || form.draft?.status === 'picking')
    return false;
  return verdict.evaluation === 1 || (verdict.reason !== null && verdict.correct_answer !== null);
}
