import { z } from 'zod';
import { limitSchema } from './common.schema.js';
import { labelSchema } from './labels.js';

export const searchQuerySchema = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: limitSchema.describe('How many hits of each kind at most'),
});

/** The kinds of record search finds, in the order results are grouped. */
export const SEARCH_KINDS = [
  'activity',
  'follow_up',
  'programme',
  'industrial_project',
  'session',
  'agenda_item',
  'minutes',
  'decision',
  'action_item',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export const snippetPartSchema = z
  .object({ text: z.string(), hit: z.boolean().describe('A word the search found, to be highlighted') })
  .describe('A stretch of plain text of a snippet (never markup)');
export type SnippetPart = z.infer<typeof snippetPartSchema>;

export const searchHitSchema = labelSchema
  .extend({
    kind: z.enum(SEARCH_KINDS),
    id: z.string().describe('The record found (for minutes and decisions: their agenda item)'),
    version: z.number().int(),
    title: z
      .record(z.string(), z.string())
      .describe('By language; a text typed in no given language (an agenda item, a session’s place) is under `und`'),
    refCode: z.string().nullable().describe('The activity’s reference, for activities and their follow-ups'),
    activityId: z.string().nullable(),
    planId: z.string().nullable(),
    sessionId: z.string().nullable().describe('For sessions, agenda items, minutes, decisions and action items'),
    commissionId: z.string().nullable(),
    programmeId: z.string().nullable(),
    snippet: z.string().describe('The text around the first word found, as plain text'),
    snippetParts: z.array(snippetPartSchema).describe('The same snippet cut into stretches, the words found marked'),
  })
  .describe('A record the reader may read that answers every word of the query');
export type SearchHit = z.infer<typeof searchHitSchema>;

export const searchGroupSchema = z.object({
  kind: z.enum(SEARCH_KINDS),
  count: z.number().int().describe('How many records of this kind the reader may read answer the query'),
});

export const searchResultSchema = z.object({
  items: z.array(searchHitSchema).describe('Up to `limit` hits of each kind, grouped by kind, newest first within a kind'),
  groups: z.array(searchGroupSchema).describe('Each kind with at least one hit, in the order of `items`'),
  nextCursor: z.null(),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
