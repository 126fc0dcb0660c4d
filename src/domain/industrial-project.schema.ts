/**
 * An industrial project: a production site, maintenance centre, joint
 * venture, technology transfer or training centre that a cooperation (often
 * a contract's industrial participation) gives rise to. Its partners with
 * their roles and cost shares, its budget, milestones, jobs, local content and
 * technology-transfer items are read under the project's label; each partner's
 * commitments are records of their own, owned by the partner's party (see
 * docs/industry.md). One schema per resource: validation, OpenAPI and the
 * web's types come from here.
 */
import { z } from 'zod';
// Deliberately the same imports as programme.schema.ts's: both records are built from the same field schemas.
import {
  idSchema,
  type LocalizedText,
  labelFields,
  labelledPatchSchema,
  limitSchema,
  localizedTextSchema,
  recordMetaSchema,
  versionSchema,
} from './common.schema.js';
import { PROJECT_STATUSES, type ProjectStatus } from './industrial-project.lifecycle.js';
import { type Label, labelSchema, partyCodeSchema } from './labels.js';
import { type Money, moneyJson } from './money.js';
import { isoDateSchema } from './period.js';
import { matching, refusing } from './problems.js';
import {
  amountSchema,
  count,
  moneyOutSchema,
  presentRecordMeta,
  type RecordHead,
  type StatusEvent,
  statusEventSchema,
  text,
} from './record-fields.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

export const PROJECT_KINDS = [
  'production_site',
  'maintenance_centre',
  'joint_venture',
  'technology_transfer',
  'training_centre',
] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];
export const PARTNER_ROLES = ['prime', 'local_partner', 'host_state', 'financing_party', 'technology_provider'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export const PROJECT_MILESTONE_KINDS = ['groundbreaking', 'first_article', 'rate_production', 'local_content_target'] as const;
export type ProjectMilestoneKind = (typeof PROJECT_MILESTONE_KINDS)[number];

// Percentages are exact: written as a decimal string with at most two decimals ("33.34") and kept in integer
// basis points (3334), so that shares add up to exactly 100 and never to 99.999... as doubles would.

/** Basis points in 100 percent. */
export const FULL_SHARE = 10_000;
const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "33.34" is 3334 basis points; undefined if it is not a percentage with at most two decimals within 0–100. */
export function percentToBasisPoints(s: string): number | undefined {
  const m = PERCENT.exec(s);
  if (!m) return undefined;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= FULL_SHARE ? bp : undefined;
}

/** 3334 basis points is "33.34". */
export const basisPointsToPercent = (bp: number): string => `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}`;

export const percentSchema = matching(/^\d{1,3}(\.\d{1,2})?$/, 'field.percent_format', { example: '33.34' })
  .refine((s) => percentToBasisPoints(s) !== undefined, refusing('field.percent_range'))
  .transform((s) => percentToBasisPoints(s) as number)
  .describe('Percentage from 0 to 100 as a decimal string with at most two decimals, e.g. "33.34"');

const percentOut = z.string().describe('Percentage as a decimal string with two decimals, e.g. "33.34"');

export const siteSchema = z
  .strictObject({
    place: text(300).describe('Where the site is: town, region'),
    latitude: z.number().min(-90).max(90).nullable().default(null).describe('WGS 84 degrees, if known'),
    longitude: z.number().min(-180).max(180).nullable().default(null).describe('WGS 84 degrees, if known'),
  })
  .refine((s) => (s.latitude === null) === (s.longitude === null), refusing('field.coordinates_pair', ['longitude']));
export type Site = z.infer<typeof siteSchema>;

export const partnerInputSchema = z.strictObject({
  id: idSchema.optional().describe('An existing partner to keep; a new partner has none'),
  name: text(300).describe('The state, ministry or company taking part'),
  party: partyCodeSchema.describe('The party it belongs to: the owner of its commitments'),
  role: z.enum(PARTNER_ROLES),
  share: percentSchema.describe('Its share of the cost, in percent; all shares add up to exactly 100'),
});
export type PartnerInput = z.infer<typeof partnerInputSchema>;

const partnersSchema = z
  .array(partnerInputSchema)
  .min(1)
  .max(50)
  .refine((ps) => ps.reduce((n, p) => n + p.share, 0) === FULL_SHARE, refusing('field.shares_sum'))
  .refine(
    (ps) => new Set(ps.map((p) => `${p.party}/${p.name.toLowerCase()}/${p.role}`)).size === ps.length,
    refusing('field.partner_repeated'),
  )
  .refine((ps) => {
    const ids = ps.flatMap((p) => (p.id ? [p.id] : []));
    return new Set(ids).size === ids.length;
  }, refusing('field.partner_id_repeated'))
  .describe('The partners with their roles and cost shares, adding up to exactly 100 percent');

const programmeIds = z
  .array(idSchema)
  .max(100)
  .describe('Programmes (and so contracts) the project comes from, among those you may read');

export const projectCreateSchema = z.strictObject({
  title: localizedTextSchema(300),
  description: localizedTextSchema(5000).optional(),
  kind: z.enum(PROJECT_KINDS),
  site: siteSchema,
  budget: amountSchema.describe('The whole budget, in its currency'),
  jobsPlanned: count.default(0),
  jobsCreated: count.default(0),
  localContentPlanned: percentSchema.default(0),
  localContentReached: percentSchema.default(0),
  partners: partnersSchema,
  programmeIds: programmeIds.default([]),
  ...labelFields,
});
export type ProjectCreate = z.infer<typeof projectCreateSchema>;

export const projectPatchSchema = labelledPatchSchema({
  title: localizedTextSchema(300),
  description: localizedTextSchema(5000),
  kind: z.enum(PROJECT_KINDS),
  site: siteSchema,
  budget: amountSchema,
  jobsPlanned: count,
  jobsCreated: count,
  localContentPlanned: percentSchema,
  localContentReached: percentSchema,
  programmeIds: programmeIds.describe('The whole set among the programmes you may read; links to others are kept'),
});
export type ProjectPatch = z.infer<typeof projectPatchSchema>;

export const partnersPutSchema = z.strictObject({ partners: partnersSchema, version: versionSchema.optional() });
export type PartnersPut = z.infer<typeof partnersPutSchema>;

export const projectMoveSchema = z.strictObject({
  to: z.enum(PROJECT_STATUSES),
  reason: text(2000).optional().describe('Why; required to suspend, and to close a project that is not operating'),
  version: versionSchema.optional(),
});
export type ProjectMoveInput = z.infer<typeof projectMoveSchema>;

/**
 * The earliest day a milestone or transfer item may be planned, reached or
 * accepted on: the first year a plan's roll-over may name. A milestone of
 * 0001-01-01 is a typing mistake, and would stretch every timeline it is on.
 */
export const EARLIEST_PROJECT_DAY = '1900-01-01';
const projectDaySchema = isoDateSchema.refine(
  (d) => d >= EARLIEST_PROJECT_DAY,
  refusing('field.on_or_after', [], { date: EARLIEST_PROJECT_DAY }),
);

export const projectMilestoneCreateSchema = z
  .strictObject({
    kind: z.enum(PROJECT_MILESTONE_KINDS),
    title: text(300),
    plannedOn: projectDaySchema,
    target: percentSchema.nullable().default(null).describe('For a local-content target: the share of local content aimed at'),
    version: versionSchema.optional(),
  })
  .refine(
    (m) => (m.kind === 'local_content_target') === (m.target !== null),
    refusing('field.target_for_local_content', ['target']),
  );
export type ProjectMilestoneCreate = z.infer<typeof projectMilestoneCreateSchema>;

export const projectMilestonePatchSchema = z
  .strictObject({
    plannedOn: projectDaySchema
      .optional()
      .describe('A new planned day; only while the milestone is not reached, and not in the change that reaches it'),
    actualOn: projectDaySchema.nullable().optional().describe('When it was reached, not after today; null if not (yet)'),
    reached: percentSchema.nullable().optional().describe('For a local-content target: the share reached'),
    version: versionSchema.optional(),
  })
  .refine(
    (m) => m.plannedOn !== undefined || m.actualOn !== undefined || m.reached !== undefined,
    refusing('field.nothing_to_change', ['actualOn']),
  );
export type ProjectMilestonePatch = z.infer<typeof projectMilestonePatchSchema>;

export const transferCreateSchema = z.strictObject({
  what: text(1000).describe('The know-how, licence, process or tooling transferred'),
  from: text(300).describe('Who transfers it'),
  to: text(300).describe('Who receives it'),
  plannedOn: projectDaySchema.describe('When it is to be transferred'),
  version: versionSchema.optional(),
});
export type TransferCreate = z.infer<typeof transferCreateSchema>;

const TRANSFER_TERMS = 'only while the item is not accepted, and not in the change that accepts it';

export const transferPatchSchema = z
  .strictObject({
    what: text(1000).optional().describe(`The know-how, licence, process or tooling transferred; ${TRANSFER_TERMS}`),
    from: text(300).optional().describe(`Who transfers it; ${TRANSFER_TERMS}`),
    to: text(300).optional().describe(`Who receives it; ${TRANSFER_TERMS}`),
    plannedOn: projectDaySchema.optional().describe(`When it is to be transferred; ${TRANSFER_TERMS}`),
    acceptedOn: projectDaySchema
      .nullable()
      .optional()
      .describe('When the receiver accepted it, not after today; null to withdraw an acceptance'),
    version: versionSchema.optional(),
  })
  .refine(
    (t) => (['what', 'from', 'to', 'plannedOn', 'acceptedOn'] as const).some((k) => t[k] !== undefined),
    refusing('field.nothing_to_change', ['acceptedOn']),
  );
export type TransferPatch = z.infer<typeof transferPatchSchema>;

export const commitmentCreateSchema = z.strictObject({
  partnerId: idSchema.describe('The partner that commits; its party owns the commitment'),
  what: text(2000).describe('What the partner commits to'),
  contribution: amountSchema.nullable().default(null).describe('What it pays in, if money'),
  jobs: count.nullable().default(null).describe('Jobs it commits to create'),
  dueBy: isoDateSchema.nullable().default(null),
  ...labelFields,
});
export type CommitmentCreate = z.infer<typeof commitmentCreateSchema>;

export const commitmentPatchSchema = labelledPatchSchema({
  what: text(2000),
  contribution: amountSchema.nullable(),
  jobs: count.nullable(),
  dueBy: isoDateSchema.nullable(),
});
export type CommitmentPatch = z.infer<typeof commitmentPatchSchema>;

export const commitmentSchema = labelSchema
  .extend({
    id: z.string(),
    version: z.number(),
    partnerId: z.string(),
    what: z.string(),
    contribution: moneyOutSchema.nullable(),
    jobs: z.number().nullable(),
    dueBy: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe("A partner's commitment: a record of its own, owned by the partner's party");
export type Commitment = z.infer<typeof commitmentSchema>;

export const projectProgressSchema = z
  .object({
    asOf: z.string(),
    state: z
      .enum(['on_time', 'late', 'not_started', 'done'])
      .describe('late: a milestone due by now is not reached, or was reached after its date'),
    milestones: z.number(),
    due: z.number().describe('Milestones planned on or before the day'),
    reached: z.number().describe('Of those due, reached on or before the day'),
    onTime: z.number().describe('Reached on or before their planned day'),
    late: z.number().describe('Due and not reached, or reached after their planned day'),
    executionRate: z.number().nullable().describe('reached / due, from 0 to 1; null when none is due'),
    averageSlipDays: z.number().nullable().describe('Mean delay of the milestones reached late, in days'),
    jobsRate: z.number().nullable().describe('Jobs created / planned; null when none are planned'),
    localContentGap: percentOut.nullable().describe('Planned minus reached local content, in points; null when none is planned'),
    transfersAccepted: z.number(),
    transfersOverdue: z.number().describe('Transfers planned by the day and not accepted'),
  })
  .describe("The project's progress as of a day, computed from its milestones, jobs, local content and transfers");
export type ProjectProgress = z.infer<typeof projectProgressSchema>;

export const projectSchema = recordMetaSchema
  .extend({
    title: z.record(z.string(), z.string()),
    description: z.record(z.string(), z.string()),
    kind: z.enum(PROJECT_KINDS),
    status: z.enum(PROJECT_STATUSES),
    suspendedFrom: z.enum(PROJECT_STATUSES).nullable().describe('The step a suspended project resumes to'),
    closeReason: z.string().nullable(),
    site: z.object({ place: z.string(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
    budget: moneyOutSchema,
    jobsPlanned: z.number(),
    jobsCreated: z.number(),
    localContentPlanned: percentOut,
    localContentReached: percentOut,
    partners: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        party: z.string(),
        role: z.enum(PARTNER_ROLES),
        share: percentOut,
        commitments: z
          .array(commitmentSchema)
          .describe('Its commitments you may read: all of them for its own party, within clearance'),
      }),
    ),
    formerPartners: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          party: z.string(),
          role: z.enum(PARTNER_ROLES).describe('Its role when it left'),
          leftAt: z.string().describe('When it left the project'),
          commitments: z
            .array(commitmentSchema)
            .describe("Its commitments you may read, kept after it left and still its own party's"),
        }),
      )
      .describe('The partners that left the project, in the order they left'),
    milestones: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(PROJECT_MILESTONE_KINDS),
        title: z.string(),
        plannedOn: z.string(),
        actualOn: z.string().nullable(),
        target: percentOut.nullable(),
        reached: percentOut.nullable(),
      }),
    ),
    transfers: z.array(
      z.object({
        id: z.string(),
        what: z.string(),
        from: z.string(),
        to: z.string(),
        plannedOn: z.string(),
        acceptedOn: z.string().nullable(),
        accepted: z.boolean(),
      }),
    ),
    programmeIds: z.array(z.string()).describe('Linked programmes you may read'),
    progress: projectProgressSchema,
  })
  .describe('Industrial project');
export type Project = z.infer<typeof projectSchema>;

export const projectEventSchema = statusEventSchema(PROJECT_STATUSES);
export const projectHistoryEntrySchema = z
  .object({
    at: z.string(),
    kind: z.enum(['status_change', 'change']).describe('A move through the lifecycle, or any other recorded change'),
    action: z
      .string()
      .describe('What the audit log calls it, e.g. industrial_project.milestone_update; status_change for a move'),
    subject: z
      .object({ type: z.enum(['project', 'milestone', 'transfer', 'partner', 'commitment']), id: z.string() })
      .describe(
        'The part of the project the change is about: the project itself, or one of its milestones, transfer items, partners or commitments',
      ),
    actorId: z.string().nullable().describe(`Who made the change; ${NAMED_IF_OWN_PARTY}`),
    actorParty: z.string().nullable().describe('The party of whoever made the change'),
    fromStatus: z.enum(PROJECT_STATUSES).nullable(),
    toStatus: z.enum(PROJECT_STATUSES).nullable(),
    note: z.string().nullable().describe('The reason given for a move'),
    changes: z
      .array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() }))
      .describe('Fields changed, with old and new values (`from` null for what an addition set)'),
  })
  .describe('One change in the history of an industrial project');
export type ProjectHistoryEntry = z.infer<typeof projectHistoryEntrySchema>;

export const projectHistorySchema = z
  .object({
    id: z.string(),
    version: z.number(),
    events: z.array(projectEventSchema).describe("The project's moves, oldest first, with who, when and why"),
    items: z
      .array(projectHistoryEntrySchema)
      .describe(
        'The moves and every other audited change of the project and its commitments that you may read, newest first (the latest 500)',
      ),
  })
  .describe("The project's history: its moves, and its changes as far as the reader may read them");

export const projectSummarySchema = projectSchema
  .omit({
    description: true,
    suspendedFrom: true,
    closeReason: true,
    partners: true,
    formerPartners: true,
    milestones: true,
    transfers: true,
    programmeIds: true,
  })
  .describe('Industrial project, as lists show it, with its progress as of today');
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const projectListQuerySchema = z
  .strictObject({
    status: z.enum(PROJECT_STATUSES).optional(),
    kind: z.enum(PROJECT_KINDS).optional(),
    owner: partyCodeSchema.optional().describe('Only the projects this party owns'),
    programmeId: idSchema.optional().describe('Only the projects that come from this programme'),
    cursor: z.string().max(500).optional().describe('The `nextCursor` of the page before'),
    limit: limitSchema,
  })
  .describe('Newest first (creation time, then id), paged by keyset');
export type ProjectListQuery = z.infer<typeof projectListQuerySchema>;

// The project as the store gives it to the use cases: amounts as Money, percentages in basis points.

export interface ProjectHead extends RecordHead {
  title: LocalizedText;
  description: LocalizedText;
  kind: ProjectKind;
  status: ProjectStatus;
  suspendedFrom: ProjectStatus | null;
  closeReason: string | null;
  site: Site;
  budget: Money;
  jobsPlanned: number;
  jobsCreated: number;
  localContentPlannedBp: number;
  localContentReachedBp: number;
}

export interface CommitmentRecord {
  id: string;
  version: number;
  label: Label;
  partnerId: string;
  what: string;
  contribution: Money | null;
  jobs: number | null;
  dueBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerRecord {
  id: string;
  name: string;
  party: string;
  role: PartnerRole;
  shareBp: number;
  commitments: CommitmentRecord[];
}

/** A partner that left the project, kept with its commitments. */
export interface FormerPartnerRecord {
  id: string;
  name: string;
  party: string;
  role: PartnerRole;
  leftAt: string;
  commitments: CommitmentRecord[];
}

export interface ProjectMilestoneRecord {
  id: string;
  kind: ProjectMilestoneKind;
  title: string;
  plannedOn: string;
  actualOn: string | null;
  targetBp: number | null;
  reachedBp: number | null;
}

export interface TransferRecord {
  id: string;
  what: string;
  from: string;
  to: string;
  plannedOn: string;
  acceptedOn: string | null;
}

export type ProjectEvent = StatusEvent<ProjectStatus>;

export interface ProjectRecord extends ProjectHead {
  partners: PartnerRecord[];
  formerPartners: FormerPartnerRecord[];
  milestones: ProjectMilestoneRecord[];
  transfers: TransferRecord[];
  programmeIds: string[];
}

export const presentCommitment = (c: CommitmentRecord): Commitment => {
  const { label, contribution, ...rest } = c;
  return { ...rest, ...label, contribution: contribution && moneyJson(contribution) };
};

/** The record as the API answers it: money as decimal strings, percentages as decimal strings, progress as of `asOf`. */
export function presentProject(r: ProjectRecord, progress: ProjectProgress): Project {
  return {
    ...presentRecordMeta(r),
    title: r.title as Record<string, string>,
    description: r.description as Record<string, string>,
    kind: r.kind,
    status: r.status,
    suspendedFrom: r.suspendedFrom,
    closeReason: r.closeReason,
    site: r.site,
    budget: moneyJson(r.budget),
    jobsPlanned: r.jobsPlanned,
    jobsCreated: r.jobsCreated,
    localContentPlanned: basisPointsToPercent(r.localContentPlannedBp),
    localContentReached: basisPointsToPercent(r.localContentReachedBp),
    partners: r.partners.map((p) => ({
      id: p.id,
      name: p.name,
      party: p.party,
      role: p.role,
      share: basisPointsToPercent(p.shareBp),
      commitments: p.commitments.map(presentCommitment),
    })),
    formerPartners: r.formerPartners.map((p) => ({
      id: p.id,
      name: p.name,
      party: p.party,
      role: p.role,
      leftAt: p.leftAt,
      commitments: p.commitments.map(presentCommitment),
    })),
    milestones: r.milestones.map((m) => ({
      id: m.id,
      kind: m.kind,
      title: m.title,
      plannedOn: m.plannedOn,
      actualOn: m.actualOn,
      target: m.targetBp === null ? null : basisPointsToPercent(m.targetBp),
      reached: m.reachedBp === null ? null : basisPointsToPercent(m.reachedBp),
    })),
    transfers: r.transfers.map((t) => ({ ...t, accepted: t.acceptedOn !== null })),
    programmeIds: r.programmeIds,
    progress,
  };
}

export function presentProjectSummary(h: ProjectHead, progress: ProjectProgress): ProjectSummary {
  return {
    ...presentRecordMeta(h),
    title: h.title as Record<string, string>,
    kind: h.kind,
    status: h.status,
    site: h.site,
    budget: moneyJson(h.budget),
    jobsPlanned: h.jobsPlanned,
    jobsCreated: h.jobsCreated,
    localContentPlanned: basisPointsToPercent(h.localContentPlannedBp),
    localContentReached: basisPointsToPercent(h.localContentReachedBp),
    progress,
  };
}
