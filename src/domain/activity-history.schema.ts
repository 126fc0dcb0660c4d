import { z } from 'zod';
import { activityPatchSchema } from './activity.schema.js';
import { NAMED_IF_OWN_PARTY } from './user-naming.js';

/**
 * The actions the history tells besides status changes, as the audit log
 * names them (`activity.transition` is told by its status change).
 */
export const HISTORY_ACTIONS = ['activity.create', 'activity.update', 'activity.carry', 'activity.delete'] as const;

/** The fields a change can name: those a patch of an activity may change. */
export const HISTORY_FIELDS = Object.keys(activityPatchSchema.shape).filter((k) => k !== 'version') as readonly Exclude<
  keyof typeof activityPatchSchema.shape,
  'version'
>[];

/** Fields holding the id of another record: the history gives that record's name beside the id. */
export const NAMED_FIELDS = { sourceId: 'source', leadOrganisationId: 'organisation' } as const;

const fieldChange = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  fromName: z
    .string()
    .nullable()
    .optional()
    .describe("For a field holding a record's id: the record's name, null if the reader may not read it or it is gone"),
  toName: z.string().nullable().optional().describe('As fromName, for the new value'),
});
export type FieldChange = z.infer<typeof fieldChange>;

export const activityHistoryEntrySchema = z
  .object({
    at: z.string(),
    kind: z.enum(['status_change', 'change']).describe('A move through the lifecycle, or any other recorded change'),
    action: z.string().describe('What the audit log calls it, e.g. activity.update; status_change for a status change'),
    actorId: z.string().nullable().describe(`Who made the change; ${NAMED_IF_OWN_PARTY}`),
    actorParty: z.string().nullable().describe('The party of whoever made the change'),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    note: z.string().nullable().describe('The reason given for a status change'),
    changes: z.array(fieldChange).describe('Fields changed, with old and new values'),
  })
  .describe('One change in the history of an activity');
export type ActivityHistoryEntry = z.infer<typeof activityHistoryEntrySchema>;

export const activityHistorySchema = z
  .object({ activityId: z.string(), items: z.array(activityHistoryEntrySchema) })
  .describe('History of an activity, newest first, as far as the reader may read');
export type ActivityHistory = z.infer<typeof activityHistorySchema>;
