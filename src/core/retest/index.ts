// Re-testing a version (issue 15): the public face for the CLI, the REST API and the editor.

export { PAUSED_BY_USER } from '../../protocol/retestStates';
export { type CreatedRetest, type CreateRetestInput, createRetestRun, type SkippedLog } from './create';
export { listRetestRuns } from './list';
export {
  cancelRetest,
  type RetestOutcome,
  type RetestProgress,
  type RunRetestOptions,
  runRetest,
} from './run';
export { correctionSimilarity } from './similarity';
export {
  countFlips,
  FLIPS,
  type Flip,
  flipOf,
  type RetestItemView,
  type RetestRunView,
  type RetestSummary,
  retestItems,
  retestRun,
  retestSummary,
} from './summary';
