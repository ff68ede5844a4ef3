// The webview's check of the re-test view's host messages: retest.ts's shapes spelled with guards.ts
// (no zod in the panel's bundle); hostMessageGuard.ts puts them in its union, and its test holds the
// two to the same types and verdicts.
import { array, boolean, custom, type Guard, nullable, number, object, oneOf, string } from './guards';
import { DRAFT_TEXT_MAX } from './limits';
import { isMarkdownNode, type MarkdownNode } from './markdown';
import { retestFlips, retestItemStates, retestStatuses } from './retestStates';

const id = number(0, true, true);
const whole = number(0, true);
const shortText = string(2_000);
const longText = string(DRAFT_TEXT_MAX);
const evaluation = oneOf(1, 2, 3);
const markdownTree = array(custom<MarkdownNode>(isMarkdownNode, 'not a Markdown node the panel draws'));
const flip = oneOf(...retestFlips);

const row = object({
  position: whole,
  question: shortText,
  state: oneOf(...retestItemStates),
  flip,
  before: nullable(evaluation),
});
const run = object({
  id,
  title: shortText,
  kind: oneOf('retest', 'gate', 'batch'),
  status: oneOf(...retestStatuses),
  paused_reason: nullable(shortText),
  poc_id: id,
  target: shortText,
  total: whole,
  answering: nullable(whole),
});
const counts = object({
  fixed: whole,
  still_wrong: whole,
  regressed: whole,
  still_good: whole,
  unrated: whole,
  not_asked: whole,
});

/** `log` is hostMessageGuard.ts's log guard (passed in, so the two files do not import each other). */
export function retestHostGuards<L>(log: Guard<L>) {
  const item = object({
    position: whole,
    question: longText,
    before: nullable(
      object({
        log_id: id,
        evaluation: nullable(evaluation),
        answer_md: markdownTree,
        reason: nullable(longText),
        correction: nullable(longText),
      }),
    ),
    expected_answer: nullable(longText),
    after: nullable(log),
    flip,
    similarity: nullable(number(0)),
    error: nullable(shortText),
  });
  return {
    retestRun: object({ type: oneOf('retestRun'), run, counts, rows: array(row, 100_000) }),
    retestRows: object({ type: oneOf('retestRows'), run, counts, rows: array(row, 100_000) }),
    retestItem: object({ type: oneOf('retestItem'), run_id: id, item, reveal: boolean }),
    retestAnswerProgress: object({
      type: oneOf('retestAnswerProgress'),
      run_id: id,
      position: whole,
      from: whole,
      blocks: markdownTree,
    }),
  };
}
