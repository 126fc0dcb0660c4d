import { type ActivityStatus, movesToState, type StandingState } from '../domain/activity.lifecycle.js';
import { plannedFields } from '../domain/activity.planned.js';
import type { Activity, ActivityPatch } from '../domain/activity.schema.js';
import { DomainError, type FieldIssue, type ProblemParams } from '../domain/errors.js';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  type ExchangeActivity,
  type ExchangeFile,
  type ExchangeFollowUp,
  exchangeFileSchema,
  exchangeIssues,
  type ImportChange,
  type ImportResult,
} from '../domain/exchange.schema.js';
import type { FollowUp } from '../domain/follow-up.schema.js';
import type { Label } from '../domain/labels.js';
import { importedPlanMoves, newActivityStatus, type PlanStatus } from '../domain/plan.lifecycle.js';
import type { PlanPatch } from '../domain/plan.schema.js';
import { issue, problem, type ThrowableCode } from '../domain/problems.js';
import { findSession } from '../store/commission.repo.js';
import type { ActivityRow, FollowUpRow, WorkPlanRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { planActivities, planFollowUps, readableSources } from '../store/exchange.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import { approvalsOf, findPlan, planRow } from '../store/plan.repo.js';
import { presentActivity, presentFollowUp, presentPlan, presentSource } from '../store/present.js';
import { inSavepoint, inTransaction } from '../store/tx.js';
import { createActivity, transitionActivityStatus, updateActivity } from './activity.usecases.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { addFollowUp, listFollowUps } from './follow-up.usecases.js';
import { assertKnownParties, labelFor } from './labels.js';
import { createPlan, transitionPlanStatus, updatePlan } from './plan.usecases.js';
import { assertCanPlan } from './policy.js';
import { createSource } from './source.usecases.js';

/** A refused file lists at most this many problems, so that the answer stays readable. */
export const MAX_REPORTED_PROBLEMS = 1000;

const sortedLabel = (l: Label): Label => ({
  ownerParty: l.ownerParty,
  classification: l.classification,
  releasableTo: [...l.releasableTo].sort(),
  compartments: [...l.compartments].sort(),
});

/** JSON with keys in a fixed order, so that `{en, fr}` and `{fr, en}` compare equal. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

// ---------------------------------------------------------------- export

/**
 * The exchange file of a plan, holding exactly what the actor may read:
 * readable activities, their readable follow-ups and the readable sources
 * they cite. A reference to a record the actor may not read is left out
 * (null), so that the file never shows one exists. The export is audited.
 */
export async function exportPlan(ctx: AppContext, actor: Actor, planId: string): Promise<ExchangeFile> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const plan = await findPlan(trx, reader, planId);
    if (!plan) throw problem('plan.not_found');
    const activities = await planActivities(trx, reader, planId);
    const followUps = await planFollowUps(trx, reader, planId);
    const cited = [plan.source_id, ...activities.map((a) => a.source_id)].filter((id): id is string => id !== null);
    const sources = await readableSources(trx, reader, cited);
    const session = plan.session_id ? await findSession(trx, reader, plan.session_id) : undefined;
    const visible = new Set(sources.map((s) => s.id));
    const cite = (id: string | null) => (id !== null && visible.has(id) ? id : null);
    const byActivity = new Map<string, FollowUpRow[]>();
    for (const f of followUps) byActivity.set(f.activity_id, [...(byActivity.get(f.activity_id) ?? []), f]);
    const now = isoNow(ctx);
    const file: ExchangeFile = {
      format: EXCHANGE_FORMAT,
      version: EXCHANGE_VERSION,
      exportedAt: now,
      exportedBy: { username: actor.username, party: actor.party },
      plan: {
        id: plan.id,
        commissionId: plan.commission_id,
        sessionId: session?.id ?? null,
        title: JSON.parse(plan.title),
        periodStart: plan.period_start,
        periodEnd: plan.period_end,
        status: plan.status as PlanStatus,
        sourceId: cite(plan.source_id),
        ...sortedLabel(codec.decode(plan)),
      },
      activities: activities.map((a) => exportActivity(codec, a, cite(a.source_id), byActivity.get(a.id) ?? [])),
      sources: sources.map((s) => {
        const { id, kind, title, publisher, url, publishedOn, excerpt, ...label } = presentSource(codec, s);
        return { id, kind, title, publisher, url, publishedOn, excerpt, ...sortedLabel(label) };
      }),
    };
    await audit(trx, actor, now, [
      {
        action: 'plan.export',
        entityType: 'work_plan',
        entityId: planId,
        label: plan,
        detail: { activities: activities.length, followUps: followUps.length, sources: sources.length },
      },
    ]);
    return file;
  });
}

function exportActivity(
  codec: LabelCodec,
  row: ActivityRow,
  sourceId: string | null,
  followUps: FollowUpRow[],
): ExchangeActivity {
  const a: Activity = presentActivity(codec, row, null);
  return {
    id: a.id,
    ...plannedFields(a),
    sourceId,
    ...sortedLabel(a),
    status: a.status,
    actualStart: a.actualStart,
    actualEnd: a.actualEnd,
    postponements: a.postponements,
    followUps: followUps.map((r): ExchangeFollowUp => {
      // Picked from the record of store/present.ts, like a source's: the file keeps its own fields, whatever the API adds.
      const { id, kind, body, language, fromStatus, toStatus, createdAt, ...label } = presentFollowUp(codec, r, null);
      return {
        id,
        kind,
        body,
        language,
        fromStatus: fromStatus as ActivityStatus | null,
        toStatus: toStatus as ActivityStatus | null,
        createdAt,
        ...sortedLabel(label),
      };
    }),
  };
}

// ---------------------------------------------------------------- import

/** Collects every problem of a file, each with its path, instead of stopping at the first. */
class Problems {
  readonly list: FieldIssue[] = [];

  add(path: string, code: ThrowableCode, params: ProblemParams = {}) {
    this.list.push(issue(path, code, params));
  }

  /** A refusal of a use case or a shared check becomes problems under `path`. */
  refusal(path: string, err: unknown) {
    if (!(err instanceof DomainError) || err.kind === 'unauthenticated' || err.kind === 'too_many') throw err;
    if (err.issues.length === 0)
      this.list.push({
        path,
        code: err.code,
        ...(Object.keys(err.params).length ? { params: err.params } : {}),
        message: err.message,
      });
    for (const i of err.issues) this.list.push({ ...i, path: `${path}.${i.path}` });
  }

  /** Runs a check the use cases share; its refusal becomes problems under `path`. */
  check<T>(path: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.refusal(path, err);
      return undefined;
    }
  }
}

const refused = (problems: FieldIssue[]) =>
  problems.length > MAX_REPORTED_PROBLEMS
    ? problem(
        'import.refused_first',
        { count: problems.length, max: MAX_REPORTED_PROBLEMS },
        problems.slice(0, MAX_REPORTED_PROBLEMS),
      )
    : problem(problems.length === 1 ? 'import.refused_one' : 'import.refused', { count: problems.length }, problems);

/** Carries the answer of a dry run out of its transaction, which is rolled back. */
class DryRun {
  constructor(readonly result: ImportResult) {}
}

export interface ImportOptions {
  /** Work out and answer every change, then write nothing. */
  dryRun?: boolean | undefined;
}

/** The state of one import, shared by its steps. */
interface ImportRun {
  /** The context of the import's transaction: every use case it calls joins it. */
  ctx: AppContext;
  trx: Db;
  codec: LabelCodec;
  actor: Actor;
  file: ExchangeFile;
  now: string;
  problems: Problems;
  changes: ImportChange[];
  skipped: FieldIssue[];
  unchanged: ImportResult['unchanged'];
  created: ImportResult['created'];
  updated: ImportResult['updated'];
  /** File source id → the id of the source it is here. */
  sourceIds: Map<string, string>;
  /** Ids of this installation's sources, cited by the file or by what it updates, that the actor may read. */
  readableCited: Set<string>;
  existing: WorkPlanRow | undefined;
  /** The existing plan's activities the actor may read: those a file row matches. */
  current: ActivityRow[];
  planId: string | null;
  planCreated: boolean;
  planUpdated: boolean;
  /** The moves that take a new plan from draft to the file's status, by the plan's lifecycle. */
  planMoves: PlanStatus[];
  approvedBefore: string[];
}

/**
 * Imports an exchange file as the actor, all or nothing, through the same use
 * cases as the API: each change is checked by the rule the API applies to it
 * (content of an adopted plan only through an open amendment, approvals of a
 * proposed plan withdrawn by a change, activities created in their initial
 * status and moved by recorded transitions at the server's time). Every
 * problem is reported with its path; a file with any problem writes nothing.
 * A dry run answers the same changes and writes nothing either. The plan is
 * matched on its id when it is the actor's party's, activities on their id
 * or else their reference code, follow-ups on their id or content, sources on their id; new
 * records always get ids of this installation, so that no answer depends on
 * whether an id of the file is taken by a record the actor cannot read.
 */
export async function importPlan(
  ctx: AppContext,
  actor: Actor,
  data: unknown,
  options: ImportOptions = {},
): Promise<ImportResult> {
  assertCanPlan(actor, actor.party);
  const parsed = exchangeFileSchema.safeParse(data);
  if (!parsed.success) throw refused(exchangeIssues(parsed.error.issues));
  const file = parsed.data;
  const codec = await ctx.codec();
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const run = startImport({ ...ctx, db: trx }, trx, codec, actor, file);
      await importSources(run);
      await resolveCitations(run);
      await importPlanRecord(run);
      for (const [i, a] of file.activities.entries()) await importActivity(run, a, i);
      await moveNewPlan(run);
      if (run.problems.list.length > 0) throw refused(run.problems.list);
      const result = await summarise(run, options.dryRun === true);
      if (options.dryRun) throw new DryRun(result);
      return result;
    });
  } catch (err) {
    if (err instanceof DryRun) return err.result;
    throw err;
  }
}

function startImport(ctx: AppContext, trx: Db, codec: LabelCodec, actor: Actor, file: ExchangeFile): ImportRun {
  return {
    ctx,
    trx,
    codec,
    actor,
    file,
    now: isoNow(ctx),
    problems: new Problems(),
    changes: [],
    skipped: [],
    unchanged: { activities: 0, followUps: 0, sources: 0 },
    created: { activities: 0, followUps: 0, sources: 0 },
    updated: { activities: 0 },
    sourceIds: new Map(),
    readableCited: new Set(),
    existing: undefined,
    current: [],
    planId: null,
    planCreated: false,
    planUpdated: false,
    planMoves: [],
    approvedBefore: [],
  };
}

/** An import writes records of the importer's party only. */
function checkOwner(run: ImportRun, path: string, ownerParty: string | undefined) {
  if (ownerParty && ownerParty !== run.actor.party)
    run.problems.add(`${path}.ownerParty`, 'import.other_owner', { ownerParty, party: run.actor.party });
}

/** Runs one step of the import; its refusal becomes problems under `path` and undoes only that step. */
async function step(run: ImportRun, path: string, fn: () => Promise<void>) {
  try {
    await inSavepoint(run.trx, fn);
  } catch (err) {
    run.problems.refusal(path, err);
  }
}

/** Sources the actor can already read are used as they are; the others are created as the actor's. */
async function importSources(run: ImportRun) {
  const { file, trx, codec, actor } = run;
  const readable = new Set(
    (
      await readableSources(
        trx,
        codec.reader(actor),
        file.sources.map((s) => s.id),
      )
    ).map((s) => s.id),
  );
  for (const [k, s] of file.sources.entries()) {
    const path = `sources[${k}]`;
    if (readable.has(s.id)) {
      run.sourceIds.set(s.id, s.id);
      run.unchanged.sources++;
      continue;
    }
    checkOwner(run, path, s.ownerParty);
    const { id: _id, ownerParty: _o, ...input } = s;
    await step(run, path, async () => {
      const created = await createSource(run.ctx, actor, input);
      run.sourceIds.set(s.id, created.id);
      run.created.sources++;
      run.changes.push({ path, action: 'create', id: created.id });
    });
  }
}

/** Which sources of this installation, cited by the file or by the records it updates, the actor may read. */
async function resolveCitations(run: ImportRun) {
  const { file, trx, codec, actor } = run;
  const reader = codec.reader(actor);
  run.existing = file.plan.id ? await findPlan(trx, reader, file.plan.id) : undefined;
  const current = run.existing ? await planActivities(trx, reader, run.existing.id) : [];
  run.current = current;
  const cited = [
    file.plan.sourceId,
    run.existing?.source_id,
    ...file.activities.map((a) => a.sourceId),
    ...current.map((a) => a.source_id),
  ].filter((id): id is string => typeof id === 'string' && !run.sourceIds.has(id));
  run.readableCited = new Set((await readableSources(trx, reader, cited)).map((s) => s.id));
}

/** The id a file's source reference stands for here; a problem when there is none the actor may read. */
function cite(run: ImportRun, path: string, id: string | null): string | null {
  if (id === null) return null;
  const resolved = run.sourceIds.get(id) ?? (run.readableCited.has(id) ? id : undefined);
  if (resolved === undefined) run.problems.add(path, 'import.no_such_source');
  return resolved ?? null;
}

/** A reference the actor cannot see was left out of the export (null); importing that file keeps it. */
const keepHidden = (given: string | null, stored: string | null | undefined, visible: boolean) =>
  given === null && stored && !visible ? stored : given;

const sameJson = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The fields of `wanted` that differ from `before`, as the diff shows them. */
function differences<T extends Record<string, unknown>>(before: T, wanted: Partial<T>) {
  return (Object.keys(wanted) as (keyof T & string)[])
    .filter((k) => !sameJson(before[k], wanted[k]))
    .map((field) => ({ field, before: before[field], after: wanted[field] }));
}

/** The plan's session and source as the import writes them, or null when the plan has problems. */
interface PlanReferences {
  sessionId: string | null;
  sourceId: string | null;
}

/** Creates the plan through the API's use case, or updates the actor's party's plan through it. */
async function importPlanRecord(run: ImportRun) {
  const refs = await checkPlanRecord(run);
  if (refs === null) return;
  if (run.existing) await updateImportedPlan(run, run.existing, refs);
  else await createImportedPlan(run, refs);
}

/**
 * The rules the plan of a file must follow: the importer's party's, in its
 * commission, at a status the plan's lifecycle lets an import give, under a
 * label the importer may write, citing sources the importer reads.
 */
async function checkPlanRecord(run: ImportRun): Promise<PlanReferences | null> {
  const { file, trx, codec, actor, problems } = run;
  const fp = file.plan;
  const existing = run.existing;
  checkOwner(run, 'plan', fp.ownerParty);
  if (existing && existing.owner_party !== actor.party)
    problems.add('plan.id', 'import.plan_of_other_party', { party: existing.owner_party });
  if (existing && existing.commission_id !== fp.commissionId) problems.add('plan.commissionId', 'import.plan_commission_fixed');
  const status = importedPlanMoves(existing?.status as PlanStatus | undefined, fp.status);
  if (status.issue) problems.list.push({ ...status.issue, path: `plan.${status.issue.path}` });
  else run.planMoves = status.moves;
  problems.check('plan', () => labelFor(codec, actor, planLabel(fp)));
  const sourceId = keepHidden(
    cite(run, 'plan.sourceId', fp.sourceId),
    existing?.source_id,
    run.readableCited.has(existing?.source_id ?? ''),
  );
  const storedSession = existing?.session_id ? await findSession(trx, codec.reader(actor), existing.session_id) : undefined;
  const sessionId = keepHidden(fp.sessionId, existing?.session_id, storedSession !== undefined);
  return problems.list.length > 0 ? null : { sessionId, sourceId };
}

const planLabel = (fp: ExchangeFile['plan']) => ({
  classification: fp.classification,
  releasableTo: fp.releasableTo,
  compartments: fp.compartments,
});

async function createImportedPlan(run: ImportRun, refs: PlanReferences) {
  const fp = run.file.plan;
  await step(run, 'plan', async () => {
    const plan = await createPlan(run.ctx, run.actor, {
      commissionId: fp.commissionId,
      sessionId: refs.sessionId,
      title: fp.title,
      periodStart: fp.periodStart,
      periodEnd: fp.periodEnd,
      sourceId: refs.sourceId,
      ...planLabel(fp),
    });
    run.planId = plan.id;
    run.planCreated = true;
    run.changes.push({ path: 'plan', action: 'create', id: plan.id });
  });
}

/** Writes the fields of the plan the file changes, as one update through the API's use case. */
async function updateImportedPlan(run: ImportRun, existing: WorkPlanRow, refs: PlanReferences) {
  const fp = run.file.plan;
  run.planId = existing.id;
  run.approvedBefore = ((await approvalsOf(run.trx, [existing.id])).get(existing.id) ?? []).map((a) => a.party);
  const before = presentPlan(run.codec, existing, [], null);
  const fields = differences(
    {
      title: before.title,
      periodStart: before.periodStart,
      periodEnd: before.periodEnd,
      sessionId: before.sessionId,
      sourceId: before.sourceId,
      classification: before.classification,
      releasableTo: [...before.releasableTo].sort(),
      compartments: [...before.compartments].sort(),
    } as Record<string, unknown>,
    {
      title: fp.title,
      periodStart: fp.periodStart,
      periodEnd: fp.periodEnd,
      sessionId: refs.sessionId,
      sourceId: refs.sourceId,
      classification: fp.classification,
      releasableTo: [...fp.releasableTo].sort(),
      compartments: [...fp.compartments].sort(),
    },
  );
  if (fields.length === 0) return;
  await step(run, 'plan', async () => {
    const patch: PlanPatch = Object.fromEntries(fields.map((f) => [f.field, f.after]));
    await updatePlan(run.ctx, run.actor, existing.id, { ...patch, version: existing.version });
    run.planUpdated = true;
    run.changes.push({ path: 'plan', action: 'update', id: existing.id, fields });
  });
}

/** A new plan is moved from draft to the file's status through the API's use case, as its owner would move it. */
async function moveNewPlan(run: ImportRun) {
  const { planId } = run;
  if (!run.planCreated || planId === null || run.problems.list.length > 0) return;
  for (const to of run.planMoves)
    await step(run, 'plan.status', async () => {
      await transitionPlanStatus(run.ctx, run.actor, planId, { to });
    });
}

/** The reason a file gives for a move: the body of its latest status-change entry to that status. */
function reasonFor(a: ExchangeActivity, to: ActivityStatus): string | undefined {
  return a.followUps.filter((f) => f.kind === 'status_change' && f.toStatus === to).at(-1)?.body;
}

/**
 * The readable activity a file row stands for: the one with the row's id, else
 * the one with its reference code. Codes are unique per label only
 * (docs/polyinstantiation.md), so a code the actor reads on several activities
 * names none of them: the row must carry the id of the one it means.
 */
function matchActivity(run: ImportRun, path: string, a: ExchangeActivity): ActivityRow | undefined {
  const byId = a.id ? run.current.find((c) => c.id === a.id) : undefined;
  if (byId) return byId;
  const byCode = run.current.filter((c) => c.ref_code === a.refCode);
  if (byCode.length > 1) run.problems.add(`${path}.refCode`, 'import.ambiguous_ref_code', { count: byCode.length });
  return byCode.length === 1 ? byCode[0] : undefined;
}

/**
 * Creates or updates one activity through the API's use cases, moves it to the
 * file's status by recorded transitions, and adds its new follow-up entries.
 */
async function importActivity(run: ImportRun, a: ExchangeActivity, i: number) {
  const path = `activities[${i}]`;
  const known = run.problems.list.length;
  const before = matchActivity(run, path, a);
  const sourceId = checkActivity(run, path, a, before);
  const moves = plannedMoves(run, path, a, before);
  const planId = run.planId;
  if (run.problems.list.length > known || planId === null || moves === null) return;
  await step(run, path, async () => {
    const written = before
      ? await updateImportedActivity(run, path, a, before, sourceId, moves)
      : await createImportedActivity(run, path, a, planId, sourceId);
    const moved = await moveActivity(run, path, a, written, moves);
    await importFollowUps(run, a, path, moved.id);
  });
}

/** The rules an activity of a file must follow; answers the source it cites here. */
function checkActivity(run: ImportRun, path: string, a: ExchangeActivity, before: ActivityRow | undefined) {
  const { codec, actor, problems } = run;
  checkOwner(run, path, a.ownerParty);
  problems.check(path, () => assertKnownParties(codec, [a.leadParty], 'leadParty'));
  problems.check(path, () => assertKnownParties(codec, a.participatingParties, 'participatingParties'));
  problems.check(path, () => labelFor(codec, actor, a));
  return keepHidden(cite(run, `${path}.sourceId`, a.sourceId), before?.source_id, run.readableCited.has(before?.source_id ?? ''));
}

/** What the API's activity use cases take of a file's activity: its own fields, without status or history. */
function activityInput(a: ExchangeActivity, sourceId: string | null) {
  const {
    followUps: _f,
    id: _id,
    ownerParty: _o,
    status: _s,
    actualStart: _as,
    actualEnd: _ae,
    postponements: _p,
    ...fields
  } = a;
  return { ...fields, description: a.description ?? {}, sourceId };
}

async function createImportedActivity(
  run: ImportRun,
  path: string,
  a: ExchangeActivity,
  planId: string,
  sourceId: string | null,
) {
  const activity = await createActivity(run.ctx, run.actor, planId, activityInput(a, sourceId));
  run.created.activities++;
  run.changes.push({ path, action: 'create', id: activity.id, refCode: a.refCode });
  return activity;
}

/**
 * Writes the fields of the activity the file changes, as one update through
 * the API's use case. A postponement moves the planned period itself, so the
 * period is left to that move.
 */
async function updateImportedActivity(
  run: ImportRun,
  path: string,
  a: ExchangeActivity,
  before: ActivityRow,
  sourceId: string | null,
  moves: ActivityStatus[],
) {
  let activity = presentActivity(run.codec, before, null);
  const { plannedPeriod: _period, ...rest } = activityInput(a, sourceId);
  const wanted = moves.includes('postponed') ? rest : activityInput(a, sourceId);
  const changed = differences(
    {
      ...activity,
      releasableTo: [...activity.releasableTo].sort(),
      compartments: [...activity.compartments].sort(),
    } as unknown as Record<string, unknown>,
    { ...wanted, releasableTo: [...a.releasableTo].sort(), compartments: [...a.compartments].sort() },
  );
  if (changed.length > 0) {
    const patch: ActivityPatch = Object.fromEntries(changed.map((c) => [c.field, c.after]));
    activity = await updateActivity(run.ctx, run.actor, activity.id, { ...patch, version: activity.version });
    run.changes.push({ path, action: 'update', id: activity.id, refCode: a.refCode, fields: changed });
  }
  if (changed.length > 0 || moves.length > 0) run.updated.activities++;
  else run.unchanged.activities++;
  return activity;
}

/** Moves the activity to the file's status by the API's recorded transitions, at the server's time. */
async function moveActivity(run: ImportRun, path: string, a: ExchangeActivity, activity: Activity, moves: ActivityStatus[]) {
  let moved = activity;
  for (const to of moves) {
    const from = moved.status as ActivityStatus;
    moved = await transitionActivityStatus(run.ctx, run.actor, moved.id, {
      to,
      reason: reasonFor(a, to),
      ...(to === 'postponed' && { plannedPeriod: a.plannedPeriod }),
      ...(to === 'conducted' && { actualStart: a.actualStart ?? undefined, actualEnd: a.actualEnd ?? undefined }),
    });
    run.changes.push({ path, action: 'move', id: moved.id, refCode: a.refCode, from, to, at: run.now });
  }
  return moved;
}

/**
 * The transitions that take the activity to the file's status, by the
 * lifecycle's rule; null, with the problems said, when there are none.
 */
function plannedMoves(run: ImportRun, path: string, a: ExchangeActivity, before: ActivityRow | undefined) {
  // A new activity starts where the API starts it, in the status the plan's lifecycle gives it.
  const start = newActivityStatus((run.existing?.status ?? 'draft') as PlanStatus);
  const current: StandingState = before
    ? {
        status: before.status as ActivityStatus,
        postponements: before.postponements,
        actualStart: before.actual_start,
        actualEnd: before.actual_end,
        created: true,
      }
    : { status: start, postponements: 0, actualStart: null, actualEnd: null, created: false };
  const reasons = { postponed: reasonFor(a, 'postponed'), cancelled: reasonFor(a, 'cancelled') };
  const { moves, problems } = movesToState(current, { ...a, reasons });
  for (const p of problems) run.problems.list.push({ ...p, path: `${path}.${p.path}` });
  return problems.length > 0 ? null : moves;
}

/**
 * Adds the file's follow-up entries an activity lacks, through the API's use
 * case: written by the importer, now. Status changes are not copied: the
 * import's own moves record them. An entry already here, by id or by content,
 * is left as written.
 */
async function importFollowUps(run: ImportRun, a: ExchangeActivity, path: string, activityId: string) {
  if (a.followUps.length === 0) return;
  const stored = (await listFollowUps(run.ctx, run.actor, activityId)).items;
  const byId = new Map(stored.map((f) => [f.id, f]));
  for (const [j, f] of a.followUps.entries()) {
    const fpath = `${path}.followUps[${j}]`;
    const same = byId.get(f.id);
    if (same) {
      if (sameFollowUp(same, f)) run.unchanged.followUps++;
      else run.problems.add(fpath, 'import.follow_up_fixed');
      continue;
    }
    if (f.kind === 'status_change') continue;
    if (f.ownerParty && f.ownerParty !== run.actor.party) {
      run.skipped.push(issue(fpath, 'import.follow_up_other_party', { party: f.ownerParty }));
      continue;
    }
    if (stored.some((s) => sameFollowUp(s, f))) {
      run.unchanged.followUps++;
      continue;
    }
    const added = await addFollowUp(run.ctx, run.actor, activityId, {
      kind: f.kind,
      body: f.body,
      language: f.language,
      classification: f.classification,
      releasableTo: f.releasableTo,
      compartments: f.compartments,
    });
    stored.push(added);
    run.created.followUps++;
    run.changes.push({ path: fpath, action: 'add', id: added.id, refCode: a.refCode, at: added.createdAt });
  }
}

function sameFollowUp(stored: FollowUp, f: ExchangeFollowUp) {
  return (
    stored.kind === f.kind &&
    stored.body === f.body &&
    stored.language === f.language &&
    stored.fromStatus === f.fromStatus &&
    stored.toStatus === f.toStatus &&
    stored.ownerParty === (f.ownerParty ?? stored.ownerParty) &&
    stored.classification === f.classification &&
    sameJson([...stored.releasableTo].sort(), [...f.releasableTo].sort()) &&
    sameJson([...stored.compartments].sort(), [...f.compartments].sort())
  );
}

/** The answer of the import, and the audit entry of an applied one (a dry run is rolled back, and records nothing). */
async function summarise(run: ImportRun, dryRun: boolean): Promise<ImportResult> {
  const planId = run.planId ?? '';
  const approvedNow = ((await approvalsOf(run.trx, [planId])).get(planId) ?? []).map((a) => a.party);
  const result: ImportResult = {
    planId,
    planCreated: run.planCreated,
    planUpdated: run.planUpdated,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    skipped: run.skipped,
    dryRun,
    approvalsWithdrawn: run.approvedBefore.filter((p) => !approvedNow.includes(p)),
    changes: run.changes,
  };
  if (dryRun) return result;
  const plan = await planRow(run.trx, planId);
  const { planId: _p, changes: _c, dryRun: _d, ...summary } = result;
  await audit(run.trx, run.actor, run.now, [
    { action: 'plan.import', entityType: 'work_plan', entityId: planId, label: plan, detail: summary },
  ]);
  return result;
}
