// Row types of the shared database (design §3 + SPEC §3 extensions), as Kysely sees them.
// Times are JS Dates in UTC (see pgPool.ts for the TIMESTAMP parser).
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface PocTable {
  id: Generated<number>;
  name: string;
  domain: string;
  created_at: CreatedAt;
  default_system_prompt: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** SHA-256 hex digest of the API key. */
  api_key: string;
  created_at: CreatedAt;
}

export type Provider = 'mlx' | 'ollama' | 'openai';

export interface ModelsTable {
  id: Generated<number>;
  model_name: string;
  version: ColumnType<number, number | undefined, number>;
  base_model: string | null;
  trained_at: Date | null;
  description: string | null;
  created_at: CreatedAt;
  adapter_path: string | null;
  provider: Provider | null;
}

export interface SessionsTable {
  id: Generated<number>;
  user_id: number;
  poc_id: number;
  model_id: number;
  system_prompt: string | null;
  started_at: ColumnType<Date, Date | undefined, never>;
  ended_at: Date | null;
}

export type Evaluation = 1 | 2 | 3;
export type Priority = 1 | 2 | 3;
export type Status = 1 | 2 | 3;

export interface ConversationLogsTable {
  id: Generated<number>;
  session_id: ColumnType<number, number, never>;
  question: ColumnType<string, string, never>;
  answer: ColumnType<string, string, never>;
  timestamp: ColumnType<Date, Date | undefined, never>;
  evaluation: Evaluation;
  reason: string | null;
  correct_answer: string | null;
  priority: Priority | null;
  status: ColumnType<Status, Status | undefined, Status>;
  memo: string | null;
  evaluated_at: Date | null;
  updated_at: Date | null;
  latency_ms: number | null;
}

export type ExportSplit = 'train' | 'valid' | 'test';

/** migrations/0004: the split a log was exported to, kept for every later export of its PoC. */
export interface ExportSplitAssignmentsTable {
  log_id: number;
  poc_id: number;
  split: ExportSplit;
  assigned_at: CreatedAt;
}

/** migrations/0004: one row per written export (what a registered version was trained on). */
export interface TrainingExportsTable {
  id: Generated<number>;
  created_at: CreatedAt;
  folder: string;
  request: unknown;
  manifest_sha256: string;
  log_count: number;
  marked_trained: ColumnType<number, number | undefined, number>;
}

/** The logs of one export's split, LOG_SET_SIZE ids a row (migration 0005): the lineage of a version. */
export interface TrainingExportLogSetsTable {
  export_id: number;
  split: ExportSplit;
  part: number;
  log_ids: number[];
}

/** Which model a version was trained from and on which export (migration 0006). */
export interface ModelLineageTable {
  model_id: number;
  parent_model_id: number | null;
  export_id: number | null;
  training_log_count: number | null;
  adapter_config: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  registered_at: ColumnType<Date, never, never>;
}

export type RetestKind = 'retest' | 'gate' | 'batch';
export type RetestStatus = 'ready' | 'running' | 'paused' | 'done' | 'cancelled';

/** A re-test run (migration 0007): questions asked again of a target version. */
export interface RetestRunsTable {
  id: Generated<number>;
  kind: RetestKind;
  poc_id: number;
  target_model_id: number;
  user_id: number;
  title: string;
  status: ColumnType<RetestStatus, RetestStatus | undefined, RetestStatus>;
  paused_reason: string | null;
  created_at: CreatedAt;
  finished_at: Date | null;
}

/** One question of a run: what it re-asks, and the log that answered it once asked. */
export interface RetestItemsTable {
  run_id: number;
  position: number;
  source_log_id: number | null;
  question: string;
  system_prompt: string | null;
  expected_answer: string | null;
  new_log_id: number | null;
  error: string | null;
}

export type ReviewSettlement = 'agreement' | 'lead';

/** A log under review (migration 0009): how many reviews settle it, its lead, the first rater's verdict, how it was settled. */
export interface ReviewAssignmentsTable {
  log_id: number;
  required_reviews: number;
  assigned_by: number;
  assigned_at: CreatedAt;
  original_evaluation: Evaluation | null;
  original_reason: string | null;
  original_correct_answer: string | null;
  original_priority: Priority | null;
  /** NULL: the log had not been rated when it was assigned. */
  original_evaluated_at: Date | null;
  settled_at: Date | null;
  settled_by: ReviewSettlement | null;
}

/** Who reviews a log under review (migration 0009). */
export interface ReviewAssigneesTable {
  log_id: number;
  reviewer_id: number;
}

/** One reviewer's own verdict on a log (migration 0009); one per log and reviewer. */
export interface LogReviewsTable {
  id: Generated<number>;
  log_id: number;
  reviewer_id: number;
  evaluation: Evaluation;
  reason: string | null;
  correct_answer: string | null;
  priority: Priority | null;
  reviewed_at: CreatedAt;
}

/** The lead's final verdict where the reviewers disagreed (migration 0009). */
export interface ReviewAdjudicationsTable {
  log_id: number;
  lead_id: number;
  picked_review_id: number | null;
  evaluation: Evaluation;
  reason: string | null;
  correct_answer: string | null;
  priority: Priority | null;
  decided_at: CreatedAt;
}

/** A PoC's rating guidelines (migration 0009): a row per save, the latest is current. */
export interface ReviewGuidelinesTable {
  id: Generated<number>;
  poc_id: number;
  body: string;
  saved_by: number | null;
  saved_at: CreatedAt;
}

/** A teacher model's draft of a correction, recorded when a person saved it (migration 0009). */
export interface CorrectionDraftsTable {
  id: Generated<number>;
  log_id: number;
  model_id: number;
  drafted_at: Date;
  draft: string;
  edited: boolean;
  saved_by: number;
  saved_at: CreatedAt;
  review_id: number | null;
}

export type AbSource = 'logs' | 'questions' | 'sample';
export type AbStatus = 'ready' | 'running' | 'paused' | 'done';
export type AbChoice = 'A' | 'B' | 'tie';

/** A blind A/B run (migration 0008): two models answer the same questions. */
export interface AbRunsTable {
  id: Generated<number>;
  poc_id: number;
  first_model_id: number;
  second_model_id: number;
  source: AbSource;
  user_id: number;
  title: string;
  status: ColumnType<AbStatus, AbStatus | undefined, AbStatus>;
  paused_reason: string | null;
  created_at: CreatedAt;
}

/** One question of an A/B run: which model is A (drawn at random, hidden until a vote) and the answers. */
export interface AbItemsTable {
  id: Generated<number>;
  run_id: number;
  position: number;
  source_log_id: number | null;
  question: string;
  system_prompt: string | null;
  a_model_id: number;
  b_model_id: number;
  a_log_id: number | null;
  b_log_id: number | null;
  error: string | null;
}

/** One voter's verdict on one item (at most one per voter and item). */
export interface AbVotesTable {
  id: Generated<number>;
  item_id: number;
  user_id: number;
  choice: AbChoice;
  reason: string | null;
  voted_at: CreatedAt;
}

export interface Database {
  poc: PocTable;
  users: UsersTable;
  models: ModelsTable;
  sessions: SessionsTable;
  conversation_logs: ConversationLogsTable;
  export_split_assignments: ExportSplitAssignmentsTable;
  training_exports: TrainingExportsTable;
  training_export_log_sets: TrainingExportLogSetsTable;
  model_lineage: ModelLineageTable;
  retest_runs: RetestRunsTable;
  retest_items: RetestItemsTable;
  review_assignments: ReviewAssignmentsTable;
  review_assignees: ReviewAssigneesTable;
  log_reviews: LogReviewsTable;
  review_adjudications: ReviewAdjudicationsTable;
  review_guidelines: ReviewGuidelinesTable;
  correction_drafts: CorrectionDraftsTable;
  ab_runs: AbRunsTable;
  ab_items: AbItemsTable;
  ab_votes: AbVotesTable;
}

export type Poc = Selectable<PocTable>;
export type User = Selectable<UsersTable>;
export type Model = Selectable<ModelsTable>;
export type NewModel = Insertable<ModelsTable>;
export type Session = Selectable<SessionsTable>;
export type ConversationLog = Selectable<ConversationLogsTable>;
export type ConversationLogUpdate = Updateable<ConversationLogsTable>;
