import { z } from 'zod';

const fieldChange = z.object({ field: z.string(), from: z.unknown(), to: z.unknown() });

export const activityHistoryEntrySchema = z
  .object({
    at: z.string(),
    kind: z.enum(['status_change', 'change']).describe('A move through the lifecycle, or any other recorded change'),
    action: z.string().describe('What the audit log calls it, e.g. activity.update; status_change for a status change'),
    actorId: z.string().nullable(),
    actorParty: z.string().nullable(),
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
