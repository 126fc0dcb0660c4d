import { z } from 'zod';
import { ACTION_ITEM_STATUSES } from './action-item.lifecycle.js';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import { idSchema, labelledPatchSchema, recordMetaSchema, versionSchema } from './common.schema.js';
import { classificationSchema, compartmentCodeSchema, partyCodeSchema } from './labels.js';
import { isoDateSchema } from './period.js';
import { AGENDA_OUTCOMES, SESSION_STATUSES } from './session.lifecycle.js';

export const sessionTransitionSchema = z.strictObject({ to: z.enum(SESSION_STATUSES), version: versionSchema.optional() });

export const AGENDA_KINDS = ['action_item', 'activity', 'amendment', 'free'] as const;

export const agendaItemCreateSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(500),
    // No defaults here: a label left out is the session's, shared with every party, and only one sent narrows it.
    classification: classificationSchema.optional().describe('The session’s classification when left out'),
    releasableTo: z
      .array(partyCodeSchema)
      .max(60)
      .optional()
      .describe('Every other party of the commission when left out; a narrower list hides the item from the parties left out'),
    compartments: z.array(compartmentCodeSchema).max(60).optional().describe('The session’s compartments when left out'),
  })
  .describe(
    'A free item of the agenda. Without a label it is marked so that every delegation of the session may read it; a narrower label is an explicit choice, and minutes cannot be approved by a party that cannot read all their items.',
  );
export type AgendaItemCreate = z.infer<typeof agendaItemCreateSchema>;

export const actionItemCreateSchema = z.strictObject({
  title: z.string().trim().min(1).max(500),
  responsibleParty: partyCodeSchema,
  responsibleOrganisation: z.string().trim().max(200).nullable().default(null),
  dueDate: isoDateSchema,
  activityId: idSchema.nullable().default(null),
  planId: idSchema.nullable().default(null),
});
export type ActionItemCreate = z.infer<typeof actionItemCreateSchema>;

export const minutesInputSchema = z.strictObject({
  summary: z.string().trim().min(1).max(20_000),
  decisions: z.string().trim().max(20_000).nullable().default(null),
  outcome: z
    .enum(AGENDA_OUTCOMES)
    .optional()
    .describe('What came of the item; when left out, a decision if decisions are written, else noted'),
  actionItems: z.array(actionItemCreateSchema).max(100).default([]).describe('Action items the decision creates'),
  version: versionSchema.optional(),
});
export type MinutesInput = z.infer<typeof minutesInputSchema>;

export const agendaReferenceSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('action_item'),
      sessionNumber: z.number().int(),
      dueDate: z.string(),
      overdue: z.boolean().describe('Still open after its due date'),
      status: z.enum(ACTION_ITEM_STATUSES).optional().describe('The action item’s status'),
    }),
    z.object({
      kind: z.literal('activity'),
      refCode: z.string(),
      plannedEnd: z.string(),
      postponements: z.number().int(),
      status: z.enum(ACTIVITY_STATUSES).optional().describe('The activity’s status'),
      overdue: z.boolean().optional().describe('Still open after its planned end'),
    }),
    z.object({ kind: z.literal('amendment'), number: z.number().int() }),
  ])
  .nullable()
  .describe(
    'Why a carried-forward item is on the agenda, as facts: clients build its title in the reader’s language from them and `title` (the free text as typed). While the session is planned or convened the facts are those of the activity or action item now, so an activity reported since the agenda was prepared reads as reported; once the session is held they stay as they were that day. Null for items added by hand.',
  );

/** Changes to an agenda item; changing its kind or links drops what it was carried forward for. */
export const agendaItemPatchSchema = labelledPatchSchema({
  title: z.string().trim().min(1).max(500),
  kind: z.enum(AGENDA_KINDS),
  actionItemId: idSchema.nullable(),
  activityId: idSchema.nullable(),
  planId: idSchema.nullable(),
}).describe(
  'Changes to an agenda item, with the version they were made on (or an If-Match header). Its marking is changed only by planners of its owner party, also once the session is held, so that an item hiding the minutes from a party can be released to it.',
);
export type AgendaItemPatch = z.infer<typeof agendaItemPatchSchema>;

export const agendaOrderSchema = z.strictObject({
  itemIds: z.array(idSchema).min(1).max(1000).describe('Every item of the agenda you can read, in the new order'),
});

export const agendaItemSchema = recordMetaSchema
  .extend({
    sessionId: z.string(),
    position: z.number().int(),
    kind: z.enum(AGENDA_KINDS),
    title: z.string().describe('The free text as typed; for a carried-forward item, the title of what it is about'),
    reference: agendaReferenceSchema,
    actionItemId: z.string().nullable(),
    activityId: z.string().nullable(),
    planId: z.string().nullable(),
    summary: z.string().nullable(),
    decisions: z.string().nullable(),
    outcome: z
      .enum(AGENDA_OUTCOMES)
      .nullable()
      .describe('What came of the item (decision, noted, deferred); null until its minutes are recorded'),
  })
  .describe('Agenda item of a session, with its minutes');
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const actionItemSchema = recordMetaSchema
  .extend({
    commissionId: z.string(),
    sessionId: z.string(),
    agendaItemId: z.string().nullable(),
    title: z.string(),
    responsibleParty: z.string(),
    responsibleOrganisation: z.string().nullable(),
    dueDate: z.string(),
    status: z.enum(ACTION_ITEM_STATUSES),
    overdue: z.boolean().describe('Derived: still open after the due date'),
    closedAt: z.string().nullable(),
    reason: z.string().nullable(),
    activityId: z.string().nullable(),
    planId: z.string().nullable(),
  })
  .describe('Action item decided by a session');
export type ActionItem = z.infer<typeof actionItemSchema>;

export const actionItemTransitionSchema = z.strictObject({
  to: z.enum(ACTION_ITEM_STATUSES),
  reason: z.string().trim().max(2000).optional(),
  version: versionSchema.optional(),
});

export const actionItemPatchSchema = z
  .strictObject({
    title: z.string().trim().min(1).max(500).optional(),
    responsibleParty: partyCodeSchema.optional(),
    responsibleOrganisation: z.string().trim().max(200).nullable().optional(),
    dueDate: isoDateSchema.optional(),
    activityId: idSchema.nullable().optional(),
    planId: idSchema.nullable().optional(),
    version: versionSchema.optional(),
  })
  .describe('Changes to an action item, with the version they were made on (or an If-Match header)');
export type ActionItemPatch = z.infer<typeof actionItemPatchSchema>;

export const actionItemListQuerySchema = z.strictObject({
  status: z.enum(ACTION_ITEM_STATUSES).optional(),
  responsibleParty: partyCodeSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
