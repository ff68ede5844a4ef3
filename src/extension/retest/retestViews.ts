// The core's re-test items → the re-test view's protocol shapes: a light row per question for the list
// (an excerpt of the question, where it stands, what flipped) and the selected question in full.
// No vscode import: tested directly.
import type { ConversationLog, Model } from '../../core/db/schema';
import type { RetestItemView as CoreItem, RetestRunView as CoreRun } from '../../core/retest';
import type { MarkdownTree } from '../../protocol/markdown';
import type { RetestItemState, RetestItemView, RetestRow, RetestRunView } from '../../protocol/retest';
import { PAUSED_BY_USER } from '../../protocol/retestStates';
import { toLogView } from '../panel/views';

/** Long enough to tell questions apart in a list row; the whole question is in the detail. */
const EXCERPT = 200;

export function rowState(item: CoreItem, answering: number | null): RetestItemState {
  if (item.after) return item.after.evaluation === null ? 'answered' : 'rated';
  if (item.position === answering) return 'answering';
  return item.error ? 'failed' : 'waiting';
}

export function toRetestRow(item: CoreItem, answering: number | null): RetestRow {
  const oneLine = item.question.replace(/\s+/g, ' ').trim();
  return {
    position: item.position,
    question: oneLine.length > EXCERPT ? `${oneLine.slice(0, EXCERPT - 1)}…` : oneLine,
    state: rowState(item, answering),
    flip: item.flip,
    before: item.before?.evaluation ?? null,
  };
}

export function toRetestRunView(
  run: CoreRun,
  target: Pick<Model, 'model_name' | 'base_model' | 'version'> | undefined,
  total: number,
  answering: number | null,
): RetestRunView {
  return {
    id: run.id,
    title: run.title.slice(0, 2_000),
    kind: run.kind,
    status: run.status,
    // The user's own pause needs no reason beside "Paused"; the server down does.
    paused_reason: run.pausedReason === PAUSED_BY_USER ? null : (run.pausedReason?.slice(0, 2_000) ?? null),
    poc_id: run.pocId,
    target: target ? `${target.base_model ?? target.model_name} v${target.version}` : `#${run.targetModelId}`,
    total,
    answering,
  };
}

export function toRetestItemView(
  item: CoreItem,
  newLog: ConversationLog | undefined,
  tree: (text: string) => MarkdownTree,
): RetestItemView {
  return {
    position: item.position,
    question: item.question,
    before:
      item.before && item.sourceLogId !== null
        ? {
            log_id: item.sourceLogId,
            evaluation: item.before.evaluation,
            answer_md: tree(item.before.answer),
            reason: item.before.reason,
            correction: item.before.correction,
          }
        : null,
    expected_answer: item.expectedAnswer,
    after: newLog ? toLogView(newLog, tree) : null,
    flip: item.flip,
    similarity: item.similarity,
    error: item.error?.slice(0, 2_000) ?? null,
  };
}
