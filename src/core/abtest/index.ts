// Blind A/B tests (issue 15): the public face for the CLI and the editor.
export { type CreateAbRunInput, type CreatedAbRun, createAbRun } from './create';
export type { AbModelRef } from './modelLabel';
export { type AbOutcome, type AbProgress, type RunAbOptions, runAbTest } from './run';
export {
  type AbItemView,
  type AbReveal,
  type AbRunView,
  type AbVoteView,
  abItem,
  abItems,
  abNextToVote,
  abRunView,
  listAbRuns,
} from './view';
export { abChoiceSchema, type VoteAbInput, voteAb } from './vote';
export { type AbPairWinRate, abWinRates, wilsonInterval } from './winRate';
