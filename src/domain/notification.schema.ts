import { z } from 'zod';
import { localizedTextSchema } from './common.schema.js';
import { labelSchema } from './labels.js';

export const NOTIFICATION_KINDS = [
  'due_soon',
  'overdue',
  'changed',
  // Joint decisions on a plan asked of the reader's party, or taken on its plan (app/plan-decision.ts).
  'plan_refused',
  'plan_returned',
  'close_proposed',
  'close_refused',
  'reopen_proposed',
  'reopen_refused',
  // A party cannot read some of the reader's party's agenda items of held minutes (app/minutes-blockers.ts).
  'minutes_blocked',
  // A bulk relabel lowered many labels at once: told to the writer's party's security officers (app/activity-bulk.usecases.ts).
  'bulk_declassified',
] as const;

export const notificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTIFICATION_KINDS),
    entityType: z
      .enum(['activity', 'action_item', 'work_plan', 'commission_session', 'audit_entry'])
      .describe('audit_entry: the entry by its number (entityId), read under its label'),
    entityId: z.string(),
    sessionId: z.string().nullable().describe('For an action item, the session whose minutes decided it'),
    title: z
      .string()
      .describe(
        "Plain text for API clients: the record's reference and title in one language; a client in a language of its own uses planTitle or minutesBlocked",
      ),
    planTitle: localizedTextSchema(300)
      .nullable()
      .describe("For a plan's joint decision: the plan's title as it reads now, in every language it has"),
    minutesBlocked: z
      .object({
        sessionNumber: z.number().int(),
        party: z.string().describe('The party that cannot read some of the reader party’s agenda items'),
        count: z.number().int().describe('How many of them'),
      })
      .nullable()
      .describe('For minutes_blocked: what the web says in the reader’s language'),
    dueDate: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    ...labelSchema.shape,
  })
  .describe('In-app notification, with the label of the activity or action item it is about');
export type Notification = z.infer<typeof notificationSchema>;

export const notificationQuerySchema = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  day: z.iso.date().optional().describe('Only the digest of that day'),
});
