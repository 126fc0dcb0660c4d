import { z } from 'zod';
import { idSchema, LANGUAGES, timestampSchema } from './common.schema.js';
import { partyCodeSchema } from './labels.js';

/** Kinds of record a user may watch. */
export const WATCHED_TYPES = ['activity', 'action_item'] as const;

export const watcherSchema = z.object({
  userId: idSchema.nullable().describe("The watcher's account; null when of another party than the reader's"),
  username: z.string().nullable().describe("The watcher's username; null when of another party than the reader's"),
  displayName: z.string().describe('The watcher\'s name; "a user" when of another party than the reader\'s'),
  party: partyCodeSchema,
  since: timestampSchema.describe('When the user began to watch the record'),
});
export type Watcher = z.infer<typeof watcherSchema>;

/** Who watches a record, and whether the reader does. */
export const watchersSchema = z.object({
  items: z.array(watcherSchema),
  watching: z.boolean().describe('Whether the reader watches the record'),
});
export type Watchers = z.infer<typeof watchersSchema>;

/** An e-mail address, or null for none; notifications go to it when the installation has an SMTP server. */
export const emailAddressSchema = z.strictObject({
  email: z.email().max(254).nullable().describe('Where notifications are e-mailed; null for none'),
});
export type EmailAddress = z.infer<typeof emailAddressSchema>;

/** The language one reads JointPlan in, or null for none; notification e-mails are written in it (none: English). */
export const languageSettingSchema = z.strictObject({
  language: z.enum(LANGUAGES).nullable().describe('fr, en, ar or he; null for none'),
});
export type LanguageSetting = z.infer<typeof languageSettingSchema>;
