import { type core, z } from 'zod';
import { ACTIVITY_STATUSES, DONE_STATUSES } from './activity.lifecycle.js';
import { activityCreateSchema } from './activity.schema.js';
import { idSchema, LANGUAGES, labelFields, localizedTextSchema } from './common.schema.js';
import type { FieldIssue } from './errors.js';
import { FOLLOW_UP_KINDS } from './follow-up.schema.js';
import { partyCodeSchema } from './labels.js';
import { isoDateSchema } from './period.js';
import { PLAN_STATUSES } from './plan.lifecycle.js';
import { issue, refinement, refusing, type ThrowableCode, zodFieldIssue } from './problems.js';
import { sourceCreateSchema } from './source.schema.js';

/**
 * The plan exchange file: one work plan with its activities, their follow-up
 * entries and the sources they cite, as JSON. docs/exchange-format.md tells
 * how an import matches, updates and refuses what a file holds.
 */
export const EXCHANGE_FORMAT = 'jointplan.work-plan';
export const EXCHANGE_VERSION = 1;

// Every record of the file carries its label. Whoever imports it becomes the
// owner of what the import writes, so the owner given here is checked, not taken.
const ownerParty = partyCodeSchema.optional().describe("Owner party; defaults to the importer's");

/**
 * What one import may hold. Every row goes through the API's use cases in one
 * transaction that holds the database's write lock (on SQLite, every other
 * writer waits), so a file is bounded like a workbook, not by its bytes alone.
 */
export const IMPORT_LIMITS = { activities: 5_000, followUps: 20_000, sources: 2_000 } as const;

export const exchangeSourceSchema = sourceCreateSchema
  .extend({ id: idSchema, ownerParty })
  .strict()
  .describe('A source that the plan or its activities cite');
export type ExchangeSource = z.infer<typeof exchangeSourceSchema>;

export const exchangeFollowUpSchema = z
  .strictObject({
    id: idSchema,
    kind: z.enum(FOLLOW_UP_KINDS),
    body: z.string().trim().min(1).max(20_000),
    language: z.enum(LANGUAGES).default('fr'),
    fromStatus: z.enum(ACTIVITY_STATUSES).nullable().default(null),
    toStatus: z.enum(ACTIVITY_STATUSES).nullable().default(null),
    createdAt: z.iso.datetime({ offset: true }).describe('When the entry was written'),
    ownerParty,
    ...labelFields,
  })
  .superRefine((f, ctx) => {
    const change = f.kind === 'status_change';
    if (change && !f.toStatus) ctx.addIssue(refinement(issue('toStatus', 'import.status_change_needs_to')));
    if (!change && (f.fromStatus || f.toStatus))
      ctx.addIssue(refinement(issue('toStatus', 'import.no_status_change', { followUpKind: f.kind })));
  })
  .describe('Follow-up entry of an activity');
export type ExchangeFollowUp = z.infer<typeof exchangeFollowUpSchema>;

export const exchangeActivitySchema = activityCreateSchema
  .extend({
    id: idSchema.optional().describe('The activity of the plan to update, when the importer reads it; else matched on refCode'),
    ownerParty,
    status: z.enum(ACTIVITY_STATUSES),
    actualStart: isoDateSchema.nullable().default(null),
    actualEnd: isoDateSchema.nullable().default(null),
    postponements: z.number().int().min(0).max(1000).default(0),
    followUps: z.array(exchangeFollowUpSchema).max(IMPORT_LIMITS.followUps).default([]),
  })
  .strict()
  .superRefine((a, ctx) => {
    for (const problem of activityStateProblems(a)) ctx.addIssue(refinement(problem));
  })
  .describe('Activity of the plan');
export type ExchangeActivity = z.infer<typeof exchangeActivitySchema>;

export const exchangePlanSchema = z
  .strictObject({
    id: idSchema.optional().describe('The plan to update when it exists and is yours; kept for a new plan when free'),
    commissionId: idSchema,
    sessionId: idSchema.nullable().default(null),
    title: localizedTextSchema(300),
    periodStart: isoDateSchema,
    periodEnd: isoDateSchema,
    status: z.enum(PLAN_STATUSES),
    sourceId: idSchema.nullable().default(null),
    ownerParty,
    ...labelFields,
  })
  .refine((p) => p.periodEnd >= p.periodStart, refusing('period.not_before_start', ['periodEnd']))
  .describe('The work plan');
export type ExchangePlan = z.infer<typeof exchangePlanSchema>;

export const exchangeFileSchema = z
  .strictObject({
    format: z.literal(EXCHANGE_FORMAT, { message: `must be "${EXCHANGE_FORMAT}"` }),
    version: z.literal(EXCHANGE_VERSION, { message: `this installation reads version ${EXCHANGE_VERSION} of the format` }),
    exportedAt: z.iso.datetime({ offset: true }).optional(),
    exportedBy: z.strictObject({ username: z.string().max(100), party: partyCodeSchema }).optional(),
    plan: exchangePlanSchema,
    activities: z
      .array(exchangeActivitySchema)
      .max(IMPORT_LIMITS.activities, `at most ${IMPORT_LIMITS.activities} activities in one file: split the plan`),
    sources: z.array(exchangeSourceSchema).max(IMPORT_LIMITS.sources).default([]),
  })
  .superRefine((file, ctx) => {
    for (const { path, problem } of duplicateProblems(file)) ctx.addIssue({ ...refinement(problem), path });
    const followUps = file.activities.reduce((n, a) => n + a.followUps.length, 0);
    if (followUps > IMPORT_LIMITS.followUps)
      ctx.addIssue(
        refinement(issue('activities', 'import.too_many_follow_ups', { count: followUps, max: IMPORT_LIMITS.followUps })),
      );
  })
  .describe('Plan exchange file');
export type ExchangeFile = z.infer<typeof exchangeFileSchema>;

/** Statuses and dates that contradict each other within one activity. */
function activityStateProblems(a: {
  status: ExchangeActivity['status'];
  actualStart: string | null;
  actualEnd: string | null;
  postponements: number;
}): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const done = DONE_STATUSES.includes(a.status);
  if (done && !a.actualStart) problems.push(issue('actualStart', 'import.actual_start_required', { activityStatus: a.status }));
  if (!done && (a.actualStart || a.actualEnd))
    problems.push(issue('actualStart', 'import.no_actual_dates', { activityStatus: a.status }));
  if (a.actualStart && a.actualEnd && a.actualEnd < a.actualStart) problems.push(issue('actualEnd', 'field.before_actual_start'));
  if (a.status === 'postponed' && a.postponements < 1) problems.push(issue('postponements', 'import.postponed_once'));
  return problems;
}

/** Reference codes at one label, and ids, that appear twice: matching would be ambiguous. */
function duplicateProblems(file: Pick<ExchangeFile, 'activities' | 'sources'>) {
  const problems: { path: (string | number)[]; problem: FieldIssue }[] = [];
  const seen = new Map<string, string>();
  const once = (key: string, path: (string | number)[], code: ThrowableCode, params: Record<string, string> = {}) => {
    const first = seen.get(key);
    if (first) problems.push({ path, problem: issue('', code, { ...params, first }) });
    else seen.set(key, issuePath(path));
  };
  file.activities.forEach((a, i) => {
    // Codes are unique per label, as in the database (docs/polyinstantiation.md).
    const label = [a.ownerParty, a.classification, [...a.releasableTo].sort(), [...a.compartments].sort()];
    once(`ref:${a.refCode}:${JSON.stringify(label)}`, ['activities', i, 'refCode'], 'import.duplicate_ref_code', {
      refCode: a.refCode,
    });
    if (a.id) once(`id:${a.id}`, ['activities', i, 'id'], 'import.duplicate_id');
    a.followUps.forEach((f, j) => {
      once(`id:${f.id}`, ['activities', i, 'followUps', j, 'id'], 'import.duplicate_id');
    });
  });
  file.sources.forEach((s, i) => {
    once(`source:${s.id}`, ['sources', i, 'id'], 'import.duplicate_source_id');
  });
  return problems;
}

/** `activities[12].plannedPeriod.end`: a path as a reader of the file writes it. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** Every problem zod found, one per field, with its path in the file. */
export function exchangeIssues(issues: readonly core.$ZodIssue[]): FieldIssue[] {
  return issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => issue(issuePath([...i.path, k]), 'field.unknown_field'));
    return [zodFieldIssue(issuePath(i.path) || '(file)', i)];
  });
}

/** `?dryRun=true`: answer what an import would change, and change nothing. */
export const importQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('true: answer every change the import would make, row by row, and write nothing'),
});

const count = z.number().int().min(0);

export const IMPORT_ACTIONS = ['create', 'update', 'move', 'add'] as const;

export const importChangeSchema = z
  .object({
    path: z.string().describe('Where the change comes from in the file: `plan`, `activities[3]`, `activities[3].followUps[1]`'),
    action: z
      .enum(IMPORT_ACTIONS)
      .describe('create a record, update its fields, move an activity by one lifecycle transition, add a follow-up entry'),
    id: z.string().describe('The record changed (on a dry run, the id of a created record is not kept)'),
    refCode: z.string().optional(),
    fields: z
      .array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() }))
      .optional()
      .describe('For an update: each field that changes, before → after'),
    from: z.enum(ACTIVITY_STATUSES).optional(),
    to: z.enum(ACTIVITY_STATUSES).optional(),
    at: z.string().optional().describe('For a move or an added entry: the server time it is recorded at'),
  })
  .describe('One change of an import');
export type ImportChange = z.infer<typeof importChangeSchema>;

export const importResultSchema = z
  .object({
    planId: idSchema,
    planCreated: z.boolean(),
    planUpdated: z.boolean(),
    created: z.object({ activities: count, followUps: count, sources: count }),
    updated: z.object({ activities: count }),
    unchanged: z.object({ activities: count, followUps: count, sources: count }),
    skipped: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .describe('Entries of the file left out, with why (entries written by another party)'),
    dryRun: z.boolean().describe('True when nothing was written: the answer shows what the import would do'),
    approvalsWithdrawn: z
      .array(partyCodeSchema)
      .describe('Parties whose approval of the proposed plan the changes withdrew: they approve the new content again'),
    changes: z.array(importChangeSchema).describe('Every change, in the order it is applied, each through the rules of the API'),
  })
  .describe('What an import wrote, or would write on a dry run');
export type ImportResult = z.infer<typeof importResultSchema>;
