import type { Generated, InferResult, Insertable, Selectable, Updateable } from 'kysely';
import type { AuditFields } from '../domain/audit-chain.js';
import type { ExchangeTables } from './exchange-tables.js';

/**
 * Tables as the database holds them. Timestamps and dates are ISO 8601 text
 * on both databases, so that they sort and compare the same way everywhere.
 * Masks are bit sets over `party.bit` and `compartment.bit`.
 */
export interface LabelColumns {
  owner_party: string;
  classification: number;
  releasable_mask: number;
  compartment_mask: number;
}

interface Versioned {
  version: number;
  created_at: string;
  updated_at: string;
}

/** A step of a record's status history: when, from what to what, why, and by whom of which party. */
interface StatusStep {
  id: Generated<number>;
  at: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  party: string;
  user_id: string;
}

export interface PartyTable {
  code: string;
  name: string;
  bit: number;
}

export interface CompartmentTable {
  code: string;
  name: string;
  bit: number;
}

export interface OrganisationTable {
  id: string;
  party: string;
  name: string;
  kind: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  party: string;
  roles: string;
  clearance: number;
  compartment_mask: number;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
  /** Defaults to 1, so that accounts made in bulk need not say it. */
  version: Generated<number>;
  /** Where notifications are e-mailed; none, none are. */
  email: Generated<string | null>;
  /** The language notifications are e-mailed in (migration 0038); none, English. */
  language: Generated<string | null>;
}

export interface UserSessionTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** A raise of a user's clearance or compartments awaiting its security officer (two-person rule). */
export interface ClearanceRequestTable {
  id: string;
  user_id: string;
  party: string;
  clearance: number | null;
  compartment_mask: number;
  requested_by: string;
  requested_at: string;
  status: 'pending' | 'confirmed' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
}

/** Sign-in attempts counted per account, address, or both (domain/sign-in-throttle.ts). */
export interface SignInThrottleTable {
  key: string;
  /** Attempts within the window, right ones taken back. */
  attempts: number;
  last_at: string;
  /** No attempt on this key is checked before then. */
  not_before: string;
}

export interface SourceTable extends LabelColumns, Versioned {
  id: string;
  kind: string;
  title: string;
  publisher: string | null;
  url: string | null;
  published_on: string | null;
  excerpt: string | null;
}

export interface CommissionTable extends LabelColumns, Versioned {
  id: string;
  name: string;
  parties: string;
  classification_table: string;
}

export interface CommissionSessionTable extends LabelColumns, Versioned {
  id: string;
  commission_id: string;
  number: number;
  start_date: string;
  end_date: string;
  place: string;
  host_party: string;
  delegations: string;
  minutes: string | null;
  source_id: string | null;
  status: Generated<string>;
}

export interface WorkPlanTable extends LabelColumns, Versioned {
  id: string;
  commission_id: string;
  session_id: string | null;
  title: string;
  period_start: string;
  period_end: string;
  status: string;
  source_id: string | null;
  /** When every party agreed to close the plan; null while it is not closed. */
  closed_at: Generated<string | null>;
  /** Until when every party may agree to reopen the closed plan. */
  reopen_until: Generated<string | null>;
  /** The plan this draft was rolled over from (migration 0037). */
  rolled_from: Generated<string | null>;
  /** The first version whose approvals received from partners count: proposed at, or changed since (migration 0041). */
  approvals_from: Generated<number>;
}

/** A close or reopening of a plan awaiting every party's agreement (app/plan-close.usecases.ts, app/plan-reopen.usecases.ts). */
export interface PlanJointProposalTable {
  plan_id: string;
  kind: string;
  party: string;
  user_id: string;
  at: string;
  successor_plan_id: string | null;
  /** JSON: Disposition[] (domain/plan-close.ts). */
  dispositions: string;
  comment: string | null;
}

export interface PlanJointAgreementTable {
  plan_id: string;
  party: string;
  user_id: string;
  at: string;
}

export interface PlanDecisionTable {
  id: Generated<number>;
  plan_id: string;
  kind: string;
  party: string;
  user_id: string;
  at: string;
  comment: string | null;
}

export interface ActivityCarryTable {
  activity_id: string;
  copy_id: string;
  successor_plan_id: string;
  at: string;
}

export interface PlanApprovalTable {
  plan_id: string;
  party: string;
  user_id: string;
  at: string;
}

export interface ActivityTable extends LabelColumns, Versioned {
  id: string;
  plan_id: string;
  ref_code: string;
  title: string;
  description: string;
  type: string;
  domain: string;
  lead_party: string;
  participating_parties: string;
  lead_organisation_id: string | null;
  location: string | null;
  planned_start: string;
  planned_end: string;
  planned_precision: string;
  actual_start: string | null;
  actual_end: string | null;
  status: string;
  postponements: number;
  priority: number;
  owner_user_id: string | null;
  source_id: string | null;
  /** 1 for an activity carried into every next year's plan, even once done (migration 0037). */
  recurring: Generated<number>;
  /** The activity of an earlier plan this one continues, carried by a roll-over (migration 0037). */
  carried_from: Generated<string | null>;
}

export interface FollowUpTable extends LabelColumns, Versioned {
  id: string;
  activity_id: string;
  kind: string;
  body: string;
  language: string;
  author_id: string | null;
  from_status: string | null;
  to_status: string | null;
}

export interface ObjectiveTable extends LabelColumns, Versioned {
  id: string;
  plan_id: string;
  title: string;
  description: string;
}

/**
 * A finish-to-start dependency between two activities of one plan (migration 0032), without a label of its
 * own: it is read with both activities' labels, by those who may read both.
 */
export interface ActivityDependencyTable {
  id: string;
  plan_id: string;
  predecessor_id: string;
  successor_id: string;
  type: string;
  lag_days: number;
  created_by: string | null;
  created_at: string;
  version: Generated<number>;
}

export interface ActivityObjectiveTable {
  activity_id: string;
  objective_id: string;
}

export interface SearchEntryTable {
  id: Generated<number>;
  kind: string;
  /** The entry's own key: the record's id, or id/kind for a record's further entries (an agenda item's minutes). */
  record_id: string;
  /** The record the entry is about (migration 0019). */
  target_id: string;
  body: string;
}

/** Which version of the search terms the index was made with (migration 0019, store/search-index.ts). */
export interface SearchIndexStateTable {
  version: number;
}

/** The columns the hash seals (domain/audit-chain.ts), then the hash and the signature. */
export interface AuditEntryTable extends AuditFields {
  hash: string;
  /** The installation's signature of the chain with this entry at its head (null before there was a key). */
  key_id: string | null;
  signature: string | null;
}

export interface ActivityEventTable {
  id: Generated<number>;
  activity_id: string;
  plan_id: string;
  at: string;
  status: string;
  planned_start: string;
  planned_end: string;
  actual_start: string | null;
  actual_end: string | null;
}

export interface PlanRevisionTable {
  plan_id: string;
  number: number;
  status: string;
  reason: string | null;
  snapshot: string | null;
  content_hash: string | null;
  opened_by: string;
  opened_at: string;
  approved_at: string | null;
}

export interface RevisionActivityTable extends LabelColumns {
  plan_id: string;
  number: number;
  ref_code: string;
  content: string;
}

export interface RevisionApprovalTable {
  plan_id: string;
  number: number;
  party: string;
  user_id: string;
  at: string;
}

export interface MinutesApprovalTable {
  session_id: string;
  party: string;
  user_id: string;
  at: string;
}

export interface AgendaItemTable extends LabelColumns, Versioned {
  id: string;
  session_id: string;
  position: number;
  kind: string;
  title: string;
  /** JSON: why a carried-forward item is on the agenda (AgendaReference); null for items added by hand. */
  reference: string | null;
  action_item_id: string | null;
  activity_id: string | null;
  plan_id: string | null;
  summary: string | null;
  decisions: string | null;
  /** What the minutes say came of the item (AgendaOutcome); null until they are recorded. */
  outcome: string | null;
}

export interface ActionItemTable extends LabelColumns, Versioned {
  id: string;
  commission_id: string;
  session_id: string;
  agenda_item_id: string | null;
  title: string;
  responsible_party: string;
  responsible_organisation: string | null;
  due_date: string;
  status: string;
  closed_at: string | null;
  reason: string | null;
  activity_id: string | null;
  plan_id: string | null;
}

export interface IndicatorTable extends LabelColumns, Versioned {
  id: string;
  objective_id: string;
  name: string;
  unit: string;
  baseline_value: number;
  baseline_date: string;
  target_value: number;
  target_date: string;
  /** How often it is measured (IndicatorFrequency, migration 0028). */
  frequency: string;
}

export interface MeasurementTable {
  id: string;
  indicator_id: string;
  date: string;
  value: number;
  source_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
  /** Set when the measurement was corrected or found wrong; it then no longer counts. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
  /** The measurement that corrected this one, if it was a correction. */
  replaced_by: string | null;
}

export interface CalendarTokenTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  user_id: string;
  kind: string;
  entity_type: string;
  entity_id: string;
  title: string;
  due_date: string | null;
  dedupe_key: string;
  created_at: string;
  read_at: string | null;
  /** When the notification was e-mailed to the user; null until it is. */
  emailed_at: Generated<string | null>;
}

/** Who follows an activity or an action item, and the last audit entry about it they were told of. */
export interface WatcherTable {
  entity_type: 'activity' | 'action_item';
  entity_id: string;
  user_id: string;
  created_at: string;
  seen_seq: number;
}

/** A user's saved query of the activity table; `state` is its JSON (ActivityQueryState). */
export interface SavedQueryTable {
  id: string;
  user_id: string;
  party: string;
  name: string;
  shared: number;
  state: string;
  created_at: string;
  updated_at: string;
}

export interface JobRunTable {
  job: string;
  period: string;
  started_at: string;
  finished_at: string | null;
  detail: string | null;
}

/** Amounts are bigint columns; the store reads them as text (see programme.repo.ts), never as a double. */
type Amount = string | bigint;

export interface SupplierTable extends LabelColumns, Versioned {
  id: string;
  name: string;
  country: string;
  identifier: string | null;
}

export interface SupplierSystemTable {
  id: string;
  supplier_id: string;
  name: string;
  category: string;
  description: string | null;
  created_at: string;
}

export interface ProgrammeTable extends LabelColumns, Versioned {
  id: string;
  commission_id: string | null;
  title: string;
  description: string;
  status: string;
  cancel_reason: string | null;
  capability_gap: string;
  quantity: number;
  required_by: string;
  budget_amount: Amount;
  budget_currency: string;
  evaluation_id: string | null;
  selected_offer_id: string | null;
}

export interface ProgrammeObjectiveTable {
  programme_id: string;
  objective_id: string;
}

export interface ProgrammeActivityTable {
  programme_id: string;
  activity_id: string;
}

export interface ProgrammeEventTable extends StatusStep {
  programme_id: string;
}

export interface ProgrammeOfferTable {
  id: string;
  programme_id: string;
  supplier_id: string;
  system_id: string;
  quantity: number;
  currency: string;
  unit_price: Amount;
  total_price: Amount;
  delivery_schedule: string;
  industrial_participation: string;
  valid_until: string;
  documents: string;
  created_at: string;
  created_by: string;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
}

export interface ProgrammeContractTable {
  programme_id: string;
  offer_id: string;
  value: Amount;
  currency: string;
  signed_on: string;
  reference: string | null;
  created_at: string;
}

export interface ProgrammeMilestoneTable {
  id: string;
  programme_id: string;
  kind: string;
  title: string;
  due_date: string;
  value: Amount;
  currency: string;
  status: string;
  date_met: string | null;
}

export interface ProgrammeDeliveryTable {
  id: string;
  programme_id: string;
  lot: string;
  delivered_on: string;
  quantity_delivered: number;
  quantity_accepted: number;
  created_at: string;
}

export interface ProgrammeAmendmentTable {
  id: string;
  programme_id: string;
  number: number;
  date: string;
  rationale: string;
  description: string | null;
  value_before: Amount;
  value_after: Amount;
  currency: string;
  created_at: string;
}

export interface ExchangeRateTable {
  id: string;
  from_currency: string;
  to_currency: string;
  rate: string;
  date: string;
  source: string;
  entered_by: string;
  entered_by_user_id: string | null;
  entered_at: string;
}

/**
 * A record a bundle sent carried, labelled as the record was here when it left (migration 0029): the
 * release record and the officers' counts read these rows under the read rule, so a record an officer
 * may not read is neither shown nor counted.
 */
export interface ExchangeBundleRecordTable extends LabelColumns {
  bundle_id: string;
  /** Its place in the bundle. */
  position: number;
  kind: string;
  record_id: string;
  version: number;
  /** The token of its level here as it left, and that of the partner's level it travelled at. */
  level: string;
  partner_level: string;
}

export interface Database extends ExchangeTables {
  exchange_bundle_record: ExchangeBundleRecordTable;
  party: PartyTable;
  compartment: CompartmentTable;
  organisation: OrganisationTable;
  app_user: UserTable;
  user_session: UserSessionTable;
  api_token: ApiTokenTable;
  clearance_request: ClearanceRequestTable;
  sign_in_throttle: SignInThrottleTable;
  source: SourceTable;
  commission: CommissionTable;
  commission_session: CommissionSessionTable;
  work_plan: WorkPlanTable;
  plan_approval: PlanApprovalTable;
  plan_joint_proposal: PlanJointProposalTable;
  plan_joint_agreement: PlanJointAgreementTable;
  plan_decision: PlanDecisionTable;
  activity_carry: ActivityCarryTable;
  activity: ActivityTable;
  follow_up: FollowUpTable;
  objective: ObjectiveTable;
  activity_objective: ActivityObjectiveTable;
  activity_dependency: ActivityDependencyTable;
  search_entry: SearchEntryTable;
  search_index_state: SearchIndexStateTable;
  audit_entry: AuditEntryTable;
  activity_event: ActivityEventTable;
  plan_revision: PlanRevisionTable;
  revision_approval: RevisionApprovalTable;
  revision_activity: RevisionActivityTable;
  minutes_approval: MinutesApprovalTable;
  agenda_item: AgendaItemTable;
  action_item: ActionItemTable;
  indicator: IndicatorTable;
  measurement: MeasurementTable;
  calendar_token: CalendarTokenTable;
  notification: NotificationTable;
  watcher: WatcherTable;
  saved_query: SavedQueryTable;
  job_run: JobRunTable;
  supplier: SupplierTable;
  supplier_system: SupplierSystemTable;
  programme: ProgrammeTable;
  programme_objective: ProgrammeObjectiveTable;
  programme_activity: ProgrammeActivityTable;
  programme_event: ProgrammeEventTable;
  programme_offer: ProgrammeOfferTable;
  programme_contract: ProgrammeContractTable;
  programme_milestone: ProgrammeMilestoneTable;
  programme_delivery: ProgrammeDeliveryTable;
  programme_amendment: ProgrammeAmendmentTable;
  exchange_rate: ExchangeRateTable;
  evaluation: EvaluationTable;
  evaluation_evaluator: EvaluationEvaluatorTable;
  offset_obligation: OffsetObligationTable;
  offset_claim: OffsetClaimTable;
  offset_claim_event: OffsetClaimEventTable;
  offset_credit_group: OffsetCreditGroupTable;
  offset_credit_total: OffsetCreditTotalTable;
  offset_sums_stamp: OffsetSumsStampTable;
  offset_reader_sums: OffsetReaderSumsTable;
  industrial_project: IndustrialProjectTable;
  industrial_partner: IndustrialPartnerTable;
  industrial_commitment: IndustrialCommitmentTable;
  industrial_milestone: IndustrialMilestoneTable;
  industrial_follow_up: IndustrialFollowUpTable;
  industrial_transfer: IndustrialTransferTable;
  industrial_project_programme: IndustrialProjectProgrammeTable;
  industrial_project_event: IndustrialProjectEventTable;
  industrial_measurement: IndustrialMeasurementTable;
}

export type ActivityRow = Selectable<ActivityTable>;
export type NewActivity = Insertable<ActivityTable>;
export type ActivityUpdate = Updateable<ActivityTable>;
export type IndicatorUpdate = Updateable<IndicatorTable>;
export type FollowUpRow = Selectable<FollowUpTable>;
export type WorkPlanRow = Selectable<WorkPlanTable>;
export type CommissionRow = Selectable<CommissionTable>;
export type CommissionSessionRow = Selectable<CommissionSessionTable>;
export type UserRow = Selectable<UserTable>;
export type SourceRow = Selectable<SourceTable>;
export type AuditEntryRow = Selectable<AuditEntryTable>;
export type LabelledTable =
  | 'activity'
  | 'follow_up'
  | 'work_plan'
  | 'commission'
  | 'commission_session'
  | 'source'
  | 'objective'
  | 'audit_entry'
  | 'agenda_item'
  | 'action_item'
  | 'indicator'
  | 'revision_activity'
  | 'programme'
  | 'supplier'
  | 'industrial_project'
  | 'industrial_commitment'
  | 'offset_obligation'
  | 'offset_claim';

/** The evaluation of a programme's offers; JSON documents as text (migration 0014). */
export interface EvaluationTable {
  id: string;
  programme_id: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  created_by: string;
  criteria: string | null;
  method: string | null;
  frozen: string | null;
  frozen_hash: string | null;
  frozen_at: string | null;
  frozen_by: string | null;
  /** The evaluation's own label (migration 0021): all null while it reads as its programme. */
  owner_party: string | null;
  classification: number | null;
  releasable_mask: number | null;
  compartment_mask: number | null;
}

/** One evaluator of an evaluation and their inputs (JSON). */
export interface EvaluationEvaluatorTable {
  id: string;
  evaluation_id: string;
  user_id: string;
  name: string;
  party: string;
  position: number;
  inputs: string;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  added_by: string;
}

/** A row that the query a function builds answers, for the function that makes it a record. */
export type RowOf<MakeQuery extends (...args: never[]) => { compile(): unknown }> = InferResult<ReturnType<MakeQuery>>[number];

/** An industrial project (migration 0017): percentages in integer basis points, the budget in minor units. */
export interface IndustrialProjectTable extends LabelColumns, Versioned {
  id: string;
  title: string;
  description: string;
  kind: string;
  status: string;
  suspended_from: string | null;
  close_reason: string | null;
  site_place: string;
  site_latitude: number | null;
  site_longitude: number | null;
  budget_amount: Amount;
  budget_currency: string;
  jobs_planned: number;
  jobs_created: number;
  local_content_planned_bp: number;
  local_content_reached_bp: number;
}

/** A partner of a project, with its role and cost share, read under the project's label. */
export interface IndustrialPartnerTable {
  id: string;
  project_id: string;
  position: number;
  name: string;
  party: string;
  role: string;
  share_bp: number;
  /** When the partner left the project (kept with its commitments); null while it is a partner. */
  left_at: string | null;
  /** 1 for a partner that had left by migration 0036: listed only to a reader of one of its commitments. */
  kept_for_commitments: Generated<number>;
}

/** A partner's commitment: labelled on its own, owned by the partner's party. */
export interface IndustrialCommitmentTable extends LabelColumns, Versioned {
  id: string;
  project_id: string;
  partner_id: string;
  what: string;
  contribution_amount: Amount | null;
  contribution_currency: string | null;
  jobs: number | null;
  due_by: string | null;
}

export interface IndustrialFollowUpTable extends LabelColumns, Versioned {
  id: string;
  project_id: string;
  kind: string;
  body: string;
  language: string;
  author_id: string | null;
}

export interface IndustrialMilestoneTable {
  id: string;
  project_id: string;
  kind: string;
  title: string;
  planned_on: string;
  actual_on: string | null;
  target_bp: number | null;
  reached_bp: number | null;
}

export interface IndustrialTransferTable {
  id: string;
  project_id: string;
  what: string;
  from_whom: string;
  to_whom: string;
  planned_on: string;
  accepted_on: string | null;
}

export interface IndustrialProjectProgrammeTable {
  project_id: string;
  programme_id: string;
}

export interface IndustrialProjectEventTable extends StatusStep {
  project_id: string;
}

/** A dated measurement of a project's jobs created or local content reached (basis points), migration 0035. */
export interface IndustrialMeasurementTable {
  id: string;
  project_id: string;
  measure: string;
  value: number;
  as_of: string;
  recorded_at: string;
  party: string | null;
  user_id: string | null;
  /** `measurement` (added as one), `project` (the project created or edited with it), `carried_in` (by 0035). */
  origin: string;
  note: string | null;
}

/** Offset obligations, credit claims and their steps (migration 0018). */
export interface OffsetObligationTable extends LabelColumns, Versioned {
  id: string;
  programme_id: string;
  supplier_id: string;
  title: string;
  obligor_party: string;
  beneficiary_party: string;
  currency: string;
  contract_value: Amount;
  required_bp: number;
  amount: Amount;
  arises_on: string;
  deadline: string;
  penalty_bp: number;
  multipliers: string;
  created_by: string;
}

export interface OffsetClaimTable extends LabelColumns, Versioned {
  id: string;
  obligation_id: string;
  source: string;
  industrial_project_id: string | null;
  category: string;
  multiplier_bp: number;
  currency: string;
  value: Amount;
  claimed_credit: Amount;
  accepted_value: Amount | null;
  granted_credit: Amount | null;
  evidence: string;
  description: string | null;
  status: string;
  claimed_on: string;
  claimed_by: string;
}

/** The claims against one obligation that share one label (migration 0025). */
export interface OffsetCreditGroupTable extends LabelColumns {
  id: Generated<number>;
  obligation_id: string;
}

/** A group's credit granted by the end of a day and claimed and undecided at it, on each day a step counted. */
export interface OffsetCreditTotalTable {
  group_id: number;
  day: string;
  granted: Amount;
  pending: Amount;
}

/** How many times the running totals of an obligation's claims changed (migration 0047); no row is 0. */
export interface OffsetSumsStampTable {
  obligation_id: string;
  generation: Amount;
}

/** What the claims a kind of reader may read against an obligation add up to as of a day, at one generation. */
export interface OffsetReaderSumsTable {
  obligation_id: string;
  /** What the read rule asks of the reader: party, party bit, clearance and compartments. */
  reader: string;
  day: string;
  generation: Amount;
  granted: Amount;
  pending: Amount;
}

export interface OffsetClaimEventTable {
  id: Generated<number>;
  claim_id: string;
  at: string;
  step_on: string;
  from_status: string | null;
  to_status: string;
  reason: string | null;
  user_id: string;
}
