import { z } from 'zod';
import { ACTIVITY_STATUSES } from './activity.lifecycle.js';
import { ACTIVITY_SORTS, DOMAINS } from './activity.schema.js';
import { partyCodeSchema } from './labels.js';
import { quarterOf } from './period.js';
import { refusing } from './problems.js';

/** The columns of a plan's activity table, in their order. */
export const ACTIVITY_COLUMNS = [
  'refCode',
  'title',
  'domain',
  'type',
  'leadParty',
  'plannedPeriod',
  'status',
  'priority',
  'classification',
  'updatedAt',
] as const;
export type ActivityColumn = (typeof ACTIVITY_COLUMNS)[number];
/** The columns shown until the reader chooses: all but the type and the time of the last change. */
export const DEFAULT_ACTIVITY_COLUMNS: readonly ActivityColumn[] = ACTIVITY_COLUMNS.filter(
  (c) => c !== 'type' && c !== 'updatedAt',
);

/** What a plan's activities can be grouped by. */
export const ACTIVITY_GROUPS = ['domain', 'leadParty', 'status', 'quarter'] as const;
export type ActivityGroup = (typeof ACTIVITY_GROUPS)[number];

/** An activity's key in a grouping, as the server counts the groups: a quarter is that of the planned start. */
export const groupKeyOf = (
  a: { domain: string; leadParty: string; status: string; plannedPeriod: { start: string } },
  by: ActivityGroup,
): string => (by === 'quarter' ? quarterOf(a.plannedPeriod.start) : a[by]);

/**
 * How a reader looks at a plan's activities — filters, search, sort, columns
 * and grouping — as the address keeps it and a saved query stores it. It
 * names no record, so it carries no label.
 */
export const activityQueryStateSchema = z
  .strictObject({
    status: z.enum(ACTIVITY_STATUSES).optional(),
    domain: z.enum(DOMAINS).optional(),
    leadParty: partyCodeSchema.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    sort: z.enum(ACTIVITY_SORTS).default('refCode'),
    columns: z
      .array(z.enum(ACTIVITY_COLUMNS))
      .min(1)
      .max(ACTIVITY_COLUMNS.length)
      .refine((cs) => new Set(cs).size === cs.length && cs.includes('refCode'), refusing('field.activity_columns'))
      .default([...DEFAULT_ACTIVITY_COLUMNS])
      .describe('The columns shown, each once; the reference is always among them'),
    group: z.enum(ACTIVITY_GROUPS).optional(),
  })
  .describe('ActivityQueryState');
export type ActivityQueryState = z.infer<typeof activityQueryStateSchema>;

/** The address's query names of the state's fields, short where the address is read by people. */
const PARAM = {
  status: 'status',
  domain: 'domain',
  leadParty: 'lead',
  q: 'q',
  sort: 'sort',
  columns: 'cols',
  group: 'group',
} as const;

/**
 * The state an address holds. A value the address spells wrongly (an old
 * link, a hand edit) falls back to its default instead of failing the page.
 */
export function activityQueryOfParams(params: URLSearchParams): ActivityQueryState {
  const field = <K extends keyof typeof PARAM>(key: K) => {
    const raw = params.get(PARAM[key]);
    if (raw === null) return undefined;
    const value = key === 'columns' ? raw.split(',') : raw;
    const parsed = activityQueryStateSchema.shape[key].safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };
  return activityQueryStateSchema.parse({
    status: field('status'),
    domain: field('domain'),
    leadParty: field('leadParty'),
    q: field('q'),
    sort: field('sort'),
    columns: field('columns'),
    group: field('group'),
  });
}

/** Writes the state into an address's query, leaving out what is at its default and keeping other parameters. */
export function activityQueryToParams(state: ActivityQueryState, into = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(into);
  for (const name of Object.values(PARAM)) next.delete(name);
  if (state.status) next.set(PARAM.status, state.status);
  if (state.domain) next.set(PARAM.domain, state.domain);
  if (state.leadParty) next.set(PARAM.leadParty, state.leadParty);
  if (state.q) next.set(PARAM.q, state.q);
  if (state.sort !== 'refCode') next.set(PARAM.sort, state.sort);
  const cols = ACTIVITY_COLUMNS.filter((c) => state.columns.includes(c));
  if (cols.join(',') !== DEFAULT_ACTIVITY_COLUMNS.join(',')) next.set(PARAM.columns, cols.join(','));
  if (state.group) next.set(PARAM.group, state.group);
  return next;
}

const savedQueryNameSchema = z.string().trim().min(1).max(120).describe('The name its owner gave it, unique among their own');

/** A new saved query: its name, whether the owner's party sees it, and the table's state it recalls. */
export const savedQueryCreateSchema = z
  .strictObject({
    name: savedQueryNameSchema,
    shared: z.boolean().default(false).describe('Seen by every user of the owner’s party, not only by the owner'),
    state: activityQueryStateSchema,
  })
  .describe('SavedQueryCreate');
export type SavedQueryCreate = z.infer<typeof savedQueryCreateSchema>;

/** A change of one's own saved query: a new name, sharing, or state. */
export const savedQueryPatchSchema = z
  .strictObject({
    name: savedQueryNameSchema.optional(),
    shared: z.boolean().optional(),
    state: activityQueryStateSchema.optional(),
  })
  .describe('SavedQueryPatch');
export type SavedQueryPatch = z.infer<typeof savedQueryPatchSchema>;

export const savedQuerySchema = z
  .object({
    id: z.string().describe('Record id'),
    name: z.string(),
    shared: z.boolean(),
    state: activityQueryStateSchema,
    mine: z.boolean().describe('Whether the reader owns it, and so may rename, share or delete it'),
    owner: z.string().describe('The display name of its owner, a user of the reader’s own party'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .describe('SavedQuery');
export type SavedQuery = z.infer<typeof savedQuerySchema>;

export const savedQueryListSchema = z.object({ items: z.array(savedQuerySchema) }).describe('SavedQueryList');

/** How many of a plan's activities matching the filters fall in each group, as the reader may read them. */
export const activityGroupsQuerySchema = z.strictObject({
  by: z.enum(ACTIVITY_GROUPS),
  status: z.enum(ACTIVITY_STATUSES).optional(),
  domain: z.enum(DOMAINS).optional(),
  leadParty: partyCodeSchema.optional(),
  q: z.string().trim().min(1).max(200).optional(),
});
export type ActivityGroupsQuery = z.infer<typeof activityGroupsQuerySchema>;

export const activityGroupsSchema = z
  .object({
    by: z.enum(ACTIVITY_GROUPS),
    groups: z
      .array(
        z.object({
          key: z.string().describe('The domain, lead party or status, or the quarter of the planned start as 2026-Q1'),
          count: z.number().int(),
        }),
      )
      .describe('Each group that holds an activity the reader may read, by key; a hidden activity is never counted'),
    total: z.number().int(),
  })
  .describe('ActivityGroups');
export type ActivityGroups = z.infer<typeof activityGroupsSchema>;
