import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'admin' | 'staff' | 'director' | 'committee';
export type CyclePhase = 'inventory' | 'prioritisation' | 'concretisation' | 'published' | 'evaluated';
export type CommitteeKind = 'scientific' | 'user';
export type Membership = 'member' | 'chair' | 'observer';
export type SourceKind = 'vraagpunt' | 'survey' | 'focusgroup' | 'other';
export type Level =
  'kleuter' | 'lager' | 'secundair' | 'buitengewoon' | 'volwassenen' | 'hoger' | 'meerdere' | 'onbekend';
export type AskerRole =
  'leraar' | 'directie' | 'zorgcoördinator' | 'pedagogisch begeleider' | 'lerarenopleider' | 'CLB' | 'ouder' | 'anders';
export type QuestionStatus = 'active' | 'out_of_scope' | 'duplicate';
export type RoundStatus = 'draft' | 'open' | 'closed';
export type RoundKind = 'rating' | 'feedback';
export type ScaleKind = 'scale' | 'ranking';
export type ConflictKind = 'none' | 'general' | 'theme';
export type FeedbackCategory = 'gaps' | 'literature' | 'naming' | 'fit';
export type EvidenceStatus = 'unchecked' | 'enough' | 'too_little';
export type OutputKind = 'guide' | 'valorisation' | 'research';
export type OutputStatus = 'planned' | 'in_progress' | 'delivered' | 'cancelled';
export type AgendaVersionStatus = 'proposed' | 'approved' | 'rejected' | 'published';
export type RaterDecision = 'kept' | 'revised' | 'excluded';

/** When a theme has reached consensus in a round: enough scores in the top third of the scale, a narrow IQR. */
export interface ConsensusRule {
  /** Share of scores (0–1) that must lie in the top third of the scale. */
  topShare: number;
  /** Largest interquartile range of the scores. */
  maxIqr: number;
}

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** `date` columns come back as `YYYY-MM-DD` strings (type parsers set in db/types.ts). */
type DateOnly = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

export interface RejectedRow {
  row: number;
  column?: string | null;
  reason: string;
}

/** Which role each column of an imported file plays (text, level, role, date, personal data, …). */
export interface ColumnMapping {
  columns: { column: string; role: ColumnRole }[];
}

export type ColumnRole =
  'text' | 'level' | 'role' | 'date' | 'respondent' | 'name' | 'email' | 'phone' | 'ip' | 'consent' | 'ignore';

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: Generated<Date>;
  disabled_at: Timestamp | null;
  /** Wrong passwords since the last good login or the last lockout. */
  failed_logins: Generated<number>;
  /** While in the future, every login of this account is refused. */
  locked_until: Timestamp | null;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface CyclesTable {
  id: Generated<number>;
  name: string;
  starts_on: DateOnly;
  ends_on: DateOnly;
  phase: ColumnType<CyclePhase, CyclePhase | undefined, CyclePhase>;
  created_at: Generated<Date>;
}

export interface CommitteesTable {
  id: Generated<number>;
  cycle_id: number;
  kind: CommitteeKind;
  name: string;
  /** Members and chairs: those who rate. */
  max_members: number;
  max_observers: ColumnType<number, number | undefined, number>;
}

export interface CommitteeMembersTable {
  committee_id: number;
  user_id: number;
  membership: Membership;
  joined_at: Generated<Date>;
}

export interface InvitationsTable {
  id: Generated<number>;
  committee_id: number;
  email: string;
  name: string;
  membership: Membership;
  token_hash: string;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: number | null;
  revoked_at: Timestamp | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface SourcesTable {
  id: Generated<number>;
  cycle_id: number;
  kind: SourceKind;
  name: string;
  participant_count: number | null;
  mapping: ColumnType<ColumnMapping | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  source_id: number;
  file_name: string;
  sha256: string;
  encoding: string;
  delimiter: string;
  text_columns: Json<string[]>;
  row_count: number;
  question_count: number;
  duplicate_count: number;
  rejected: Json<RejectedRow[]>;
  format: ColumnType<string, string | undefined, string>;
  header_rows: ColumnType<number, number | undefined, number>;
  mapping: ColumnType<ColumnMapping, string | undefined, string>;
  size_bytes: ColumnType<number, number | undefined, number>;
  cells_split: ColumnType<number, number | undefined, number>;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface PersonalDataTable {
  id: Generated<number>;
  batch_id: number;
  row_number: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  ip: string | null;
  consent: boolean | null;
  created_at: Generated<Date>;
}

export type ClusteringRunStatus = 'running' | 'done' | 'failed' | 'accepted' | 'discarded';
/** What a running run is doing: waiting for its worker, grouping, storing the result. */
export type ClusteringRunPhase = 'queued' | 'grouping' | 'storing';
/** Why a run failed: the grouping stopped with an error, or the server stopped while it ran. */
export type ClusteringRunError = 'failed' | 'interrupted';

/** A theme a run started from (last cycle's, an uploaded list, the current themes). */
export interface SeedThemeRecord {
  name: string;
  description: string;
  examples: string[];
}

/** Runs stored before the 2026-11-23T1400 migration lack `kCandidates`. */
export interface ClusteringRunMetrics {
  inertia: number;
  silhouette: number | null;
  unassigned: number;
  kCandidates?: { k: number; silhouette: number | null }[];
}

export interface ClusteringRunsTable {
  id: Generated<number>;
  cycle_id: number;
  method: string;
  params: Json<Record<string, unknown>>;
  seed: number;
  /** Known once the run is done, as are metrics and duration. */
  k: number | null;
  metrics: ColumnType<ClusteringRunMetrics | null, string | null | undefined, string | null>;
  duration_ms: number | null;
  status: ClusteringRunStatus;
  phase: ClusteringRunPhase | null;
  error: ClusteringRunError | null;
  error_detail: string | null;
  seed_themes: ColumnType<SeedThemeRecord[], string | undefined, string>;
  question_count: ColumnType<number, number | undefined, number>;
  finished_at: Timestamp | null;
  decided_at: Timestamp | null;
  decided_by: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface ClusteringRunThemesTable {
  run_id: number;
  /** 0…k-1; seed themes first, in the order given. */
  cluster: number;
  label: string;
  description: ColumnType<string, string | undefined, string>;
  keywords: Json<string[]>;
  size: number;
  representative_question_ids: Json<number[]>;
  seed_name: string | null;
}

export interface ClusteringRunAssignmentsTable {
  run_id: number;
  question_id: number;
  /** -1: left unassigned by the run. */
  cluster: number;
  confidence: number;
  terms: Json<string[]>;
}

export interface ThemesTable {
  id: Generated<number>;
  cycle_id: number;
  run_id: number | null;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  keywords: ColumnType<string[], string | undefined, string>;
  representative_question_ids: ColumnType<number[], string | undefined, string>;
  is_overarching: ColumnType<boolean, boolean | undefined, boolean>;
  /** Re-clustering keeps a locked theme and its questions. */
  locked: ColumnType<boolean, boolean | undefined, boolean>;
  version: ColumnType<number, number | undefined, number>;
  is_ad_hoc: ColumnType<boolean, boolean | undefined, boolean>;
  ad_hoc_justification: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface QuestionsTable {
  id: Generated<number>;
  cycle_id: number;
  source_id: number;
  batch_id: number;
  row_number: number;
  column_name: string;
  text: string;
  text_hash: string;
  level: ColumnType<Level, Level | undefined, Level>;
  asker_role: AskerRole | null;
  asked_on: DateOnly | null;
  status: ColumnType<QuestionStatus, QuestionStatus | undefined, QuestionStatus>;
  theme_id: number | null;
  split_index: ColumnType<number, number | undefined, number>;
  split_of: ColumnType<number, number | undefined, number>;
  cell_text: string | null;
  /** Why staff put the question out of scope (status 'out_of_scope'). */
  out_of_scope_reason: string | null;
  created_at: Generated<Date>;
}

export type DuplicateStatus = 'proposed' | 'confirmed' | 'rejected';
export type SubmissionStatus = 'new' | 'accepted' | 'out_of_scope' | 'duplicate';

/** A question sent through the public Vraagpunt form, in the staff inbox until triaged. */
export interface SubmissionsTable {
  id: Generated<number>;
  /** The open (or next) cycle when it arrived; null while no cycle takes questions. */
  cycle_id: number | null;
  text: string;
  level: ColumnType<Level, Level | undefined, Level>;
  asker_role: AskerRole | null;
  /** Kept only with `contact_consent`. */
  name: string | null;
  email: string | null;
  contact_consent: ColumnType<boolean, boolean | undefined, boolean>;
  locale: string;
  status: ColumnType<SubmissionStatus, SubmissionStatus | undefined, SubmissionStatus>;
  out_of_scope_reason: string | null;
  duplicate_of: number | null;
  /** The question it became: accepted, or kept as a duplicate for the demand it shows. */
  question_id: number | null;
  decided_by: number | null;
  decided_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: Generated<Date>;
}

export interface DuplicateLinksTable {
  id: Generated<number>;
  cycle_id: number;
  question_id: number;
  duplicate_of: number;
  similarity: number;
  exact: boolean;
  status: ColumnType<DuplicateStatus, DuplicateStatus | undefined, DuplicateStatus>;
  decided_by: number | null;
  decided_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface RatingRoundsTable {
  id: Generated<number>;
  cycle_id: number;
  name: string;
  scale_min: number;
  scale_max: number;
  status: ColumnType<RoundStatus, RoundStatus | undefined, RoundStatus>;
  blind: ColumnType<boolean, boolean | undefined, boolean>;
  opened_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_by: number | null;
  created_at: Generated<Date>;
  kind: ColumnType<RoundKind, RoundKind | undefined, RoundKind>;
  scale_kind: ColumnType<ScaleKind, ScaleKind | undefined, ScaleKind>;
  rank_top_n: number | null;
  opens_at: Timestamp | null;
  closes_at: Timestamp | null;
  previous_round_id: number | null;
  consensus: Json<ConsensusRule> | null;
  description: ColumnType<string, string | undefined, string>;
}

export interface RoundThemesTable {
  round_id: number;
  theme_id: number;
}

export interface RoundCommitteesTable {
  round_id: number;
  committee_id: number;
}

export interface RoundCriteriaTable {
  id: Generated<number>;
  round_id: number;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  weight: ColumnType<number, number | undefined, number>;
  position: number;
}

export interface ScoresTable {
  round_id: number;
  theme_id: number;
  criterion_id: number;
  user_id: number;
  /** Null when the member answered "weet ik niet". */
  value: number | null;
  dont_know: ColumnType<boolean, boolean | undefined, boolean>;
  /** Why a Delphi score differs from the member's earlier one. */
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface BallotCommentsTable {
  round_id: number;
  theme_id: number;
  user_id: number;
  comment: string;
  updated_at: Generated<Date>;
}

export interface RoundSubmissionsTable {
  round_id: number;
  user_id: number;
  submitted_at: Generated<Date>;
}

export interface ConflictDeclarationsTable {
  id: Generated<number>;
  round_id: number;
  user_id: number;
  kind: ConflictKind;
  theme_id: number | null;
  description: ColumnType<string, string | undefined, string>;
  declared_at: Generated<Date>;
}

export interface ThemeFeedbackTable {
  id: Generated<number>;
  round_id: number;
  theme_id: number;
  user_id: number;
  category: FeedbackCategory;
  text: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  handled_at: Timestamp | null;
  handled_by: number | null;
}

/** One change within a curation step: "rename" with { from, to }, "move" with { count, from, fromBins, to }, … */
export interface CurationStepPartRow {
  kind: string;
  params: Record<string, string | number | string[]>;
}

/** One curation step with what undoing it needs. */
export interface CurationOperationsTable {
  id: Generated<number>;
  cycle_id: number;
  actor_id: number | null;
  at: Generated<Date>;
  kind: string;
  summary: string;
  /** What each change of the step did, as data (kind and params); empty for steps older than the column. */
  parts: ColumnType<CurationStepPartRow[], string | undefined, string>;
  before: Json<unknown>;
  after: Json<unknown>;
  undone_at: Date | null;
  undone_by: number | null;
}

/** A school year (1 September – 31 August) of a cycle and how many themes it can take. */
export interface SchoolYearsTable {
  cycle_id: number;
  starts_on: DateOnly;
  ends_on: DateOnly;
  capacity: ColumnType<number, number | undefined, number>;
}

/** Where a theme sits on the timeline; a null year: not placed. */
export interface ThemePlacementsTable {
  theme_id: number;
  cycle_id: number;
  year_starts_on: ColumnType<string | null, string | null | undefined, string | null>;
  pinned: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
  reason: Json<unknown> | null;
  placed_by: number | null;
  placed_at: Generated<Date>;
}

/** `theme_id` may not be placed before `after_theme_id`. */
export interface ThemeDependenciesTable {
  theme_id: number;
  after_theme_id: number;
}

export interface ThemeRoutesTable {
  theme_id: number;
  evidence_status: ColumnType<EvidenceStatus, EvidenceStatus | undefined, EvidenceStatus>;
  planned_output: OutputKind | null;
  note: ColumnType<string, string | undefined, string>;
  updated_by: number | null;
  updated_at: Generated<Date>;
}

export interface ThemeOutputsTable {
  id: Generated<number>;
  theme_id: number;
  kind: OutputKind;
  title: string;
  url: string | null;
  status: ColumnType<OutputStatus, OutputStatus | undefined, OutputStatus>;
  planned_on: DateOnly | null;
  delivered_on: DateOnly | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OutputQuestionsTable {
  output_id: number;
  question_id: number;
}

/** A proposed, approved, rejected or published version of the agenda; the snapshot never changes. */
export interface AgendaVersionsTable {
  id: Generated<number>;
  cycle_id: number;
  number: number | null;
  status: ColumnType<AgendaVersionStatus, AgendaVersionStatus | undefined, AgendaVersionStatus>;
  snapshot: Json<unknown>;
  proposal_note: ColumnType<string, string | undefined, string>;
  proposed_by: number | null;
  proposed_at: Generated<Date>;
  review_note: ColumnType<string, string | undefined, string>;
  reviewed_by: number | null;
  reviewed_at: Timestamp | null;
  published_by: number | null;
  published_at: Timestamp | null;
}

/** How staff handled a rater the analytics flagged as unusual. */
export interface RaterReviewsTable {
  round_id: number;
  user_id: number;
  decision: RaterDecision;
  note: ColumnType<string, string | undefined, string>;
  decided_by: number | null;
  decided_at: Generated<Date>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  cycles: CyclesTable;
  committees: CommitteesTable;
  committee_members: CommitteeMembersTable;
  invitations: InvitationsTable;
  sources: SourcesTable;
  import_batches: ImportBatchesTable;
  personal_data: PersonalDataTable;
  clustering_runs: ClusteringRunsTable;
  clustering_run_themes: ClusteringRunThemesTable;
  clustering_run_assignments: ClusteringRunAssignmentsTable;
  themes: ThemesTable;
  questions: QuestionsTable;
  duplicate_links: DuplicateLinksTable;
  rating_rounds: RatingRoundsTable;
  round_themes: RoundThemesTable;
  round_committees: RoundCommitteesTable;
  round_criteria: RoundCriteriaTable;
  scores: ScoresTable;
  ballot_comments: BallotCommentsTable;
  round_submissions: RoundSubmissionsTable;
  conflict_declarations: ConflictDeclarationsTable;
  theme_feedback: ThemeFeedbackTable;
  audit_log: AuditLogTable;
  curation_operations: CurationOperationsTable;
  school_years: SchoolYearsTable;
  theme_placements: ThemePlacementsTable;
  theme_dependencies: ThemeDependenciesTable;
  theme_routes: ThemeRoutesTable;
  theme_outputs: ThemeOutputsTable;
  output_questions: OutputQuestionsTable;
  agenda_versions: AgendaVersionsTable;
  rater_reviews: RaterReviewsTable;
  submissions: SubmissionsTable;
  app_secrets: AppSecretsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ThemeRow = Selectable<ThemesTable>;
export type QuestionRow = Selectable<QuestionsTable>;
export type NewQuestion = Insertable<QuestionsTable>;
export type RatingRoundRow = Selectable<RatingRoundsTable>;
