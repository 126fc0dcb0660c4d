import { z } from 'zod';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import {
  idSchema,
  labelFields,
  labelFieldsGiven,
  limitSchema,
  localizedTextSchema,
  recordMetaSchema,
  sourceRefSchema,
  versionSchema,
} from './common.schema.js';
import { partyCodeSchema } from './labels.js';
import { isoDateSchema, plannedPeriodSchema } from './period.js';
import { matching } from './problems.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

export const ACTIVITY_TYPES = [
  'staff_talks',
  'technical_meeting',
  'unit_visit',
  'industry_visit',
  'training',
  'exercise',
  'seminar',
  'expert_exchange',
  'information_sharing',
] as const;

export const DOMAINS = [
  'planning',
  'forces',
  'industry',
  'logistics',
  'intelligence',
  'doctrine',
  'training',
  'acquisition',
] as const;

export const refCodeSchema = matching(/^[A-Z0-9][A-Z0-9-]{1,30}$/, 'field.ref_code_format', {
  example: '2026-PLN-01',
}).describe('Reference code, unique within its plan');

/** Editable fields, as a patch may give them (no defaults). */
const activityEditable = z.strictObject({
  refCode: refCodeSchema,
  title: localizedTextSchema(300),
  description: localizedTextSchema(10_000),
  type: z.enum(ACTIVITY_TYPES),
  domain: z.enum(DOMAINS),
  leadParty: partyCodeSchema,
  participatingParties: z.array(partyCodeSchema).max(60),
  leadOrganisationId: idSchema.nullable(),
  location: z.string().trim().max(200).nullable(),
  plannedPeriod: plannedPeriodSchema,
  priority: z.number().int().min(1).max(3).describe('1 is highest'),
  sourceId: idSchema.nullable(),
  recurring: z.boolean().describe("Carried into every next year's plan by a roll-over, even once done"),
  ...labelFieldsGiven,
});

export const activityCreateSchema = activityEditable
  .extend({
    description: activityEditable.shape.description.optional(),
    participatingParties: activityEditable.shape.participatingParties.default([]),
    leadOrganisationId: activityEditable.shape.leadOrganisationId.default(null),
    location: activityEditable.shape.location.default(null),
    priority: activityEditable.shape.priority.default(2),
    sourceId: activityEditable.shape.sourceId.default(null),
    recurring: activityEditable.shape.recurring.optional().describe('false when not given'),
    ...labelFields,
  })
  .strict();
export type ActivityCreate = z.infer<typeof activityCreateSchema>;

/** Any subset of the editable fields, with the version the change was based on. */
export const activityPatchSchema = activityEditable.partial().extend({ version: versionSchema.optional() }).strict();
export type ActivityPatch = z.infer<typeof activityPatchSchema>;

export const activitySchema = recordMetaSchema
  .extend({
    planId: idSchema,
    refCode: z.string(),
    title: localizedTextSchema(300),
    description: z.record(z.string(), z.string()),
    type: z.enum(ACTIVITY_TYPES),
    domain: z.enum(DOMAINS),
    leadParty: z.string(),
    participatingParties: z.array(z.string()),
    leadOrganisationId: z.string().nullable(),
    location: z.string().nullable(),
    plannedPeriod: z.object({ start: z.string(), end: z.string(), precision: z.enum(['day', 'month', 'quarter']) }),
    actualStart: z.string().nullable(),
    actualEnd: z.string().nullable(),
    status: z.enum(ACTIVITY_STATUSES),
    postponements: z.number().int(),
    priority: z.number().int(),
    ownerUserId: z.string().nullable().describe(`The planner who drafted it; ${NAMED_IF_OWN_PARTY}`),
    sourceId: z.string().nullable(),
    source: sourceRefSchema.optional(),
    recurring: z.boolean().describe("Carried into every next year's plan by a roll-over, even once done"),
    continues: z
      .object({ activityId: z.string(), refCode: z.string(), planId: z.string(), planTitle: localizedTextSchema(300) })
      .nullable()
      .optional()
      .describe(
        'The activity of an earlier plan this one was carried from by a roll-over, when the reader may read it and its plan; given by the detail only',
      ),
    objectiveIds: z
      .array(idSchema)
      .optional()
      .describe('Objectives of the plan this activity serves, among those the reader may read; given by the detail only'),
  })
  .describe('Activity');
export type Activity = z.infer<typeof activitySchema>;

/** The fields a list of activities sorts on: each ascending, or descending with a leading `-`. */
const ACTIVITY_SORT_FIELDS = ['refCode', 'plannedStart', 'priority', 'updatedAt'] as const;
type ActivitySortField = (typeof ACTIVITY_SORT_FIELDS)[number];
export type ActivitySort = ActivitySortField | `-${ActivitySortField}`;
export const ACTIVITY_SORTS = ACTIVITY_SORT_FIELDS.flatMap((f): ActivitySort[] => [f, `-${f}`]);

export const activityListQuerySchema = z.strictObject({
  status: z.enum(ACTIVITY_STATUSES).optional(),
  domain: z.enum(DOMAINS).optional(),
  leadParty: partyCodeSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
  attention: z
    .enum(['overdue', 'stale', 'upcoming'])
    .optional()
    .describe(
      'overdue: still open after its planned end; stale: still open with no follow-up for 30 days; upcoming: still open and not yet past its planned end',
    ),
  sort: z.enum(ACTIVITY_SORTS).default('refCode'),
  cursor: z.string().max(500).optional(),
  limit: limitSchema,
});
export type ActivityListQuery = z.infer<typeof activityListQuerySchema>;

export const activityTransitionSchema = z.strictObject({
  to: z.enum(ACTIVITY_STATUSES),
  reason: z.string().trim().max(2000).optional(),
  plannedPeriod: plannedPeriodSchema.optional(),
  actualStart: isoDateSchema.optional(),
  actualEnd: isoDateSchema.optional(),
  version: versionSchema.optional(),
});
export type ActivityTransitionInput = z.infer<typeof activityTransitionSchema>;
