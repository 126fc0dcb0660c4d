import type { Activity } from '../domain/activity.schema.js';
import type { Commission, CommissionSession } from '../domain/commission.schema.js';
import type { FollowUp } from '../domain/follow-up.schema.js';
import type { Approval } from '../domain/plan.lifecycle.js';
import type { WorkPlan } from '../domain/plan.schema.js';
import type { Source } from '../domain/source.schema.js';
import type { ActivityRow, CommissionRow, CommissionSessionRow, FollowUpRow, SourceRow, WorkPlanRow } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';

// Rows of the store turned into the records the API and the CLI show.

const json = <T>(text: string): T => JSON.parse(text) as T;

const meta = (
  codec: LabelCodec,
  row: ActivityRow | FollowUpRow | WorkPlanRow | CommissionRow | CommissionSessionRow | SourceRow,
) => ({
  id: row.id,
  version: row.version,
  ...codec.decode(row),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

type Meta = ReturnType<typeof meta>;

/**
 * A record: its meta fields, then its own. Built with Object.assign, not as a
 * literal that spreads meta and then lists many fields: V8 builds that about
 * 30 times slower, and a list presents dozens of records per request.
 */
const withMeta = <T extends Meta>(codec: LabelCodec, row: Parameters<typeof meta>[1], fields: Omit<T, keyof Meta>): T =>
  Object.assign(meta(codec, row), fields) as T;

export const presentActivity = (codec: LabelCodec, r: ActivityRow): Activity =>
  withMeta<Activity>(codec, r, {
    planId: r.plan_id,
    refCode: r.ref_code,
    title: json(r.title),
    description: json(r.description),
    type: r.type as Activity['type'],
    domain: r.domain as Activity['domain'],
    leadParty: r.lead_party,
    participatingParties: json(r.participating_parties),
    leadOrganisationId: r.lead_organisation_id,
    location: r.location,
    plannedPeriod: {
      start: r.planned_start,
      end: r.planned_end,
      precision: r.planned_precision as Activity['plannedPeriod']['precision'],
    },
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    status: r.status as Activity['status'],
    postponements: r.postponements,
    priority: r.priority,
    ownerUserId: r.owner_user_id,
    sourceId: r.source_id,
  });

export const presentFollowUp = (codec: LabelCodec, r: FollowUpRow): FollowUp =>
  withMeta<FollowUp>(codec, r, {
    activityId: r.activity_id,
    kind: r.kind as FollowUp['kind'],
    body: r.body,
    language: r.language as FollowUp['language'],
    authorId: r.author_id,
    fromStatus: r.from_status,
    toStatus: r.to_status,
  });

export const presentPlan = (codec: LabelCodec, r: WorkPlanRow, approvals: Approval[]): WorkPlan =>
  withMeta<WorkPlan>(codec, r, {
    commissionId: r.commission_id,
    sessionId: r.session_id,
    title: json(r.title),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status as WorkPlan['status'],
    approvals,
    sourceId: r.source_id,
    closedAt: r.closed_at,
    reopenUntil: r.reopen_until,
  });

export const presentCommission = (codec: LabelCodec, r: CommissionRow): Commission =>
  withMeta<Commission>(codec, r, {
    name: json(r.name),
    parties: json(r.parties),
    classificationTable: json(r.classification_table),
  });

export const presentSession = (
  codec: LabelCodec,
  r: CommissionSessionRow,
  minutesApprovals: Approval[] = [],
): CommissionSession =>
  withMeta<CommissionSession>(codec, r, {
    commissionId: r.commission_id,
    number: r.number,
    startDate: r.start_date,
    endDate: r.end_date,
    place: r.place,
    hostParty: r.host_party,
    delegations: json(r.delegations),
    minutes: r.minutes,
    sourceId: r.source_id,
    status: r.status as CommissionSession['status'],
    minutesApprovals,
  });

export const presentSource = (codec: LabelCodec, r: SourceRow): Source =>
  withMeta<Source>(codec, r, {
    kind: r.kind as Source['kind'],
    title: r.title,
    publisher: r.publisher,
    url: r.url,
    publishedOn: r.published_on,
    excerpt: r.excerpt,
  });
