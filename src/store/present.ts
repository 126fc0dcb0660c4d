import type { Activity } from '../domain/activity.schema.js';
import type { Commission, CommissionSession } from '../domain/commission.schema.js';
import type { FollowUp } from '../domain/follow-up.schema.js';
import type { Label } from '../domain/labels.js';
import type { Approval } from '../domain/plan.lifecycle.js';
import type { WorkPlan } from '../domain/plan.schema.js';
import type { Source } from '../domain/source.schema.js';
import { byPartyFor, userIdFor } from '../domain/user-naming.js';
import type {
  ActivityRow,
  CommissionRow,
  CommissionSessionRow,
  FollowUpRow,
  LabelColumns,
  SourceRow,
  WorkPlanRow,
} from './database.js';
import type { LabelCodec } from './label-codec.js';

// Rows of the store turned into the records the API and the CLI show.

const json = <T>(text: string): T => JSON.parse(text) as T;

const decodedLabels = new WeakMap<LabelCodec, Map<string, Readonly<Label>>>();

/**
 * The label of a row, decoded once per codec and distinct label: the rows of a
 * list share a handful of labels, and turning bit sets into codes for each row
 * was a good part of presenting a page. Its arrays are frozen, since every
 * record with that label shares them.
 */
export function labelOf(codec: LabelCodec, row: LabelColumns): Label {
  let known = decodedLabels.get(codec);
  if (!known) {
    known = new Map();
    decodedLabels.set(codec, known);
  }
  const key = `${row.owner_party}/${row.classification}/${row.releasable_mask}/${row.compartment_mask}`;
  let label = known.get(key);
  if (!label) {
    const decoded = codec.decode(row);
    label = Object.freeze({
      ...decoded,
      releasableTo: Object.freeze(decoded.releasableTo) as string[],
      compartments: Object.freeze(decoded.compartments) as string[],
    });
    // A bound on what one codec keeps: labels are few, but nothing else limits them.
    if (known.size >= 10_000) known.clear();
    known.set(key, label);
  }
  return label as Label;
}

type Labelled = LabelColumns & { id: string; version: number; created_at: string; updated_at: string };

/** The fields every labelled, versioned record starts with. */
export const meta = (codec: LabelCodec, row: Labelled) => {
  const label = labelOf(codec, row);
  return {
    id: row.id,
    version: row.version,
    ownerParty: label.ownerParty,
    classification: label.classification,
    releasableTo: label.releasableTo,
    compartments: label.compartments,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
};

type Meta = ReturnType<typeof meta>;

/**
 * A record: its meta fields, then its own. Built with Object.assign, not as a
 * literal that spreads meta and then lists many fields: V8 builds that about
 * 30 times slower, and a list presents dozens of records per request.
 */
const withMeta = <T extends Meta>(codec: LabelCodec, row: Labelled, fields: Omit<T, keyof Meta>): T =>
  Object.assign(meta(codec, row), fields) as T;

/**
 * An activity, the record a plan's list presents fifty of per page: built as
 * one literal of a fixed shape from the row and its label, decoded once
 * (`labelOf`), with nothing copied twice. Its first fields repeat `meta`
 * deliberately: through `withMeta` a page took three times as long to present.
 */
export function presentActivity(codec: LabelCodec, r: ActivityRow, readerParty: string | null): Activity {
  const label = labelOf(codec, r);
  return {
    id: r.id,
    version: r.version,
    ownerParty: label.ownerParty,
    classification: label.classification,
    releasableTo: label.releasableTo,
    compartments: label.compartments,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
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
    // The owner is the planner who drafted it, of its owner party. `readerParty` null: as stored, for the
    // plan's own copies (baseline, bundle, carried activities), never for an answer.
    ownerUserId: readerParty === null ? r.owner_user_id : userIdFor(readerParty, r.owner_party, r.owner_user_id),
    sourceId: r.source_id,
    recurring: r.recurring === 1,
  };
}

/**
 * A follow-up; its author named only to a reader of the author's party
 * (`reader` null: as stored, for the bundle's own copies).
 */
export const presentFollowUp = (
  codec: LabelCodec,
  r: FollowUpRow,
  reader: { party: string; authorParty: string | null } | null,
): FollowUp =>
  withMeta<FollowUp>(codec, r, {
    activityId: r.activity_id,
    kind: r.kind as FollowUp['kind'],
    body: r.body,
    language: r.language as FollowUp['language'],
    authorId: reader === null ? r.author_id : userIdFor(reader.party, reader.authorParty, r.author_id),
    fromStatus: r.from_status,
    toStatus: r.to_status,
  });

/** A plan, its approvers named to a reader of their party only (`readerParty` null: as stored, for the plan's own copies). */
export const presentPlan = (codec: LabelCodec, r: WorkPlanRow, approvals: Approval[], readerParty: string | null): WorkPlan =>
  withMeta<WorkPlan>(codec, r, {
    commissionId: r.commission_id,
    sessionId: r.session_id,
    title: json(r.title),
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status as WorkPlan['status'],
    approvals: readerParty === null ? approvals : byPartyFor(readerParty, approvals),
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

/** A session, the approvers of its minutes named to a reader of their party only. */
export const presentSession = (
  codec: LabelCodec,
  r: CommissionSessionRow,
  minutesApprovals: Approval[],
  readerParty: string,
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
    minutesApprovals: byPartyFor(readerParty, minutesApprovals),
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
