// Everything of the core the editor layer calls, bundled separately as dist/core.js and loaded on
// first use (see core.ts): the database driver, Kysely and the services stay out of activation.

export {
  abItem,
  abNextToVote,
  abRunView,
  abWinRates,
  createAbRun,
  listAbRuns,
  runAbTest,
  voteAb,
} from '../core/abtest';
export { createModelAsker } from '../core/api/modelAsker';
export { startApiServer } from '../core/api/server';
export { isDatabaseUnavailable } from '../core/db/connectionErrors';
export { migrateToLatest } from '../core/db/migrate';
export { openDatabase } from '../core/db/open';
export { describeAdapter } from '../core/domain/adapterFolder';
export { askInSession } from '../core/domain/answers';
export { modelLineage, walkLineage } from '../core/domain/lineage';
export { countLogs, countsFromSummary, listLogs, narrowToGroup } from '../core/domain/logQueries';
export { evaluateLog, getLog, listSessionLogs, recordLog, setLogStatus } from '../core/domain/logs';
export { getModel, listModels, registerModel, registerNextVersion } from '../core/domain/models';
export { getSessionSummary, listPocSummaries } from '../core/domain/overview';
export { createPoc, getPoc, listPocs, setDefaultSystemPrompt } from '../core/domain/pocs';
export { ratingChart } from '../core/domain/ratingChart';
export { endSession, getSession, startSession } from '../core/domain/sessions';
export { createUser, findUserByName, listUsers, rotateApiKey } from '../core/domain/users';
export { baseModelOf, checkVersion, highestVersion, registerVersion } from '../core/domain/versions';
export { commitExport, discardExport, prepareExport, prepareExportInWorker } from '../core/export';
export {
  cancelRetest,
  countFlips,
  createRetestRun,
  listRetestRuns,
  retestItems,
  retestRun,
  retestSummary,
  runRetest,
} from '../core/retest';
export { parseQuestionSet } from '../core/retest/questionSet';
export {
  assignReviews,
  draftCorrection,
  getGuidelines,
  listDisagreements,
  resolveDisagreement,
  reviewItem,
  reviewQueue,
  reviewStats,
  saveGuidelines,
  submitReview,
} from '../core/review';
export { createMlxSupervisor } from '../core/supervisor/mlxSupervisor';
export { startTraining, trainingArgProblem, trainingArgv } from '../core/training';
// Host-side, but with markdown-it: loaded with the core when the panel first needs it.
export { answerTree, markdownTree } from './panel/markdownTree';
