// Over 400 lines: one interface per table, the whole database in one place so Kysely can type every query against it.
import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely. Geometry columns are written through `sql` fragments and read as GeoJSON. */
type Geometry = ColumnType<unknown, unknown, unknown>;
type Ts = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface DivisionsTable {
  code: string;
  parent_code: string | null;
  level: 'province' | 'prefecture' | 'city' | 'town' | 'village';
  kind: string | null;
  name: string;
  short_name: string;
  path: string;
  boundary: Geometry | null;
  centroid: Geometry | null;
  land_area_km2: number | null;
  cultivated_area_km2: number | null;
  population: number | null;
  boundary_synthetic: Generated<boolean>;
  population_synthetic: Generated<boolean>;
}

export type Role = 'inspector' | 'town_officer' | 'city_office' | 'department' | 'supervisor' | 'admin';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  division_code: string;
  department: string | null;
  phone: string | null;
  active: Generated<boolean>;
  created_at: Ts;
  /** Set when repeated failed logins locked the account; it opens again at this time (or when an admin unlocks it). */
  locked_until: Ts | null;
  /** Set when an admin or the operator set the password: the next login must change it first. */
  must_change_password: Generated<boolean>;
  password_changed_at: Ts | null;
}

export interface LoginAttemptsTable {
  id: Generated<string>;
  username: string;
  address: string;
  succeeded: boolean;
  at: Ts;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Ts;
  expires_at: Ts;
  /** The last request (to a minute): the session ends after SESSION_IDLE_MINUTES without one. */
  last_seen_at: Ts;
  address: string | null;
}

/** Hashes of an account's recent passwords: a new one may not repeat the last five. */
export interface PasswordHistoryTable {
  id: Generated<string>;
  user_id: string;
  password_hash: string;
  set_at: Ts;
}

export interface CaseCountersTable {
  year: number;
  last_no: number;
}

/** The numbering of each item kind but violations (JS-2026-000001 …): per prefix and year. */
export interface ItemCountersTable {
  prefix: string;
  year: number;
  last_no: number;
}

export interface CasesTable {
  id: string;
  case_no: string;
  client_id: string | null;
  client_fingerprint: ColumnType<string | null, string | null | undefined, string | null>;
  location: Geometry;
  location_geog: Geometry;
  lon: number;
  lat: number;
  footprint: Geometry | null;
  division_code: string;
  town_code: string;
  division_path: string;
  origin: 'stock' | 'new';
  category: Generated<string>;
  area_m2: number | null;
  floors: number | null;
  structure: string | null;
  use: string | null;
  land_type: string | null;
  on_cultivated_land: Generated<boolean>;
  on_basic_farmland: Generated<boolean>;
  owner_kind: string | null;
  owner_name: string | null;
  owner_id_number: string | null;
  owner_phone: string | null;
  enterprise_name: string | null;
  enterprise_uscc: string | null;
  source: string;
  address_group: string | null;
  address_house_no: string | null;
  address_text: string | null;
  safety_risk: Generated<string>;
  status: string;
  disposal_class: string | null;
  remedy_ref: string | null;
  defer_reason: string | null;
  review_date: ColumnType<string | null, string | null, string | null>;
  reject_reason: string | null;
  duplicate_of: string | null;
  note: string | null;
  found_at: Ts;
  reported_by: string | null;
  deadline_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  verified_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  classified_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  closed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
  /** The census import (存量普查导入) that brought the case, if any; set with the case in one transaction. */
  import_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** the item kind (shared/item-kinds.ts): violation (illegal building), campaign_item, waterlogging */
  kind: ColumnType<string, string | undefined, string>;
  /** the kind's extra fields (积水深度 …), as the kind declares them */
  extra: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The campaign (专项整治) a campaign_item belongs to. */
  campaign_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface CaseExternalRefsTable {
  case_id: string;
  system: string;
  external_id: string;
  created_at: Ts;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: string;
  at: Ts;
  actor_id: string | null;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
}

export interface CaseHistoryTable {
  case_id: string;
  version: number;
  valid_from: Ts;
  valid_to: ColumnType<Date | null, Date | string | null, Date | string | null>;
  status: string;
  disposal_class: string | null;
  origin: string;
  division_code: string;
  town_code: string;
  area_m2: number | null;
  data: Json<Record<string, unknown>>;
  /** the item kind (violation, campaign_item, waterlogging) */
  kind: ColumnType<string, string | undefined, string>;
}

export interface PhotosTable {
  id: string;
  case_id: string;
  stage: 'before' | 'during' | 'after';
  sha256: string;
  blob_key: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  captured_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  capture_location: Geometry | null;
  capture_accuracy_m: number | null;
  exif: Json<Record<string, unknown> | null>;
  uploaded_by: string | null;
  uploaded_at: Ts;
  display_key: string | null;
  thumb_key: string | null;
  phash: string | null;
  evidence: Json<Record<string, unknown> | null>;
  /** The watermark lines of the display copy as drawn ([] none; null: stored before they were kept). */
  watermark: Json<string[] | null>;
}

export interface CaseDuplicateCandidatesTable {
  case_id: string;
  candidate_id: string;
  score: number;
  distance_m: number;
  factors: Json<Record<string, unknown>>;
  created_at: Ts;
  resolution: 'merged' | 'dismissed' | null;
  resolved_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  resolved_by: string | null;
}

export interface PatrolTracksTable {
  id: string;
  client_id: string;
  client_fingerprint: string;
  user_id: string;
  division_path: string;
  started_at: Ts;
  ended_at: Ts;
  point_count: number;
  length_m: number;
  geom: Geometry;
  points: Json<unknown[]>;
  created_at: Ts;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Ts;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: Json;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  run_at: Ts;
  locked_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  locked_by: string | null;
  last_error: string | null;
  created_at: Ts;
  finished_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string | null;
  case_id: string | null;
  created_at: Ts;
  read_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface DocumentCountersTable {
  unit_code: string;
  kind: string;
  year: number;
  last_no: number;
}

export interface CaseDocumentsTable {
  id: string;
  case_id: string;
  kind: 'demolition_order' | 'reminder' | 'delivery_receipt';
  doc_no: string;
  refers_to: string | null;
  issued_at: Ts;
  issued_by: string | null;
  content: Json<Record<string, unknown>>;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_by: string | null;
  updated_at: Ts;
}

export interface CalendarDaysTable {
  day: ColumnType<string, string, string>;
  kind: 'holiday' | 'workday';
  name: string;
  updated_by: string | null;
  updated_at: Ts;
}

export interface NoticeCountersTable {
  town_code: string;
  year: number;
  last_no: number;
}

export interface SupervisionNoticesTable {
  id: string;
  notice_no: string;
  case_id: string;
  town_code: string;
  division_path: string;
  level: 'town' | 'city';
  step: string;
  reason: string;
  deadline_missed: ColumnType<string, string, string>;
  issued_at: Ts;
  reply_due: ColumnType<string, string, string>;
  status: 'open' | 'replied' | 'escalated';
  reply_text: string | null;
  replied_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  replied_by: string | null;
  escalated_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface CaseTasksTable {
  id: string;
  case_id: string;
  department: string;
  title: string;
  deadline: ColumnType<string, string, string>;
  status: 'open' | 'done';
  result: string | null;
  created_by: string | null;
  created_at: Ts;
  done_by: string | null;
  done_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
}

export interface DB {
  divisions: DivisionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  password_history: PasswordHistoryTable;
  login_attempts: LoginAttemptsTable;
  case_counters: CaseCountersTable;
  item_counters: ItemCountersTable;
  cases: CasesTable;
  case_external_refs: CaseExternalRefsTable;
  case_events: CaseEventsTable;
  case_history: CaseHistoryTable;
  photos: PhotosTable;
  case_duplicate_candidates: CaseDuplicateCandidatesTable;
  patrol_tracks: PatrolTracksTable;
  settings: SettingsTable;
  document_counters: DocumentCountersTable;
  case_documents: CaseDocumentsTable;
  notifications: NotificationsTable;
  calendar_days: CalendarDaysTable;
  notice_counters: NoticeCountersTable;
  supervision_notices: SupervisionNoticesTable;
  case_tasks: CaseTasksTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
}

// Governance index (无违建治理指数): definitions, runs, results. Declared as a second part of `DB`
// (interfaces merge), so the index module's tables stay in this one block.
export interface IndexDefinitionsTable {
  version: number;
  label: string;
  body: Json;
  note: string | null;
  created_by: string | null;
  created_at: Ts;
}

export interface IndexRunsTable {
  id: string;
  period: string;
  period_start: Ts;
  period_end: Ts;
  definition_version: number;
  definition: Json;
  options: Json;
  seed: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  error: string | null;
  summary: Json | null;
  requested_by: string | null;
  requested_at: Ts;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface IndexResultsTable {
  run_id: string;
  division_code: string;
  level: 'town' | 'village';
  parent_code: string | null;
  division_path: string;
  score: number;
  rank: number;
  rank_in_town: number | null;
  color: 'green' | 'blue' | 'yellow' | 'orange' | 'red';
  detail: Json;
}

/** A finished period's measures of one village (docs/scale.md, "a month-end summary per village"). */
export interface IndexMonthMeasuresTable {
  period: string;
  period_end: Ts;
  /** the statement's version and the definition's flowWindowMonths, quickRemovalDays, redecisionDays: 'v1f12q120r90' */
  params: string;
  division_code: string;
  county_code: string;
  measures: Json<Record<string, number | null>>;
  computed_at: Ts;
}

/** Rows deleted (division_code null: every village; after: only periods ending after it); a run whose snapshot did not see it does not store. */
export interface IndexMeasuresForgottenTable {
  id: Generated<string>;
  division_code: string | null;
  after: ColumnType<Date | null, Date | string | null, Date | string | null>;
  /** the deleting transaction (txid_current) */
  xid: string;
  at: Ts;
}

export interface DB {
  index_definitions: IndexDefinitionsTable;
  index_runs: IndexRunsTable;
  index_results: IndexResultsTable;
  index_month_measures: IndexMonthMeasuresTable;
  index_measures_forgotten: IndexMeasuresForgottenTable;
}

// Workflow extras: a department task's photos, a case's assignee, the deadline reminders sent.
export interface CaseTaskPhotosTable {
  task_id: string;
  photo_id: string;
}

export interface CaseAssigneesTable {
  case_id: string;
  user_id: string;
  assigned_by: string | null;
  assigned_at: Ts;
}

export interface DeadlineRemindersTable {
  case_id: string;
  step: string;
  deadline: ColumnType<string, string, string>;
  sent_at: Ts;
}

export interface DB {
  case_task_photos: CaseTaskPhotosTable;
  case_assignees: CaseAssigneesTable;
  deadline_reminders: DeadlineRemindersTable;
}

// Census imports (存量普查导入): an uploaded ledger, and what became of each of its rows.
export interface CaseImportsTable {
  id: string;
  filename: string;
  file_key: string;
  file_sha256: string;
  file_size: number;
  status: ColumnType<'queued' | 'running' | 'done' | 'failed', 'queued' | 'running' | 'done' | 'failed' | undefined, 'queued' | 'running' | 'done' | 'failed'>;
  total_rows: number;
  rows_done: Generated<number>;
  created_count: Generated<number>;
  rejected_count: Generated<number>;
  error: string | null;
  requested_by: string;
  division_code: string;
  division_path: string;
  created_at: Ts;
  started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface CaseImportRowsTable {
  import_id: string;
  row_no: number;
  case_id: string | null;
  /** Why the row was rejected: [{ column, message }] (zh-CN); null for a row that made a case. */
  reasons: Json<{ column: string | null; message: string }[] | null>;
  /** The row's cells as read, by template column key (for the error workbook). */
  raw: Json<Record<string, string>>;
}

export interface DB {
  case_imports: CaseImportsTable;
  case_import_rows: CaseImportRowsTable;
}

// Supervision alerts (公权力监督预警): the rules as data, the alerts raised once per situation, their status steps.
export interface AlertRulesTable {
  code: string;
  enabled: boolean;
  severity: 'high' | 'medium' | 'low';
  thresholds: Json<Record<string, number>>;
  description: string;
  version: Generated<number>;
  updated_by: string | null;
  updated_at: Ts;
}

export interface AlertsTable {
  id: string;
  rule: string;
  severity: 'high' | 'medium' | 'low';
  status: 'open' | 'under_review' | 'dismissed' | 'confirmed' | 'referred';
  situation_key: string;
  case_ids: ColumnType<string[], string[], never>;
  user_ids: ColumnType<string[], string[], never>;
  division_code: string;
  division_path: string;
  summary: string;
  evidence: Json<Record<string, unknown>>;
  rule_version: number;
  created_at: Ts;
  /** The import whose untouched cases the alert groups (its members); null: an alert on its own situation. */
  import_id: ColumnType<string | null, string | null | undefined, never>;
}

/** A situation on an imported case nobody has acted on yet, kept in its group's alert instead of raised alone. */
export interface AlertMembersTable {
  alert_id: string;
  rule: string;
  situation_key: string;
  case_id: string;
  user_ids: ColumnType<string[], string[], never>;
  summary: string;
  evidence: Json<Record<string, unknown>>;
  created_at: Ts;
}

export interface AlertStepsTable {
  id: Generated<number>;
  alert_id: string;
  at: Ts;
  actor_id: string | null;
  action: 'raise' | 'review' | 'dismiss' | 'confirm' | 'refer';
  from_status: string | null;
  to_status: string;
  reason: string | null;
  referral_no: string | null;
}

export interface AlertReferralCountersTable {
  year: number;
  last_no: number;
}

export interface AlertSweepsTable {
  day: ColumnType<string, string, string>;
  queued_at: Ts;
}

export interface DB {
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  alert_members: AlertMembersTable;
  alert_steps: AlertStepsTable;
  alert_referral_counters: AlertReferralCountersTable;
  alert_sweeps: AlertSweepsTable;
}

// Two-phase photos (photos module): the original awaited after a reduced copy, and the clientIds of added photos.
export interface PhotoOriginalsTable {
  photo_id: string;
  case_id: string;
  uploaded_by: string;
  declared_sha256: string;
  declared_bytes: ColumnType<number, number, number>;
  declared: Json<Record<string, unknown>>;
  context: Json<Record<string, unknown>>;
  reduced_sha256: string;
  reduced_key: string;
  status: ColumnType<'awaiting' | 'verified' | 'refused', 'awaiting' | 'verified' | 'refused' | undefined, 'awaiting' | 'verified' | 'refused'>;
  upload_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Ts;
  due_at: Ts;
  received_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  received_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  received_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  mismatches: ColumnType<string[] | null, string | null | undefined, string | null>;
  missing_flagged_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PhotoSubmissionsTable {
  client_id: string;
  case_id: string;
  user_id: string;
  fingerprint: string;
  photo_ids: ColumnType<string[], string, string>;
  created_at: Ts;
}

export interface DB {
  photo_originals: PhotoOriginalsTable;
  photo_submissions: PhotoSubmissionsTable;
}

// Responsibility letters (letters module, 责任书): one per town per year.
export interface ResponsibilityLettersTable {
  id: string;
  town_code: string;
  year: number;
  title: string;
  signed_on: ColumnType<string | null, string | null | undefined, string | null>;
  people: Json<{ name: string; post: string; phone: string | null }[]>;
  target_stock_count: number | null;
  target_stock_area: ColumnType<string | null, number | null | undefined, number | null>;
  target_farmland_zero: ColumnType<boolean, boolean | undefined, boolean>;
  target_safety_rate: ColumnType<string | null, number | null | undefined, number | null>;
  target_campaign_rate: ColumnType<string | null, number | null | undefined, number | null>;
  note: string | null;
  file_key: ColumnType<string | null, string | null | undefined, string | null>;
  file_mime: ColumnType<string | null, string | null | undefined, string | null>;
  file_name: ColumnType<string | null, string | null | undefined, string | null>;
  file_bytes: ColumnType<number | null, number | null | undefined, number | null>;
  file_sha256: ColumnType<string | null, string | null | undefined, string | null>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface DB {
  responsibility_letters: ResponsibilityLettersTable;
}

// Campaigns (专项整治, campaigns module): their items are cases of kind campaign_item (cases.campaign_id).
export interface CampaignsTable {
  id: string;
  name: string;
  description: string | null;
  scope_divisions: ColumnType<string[], string[] | undefined, string[]>;
  scope_area: Geometry;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  units: ColumnType<string[], string[] | undefined, string[]>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface DB {
  campaigns: CampaignsTable;
}

// The province's and prefecture's point lists (上级下发点位, external module): sources, imports, points.
export type ExternalMatchStatus = 'matched' | 'conflict' | 'unmatched' | 'new_case';
export interface ExternalSourcesTable {
  id: string;
  code: string;
  name: string;
  case_source: ColumnType<'provincial' | 'prefecture', 'provincial' | 'prefecture' | undefined, 'provincial' | 'prefecture'>;
  mapping: Json<Record<string, string>>;
  crs: ColumnType<'wgs84' | 'gcj02', 'wgs84' | 'gcj02' | undefined, 'wgs84' | 'gcj02'>;
  encoding: ColumnType<'auto' | 'utf-8' | 'gbk', 'auto' | 'utf-8' | 'gbk' | undefined, 'auto' | 'utf-8' | 'gbk'>;
  match_radius_m: ColumnType<number, number | undefined, number>;
  export_layout: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_by: string | null;
  created_at: Ts;
  updated_at: Ts;
}
export interface ExternalImportsTable {
  id: string;
  source_id: string;
  filename: string;
  file_key: string;
  file_sha256: string;
  file_size: number;
  format: string;
  encoding: string | null;
  total_rows: number;
  counts: Json<Record<string, number>>;
  report: Json<unknown[]>;
  imported_by: string;
  imported_at: Ts;
}
export interface ExternalPointsTable {
  id: string;
  source_id: string;
  external_id: string;
  raw: Json<Record<string, string>>;
  raw_hash: string;
  row_no: number | null;
  lon: number;
  lat: number;
  location: Geometry;
  location_geog: Geometry;
  address: string | null;
  description: string | null;
  town_name: string | null;
  category: string | null;
  found_on: ColumnType<string | null, string | null | undefined, string | null>;
  division_code: string;
  division_path: string;
  match_status: ExternalMatchStatus;
  case_id: string | null;
  candidates: Json<unknown[]>;
  match_note: string | null;
  decided_by: string | null;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  first_import_id: string | null;
  last_import_id: string | null;
  created_at: Ts;
  updated_at: Ts;
}

export interface DB {
  external_sources: ExternalSourcesTable;
  external_imports: ExternalImportsTable;
  external_points: ExternalPointsTable;
}

// Change patches (patches module, 变化图斑): batches of satellite/drone change polygons and their field checks.
export interface PatchBatchesTable {
  id: string;
  batch_no: string;
  source: 'satellite' | 'drone';
  detected_on: ColumnType<string, string, string>;
  due_on: ColumnType<string, string, string>;
  file_name: string;
  file_sha256: string;
  file_format: string;
  crs: string;
  patch_count: number;
  matched_count: number;
  match_meters: number;
  note: string | null;
  imported_by: string | null;
  imported_at: Ts;
}

export interface PatchesTable {
  id: string;
  batch_id: string;
  code: string;
  geom: Geometry;
  point: Geometry;
  point_geog: Geometry;
  area_m2: ColumnType<string, number, number>;
  division_code: string;
  town_code: string;
  division_path: string;
  attrs: Json<Record<string, unknown>>;
  status: 'pending' | 'submitted' | 'verified';
  verdict: 'violation' | 'legal' | 'known' | 'not_found' | null;
  verdict_note: string | null;
  verdict_by: string | null;
  verdict_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  verdict_lon: number | null;
  verdict_lat: number | null;
  /** The phone's clientId of the verdict the patch took (a resend is recognised by it); kept after a send-back. */
  verdict_client_id: string | null;
  matched_by_import: boolean;
  match_distance_m: number | null;
  match_overlap_m2: number | null;
  case_id: string | null;
  reviewed_by: string | null;
  reviewed_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  return_reason: string | null;
  returned_count: number;
  version: number;
  created_at: Ts;
  updated_at: Ts;
}

export interface PatchPhotosTable {
  id: string;
  patch_id: string;
  sha256: string;
  blob_key: string;
  display_key: string;
  thumb_key: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  captured_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  lon: number | null;
  lat: number | null;
  kind: 'photo' | 'proof';
  uploaded_by: string | null;
  uploaded_at: Ts;
}

export interface DB {
  patch_batches: PatchBatchesTable;
  patches: PatchesTable;
  patch_photos: PatchPhotosTable;
}
