import type { Kysely, Updateable } from 'kysely';
import { ACTIVITY_TRANSITIONS, type ActivityStatus } from '../domain/activity.lifecycle.js';
import type { Activity } from '../domain/activity.schema.js';
import { DomainError, type FieldIssue, invalid, notFound } from '../domain/errors.js';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  type ExchangeActivity,
  type ExchangeFile,
  type ExchangeFollowUp,
  exchangeFileSchema,
  exchangeIssues,
  type ImportResult,
} from '../domain/exchange.schema.js';
import { newId } from '../domain/ids.js';
import type { Label } from '../domain/labels.js';
import { isPlanEditable, type PlanStatus } from '../domain/plan.lifecycle.js';
import { insertActivities, updateActivity as updateActivityRow } from '../store/activity.repo.js';
import { recordActivityEvents } from '../store/activity-event.repo.js';
import { findCommission, findSession } from '../store/commission.repo.js';
import type {
  ActivityRow,
  ActivityUpdate,
  Database,
  FollowUpRow,
  LabelColumns,
  SourceRow,
  WorkPlanRow,
  WorkPlanTable,
} from '../store/database.js';
import {
  insertFollowUps,
  insertSources,
  knownOrganisations,
  planActivities,
  planFollowUps,
  readableFollowUps,
  readableSources,
  takenIds,
  takenRefCodes,
} from '../store/exchange.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findPlan } from '../store/plan.repo.js';
import { indexForSearch } from '../store/search.repo.js';
import { inTransaction } from '../store/tx.js';
import { activityChanges, newActivityRow, searchTexts } from './activity.usecases.js';
import { type AuditEvent, audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, labelFor } from './labels.js';
import { assertCanPlan } from './policy.js';
import { presentActivity, presentFollowUp, presentSource } from './present.js';

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
    if (!plan) throw notFound('Plan');
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
  const a: Activity = presentActivity(codec, row);
  return {
    id: a.id,
    refCode: a.refCode,
    title: a.title,
    ...(Object.keys(a.description).length > 0 && { description: a.description }),
    type: a.type,
    domain: a.domain,
    leadParty: a.leadParty,
    participatingParties: a.participatingParties,
    leadOrganisationId: a.leadOrganisationId,
    location: a.location,
    plannedPeriod: a.plannedPeriod,
    priority: a.priority,
    sourceId,
    ...sortedLabel(a),
    status: a.status,
    actualStart: a.actualStart,
    actualEnd: a.actualEnd,
    postponements: a.postponements,
    followUps: followUps.map((r): ExchangeFollowUp => {
      const f = presentFollowUp(codec, r);
      return {
        id: f.id,
        kind: f.kind,
        body: f.body,
        language: f.language,
        fromStatus: f.fromStatus as ActivityStatus | null,
        toStatus: f.toStatus as ActivityStatus | null,
        createdAt: f.createdAt,
        ...sortedLabel(f),
      };
    }),
  };
}

// ---------------------------------------------------------------- import

/** Collects every problem of a file, each with its path, instead of stopping at the first. */
class Problems {
  readonly list: FieldIssue[] = [];

  add(path: string, message: string) {
    this.list.push({ path, message });
  }

  /** Runs a check the use cases share; its refusal becomes problems under `path`. */
  check<T>(path: string, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof DomainError) || err.kind !== 'invalid') throw err;
      if (err.issues.length === 0) this.add(path, err.message);
      for (const i of err.issues) this.add(`${path}.${i.path}`, i.message);
      return undefined;
    }
  }
}

const refused = (problems: FieldIssue[]) =>
  invalid(
    `The file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was imported` +
      (problems.length > MAX_REPORTED_PROBLEMS ? ` (the first ${MAX_REPORTED_PROBLEMS} are listed)` : ''),
    problems.slice(0, MAX_REPORTED_PROBLEMS),
  );

/** Statuses an activity in `from` can still reach by its lifecycle. */
function reachableFrom(from: ActivityStatus): Set<ActivityStatus> {
  const seen = new Set<ActivityStatus>();
  const queue: ActivityStatus[] = [from];
  for (let s = queue.shift(); s !== undefined; s = queue.shift())
    for (const next of ACTIVITY_TRANSITIONS[s])
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
  return seen;
}

// Plan columns an import may change, with their names in the file.
const PLAN_FIELDS = {
  title: 'title',
  period_start: 'periodStart',
  period_end: 'periodEnd',
  session_id: 'sessionId',
  source_id: 'sourceId',
  classification: 'classification',
  releasable_mask: 'releasableTo',
  compartment_mask: 'compartments',
} as const;

// Fields whose change is a new state in an activity's history.
const STATE_FIELDS = new Set(['status', 'plannedPeriod', 'actualStart', 'actualEnd']);

// Activity columns an import may change, with their names in the file.
const ACTIVITY_FIELDS: Record<string, string> = {
  title: 'title',
  description: 'description',
  type: 'type',
  domain: 'domain',
  lead_party: 'leadParty',
  participating_parties: 'participatingParties',
  lead_organisation_id: 'leadOrganisationId',
  location: 'location',
  planned_start: 'plannedPeriod',
  planned_end: 'plannedPeriod',
  planned_precision: 'plannedPeriod',
  priority: 'priority',
  source_id: 'sourceId',
  classification: 'classification',
  releasable_mask: 'releasableTo',
  compartment_mask: 'compartments',
  status: 'status',
  actual_start: 'actualStart',
  actual_end: 'actualEnd',
  postponements: 'postponements',
};

/** Everything an import will write, worked out before the first write. */
interface ImportWrites {
  planId: string;
  planLabel: LabelColumns;
  newPlan: WorkPlanRow | null;
  planUpdate: { row: WorkPlanRow; changes: Updateable<WorkPlanTable>; fields: string[] } | null;
  newSources: SourceRow[];
  newActivities: ActivityRow[];
  activityUpdates: { before: ActivityRow; changes: ActivityUpdate; fields: string[] }[];
  newFollowUps: FollowUpRow[];
  unchanged: ImportResult['unchanged'];
  skipped: FieldIssue[];
}

/**
 * Imports an exchange file as the actor, all or nothing. The whole file is
 * checked first (its form, then everything it refers to) and every problem is
 * reported with its path; only a file without problems is written, in one
 * transaction. The plan is matched on its id when it is the actor's party's,
 * activities on their reference code, follow-ups and sources on their id; what
 * already holds the same content is left alone, so importing the same file
 * twice writes nothing the second time but the audit entry of the import.
 */
export async function importPlan(ctx: AppContext, actor: Actor, data: unknown): Promise<ImportResult> {
  assertCanPlan(actor, actor.party);
  const parsed = exchangeFileSchema.safeParse(data);
  if (!parsed.success) throw refused(exchangeIssues(parsed.error.issues));
  const file = parsed.data;
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const problems = new Problems();
    const writes = await prepareImport(trx, ctx, codec, actor, file, problems);
    if (problems.list.length > 0 || !writes) throw refused(problems.list);
    return applyImport(trx, ctx, actor, writes);
  });
}

async function prepareImport(
  trx: Kysely<Database>,
  ctx: AppContext,
  codec: LabelCodec,
  actor: Actor,
  file: ExchangeFile,
  problems: Problems,
): Promise<ImportWrites | null> {
  const reader = codec.reader(actor);
  const now = isoNow(ctx);
  const today = todayOf(ctx);
  const unchanged = { activities: 0, followUps: 0, sources: 0 };
  const owned = (path: string, ownerParty: string | undefined) => {
    if (ownerParty && ownerParty !== actor.party)
      problems.add(`${path}.ownerParty`, `is ${ownerParty}: an import writes records of ${actor.party} only`);
  };

  // Sources: those the actor can already read are used as they are; the others are copied.
  const sourceIds = new Map<string, string>();
  const newSources: SourceRow[] = [];
  const readableFileSources = new Set(
    (
      await readableSources(
        trx,
        reader,
        file.sources.map((s) => s.id),
      )
    ).map((s) => s.id),
  );
  const takenSourceIds = await takenIds(
    trx,
    'source',
    file.sources.map((s) => s.id).filter((id) => !readableFileSources.has(id)),
  );
  file.sources.forEach((s, k) => {
    if (readableFileSources.has(s.id)) {
      sourceIds.set(s.id, s.id);
      unchanged.sources++;
      return;
    }
    const label = problems.check(`sources[${k}]`, () => labelFor(codec, actor, s).columns);
    // An id held by a record the actor cannot read is not reused, and nothing says so.
    const id = takenSourceIds.has(s.id) ? newId() : s.id;
    sourceIds.set(s.id, id);
    if (label)
      newSources.push({
        id,
        kind: s.kind,
        title: s.title,
        publisher: s.publisher,
        url: s.url,
        published_on: s.publishedOn,
        excerpt: s.excerpt,
        ...label,
        version: 1,
        created_at: now,
        updated_at: now,
      });
  });

  // The plan.
  const fp = file.plan;
  owned('plan', fp.ownerParty);
  const existing = fp.id ? await findPlan(trx, reader, fp.id) : undefined;
  if (existing && existing.owner_party !== actor.party)
    problems.add('plan.id', `this plan belongs to ${existing.owner_party}; only its planners can import into it`);
  const commission = await findCommission(trx, reader, fp.commissionId);
  if (!commission) problems.add('plan.commissionId', 'no such commission');
  else if (!(JSON.parse(commission.parties) as string[]).includes(actor.party))
    problems.add('plan.commissionId', `${actor.party} is not a party of this commission`);
  if (existing && existing.commission_id !== fp.commissionId)
    problems.add('plan.commissionId', 'a plan cannot move to another commission');
  if (fp.sessionId) {
    const session = await findSession(trx, reader, fp.sessionId);
    if (!session || session.commission_id !== fp.commissionId)
      problems.add('plan.sessionId', 'no such session of this commission');
  }
  if (!existing && !isPlanEditable(fp.status))
    problems.add(
      'plan.status',
      `a new plan is imported as draft or proposed: ${fp.status} needs the approval of every commission party here`,
    );
  if (existing && fp.status !== existing.status)
    problems.add('plan.status', `the plan is ${existing.status} here; plans move through their lifecycle by transitions`);
  const planLabel = problems.check('plan', () =>
    labelFor(codec, actor, fp, existing ? codec.decode(existing) : undefined),
  )?.columns;

  const planId = existing?.id ?? (fp.id && !(await takenIds(trx, 'work_plan', [fp.id])).has(fp.id) ? fp.id : newId());
  const current = new Map((existing ? await planActivities(trx, reader, existing.id) : []).map((a) => [a.ref_code, a]));

  // References the file makes to records of this installation, resolved in batches.
  const cited = [
    fp.sourceId,
    existing?.source_id,
    ...file.activities.map((a) => a.sourceId),
    ...[...current.values()].map((a) => a.source_id),
  ];
  const readableCited = new Set(
    (
      await readableSources(
        trx,
        reader,
        cited.filter((id): id is string => typeof id === 'string' && !sourceIds.has(id)),
      )
    ).map((s) => s.id),
  );
  const cite = (path: string, id: string | null): string | null => {
    if (id === null) return null;
    const resolved = sourceIds.get(id) ?? (readableCited.has(id) ? id : undefined);
    if (resolved === undefined) problems.add(path, 'no such source: give it in sources');
    return resolved ?? null;
  };
  // A reference the actor cannot see was left out of the export; importing that file keeps it.
  const keepHidden = (given: string | null, stored: string | null | undefined, visible: boolean) =>
    given === null && stored && !visible ? stored : given;

  const planSource = keepHidden(
    cite('plan.sourceId', fp.sourceId),
    existing?.source_id,
    readableCited.has(existing?.source_id ?? ''),
  );
  const storedSession = existing?.session_id ? await findSession(trx, reader, existing.session_id) : undefined;
  const planSession = keepHidden(fp.sessionId, existing?.session_id, storedSession !== undefined);

  let newPlan: WorkPlanRow | null = null;
  let planUpdate: ImportWrites['planUpdate'] = null;
  if (planLabel) {
    const content = {
      title: JSON.stringify(fp.title),
      period_start: fp.periodStart,
      period_end: fp.periodEnd,
      session_id: planSession,
      source_id: planSource,
      classification: planLabel.classification,
      releasable_mask: planLabel.releasable_mask,
      compartment_mask: planLabel.compartment_mask,
    };
    if (!existing)
      newPlan = {
        id: planId,
        commission_id: fp.commissionId,
        status: fp.status,
        ...content,
        owner_party: planLabel.owner_party,
        version: 1,
        created_at: now,
        updated_at: now,
      };
    else {
      const changed = (Object.keys(PLAN_FIELDS) as (keyof typeof PLAN_FIELDS)[]).filter((k) =>
        k === 'title' ? canonical(JSON.parse(existing.title)) !== canonical(fp.title) : existing[k] !== content[k],
      );
      if (changed.length > 0 && !isPlanEditable(existing.status as PlanStatus))
        for (const k of changed)
          problems.add(`plan.${PLAN_FIELDS[k]}`, `a plan that is ${existing.status} is changed by amendment, not by import`);
      if (changed.length > 0)
        planUpdate = { row: existing, changes: content, fields: [...new Set(changed.map((k) => PLAN_FIELDS[k]))] };
    }
  }

  // Activities, matched on their reference code.
  const planEditable = existing ? isPlanEditable(existing.status as PlanStatus) : true;
  const hiddenRefCodes = existing
    ? await takenRefCodes(
        trx,
        existing.id,
        file.activities.map((a) => a.refCode).filter((r) => !current.has(r)),
      )
    : new Set<string>();
  const organisations = await knownOrganisations(
    trx,
    file.activities.map((a) => a.leadOrganisationId).filter((id): id is string => id !== null),
  );
  const takenActivityIds = await takenIds(
    trx,
    'activity',
    file.activities.filter((a) => a.id && !current.has(a.refCode)).map((a) => a.id ?? ''),
  );
  const followUpIds = file.activities.flatMap((a) => a.followUps.map((f) => f.id));
  const storedFollowUps = new Map((await readableFollowUps(trx, reader, followUpIds)).map((f) => [f.id, f]));
  const takenFollowUpIds = await takenIds(
    trx,
    'follow_up',
    followUpIds.filter((id) => !storedFollowUps.has(id)),
  );

  const newActivities: ActivityRow[] = [];
  const activityUpdates: ImportWrites['activityUpdates'] = [];
  const newFollowUps: FollowUpRow[] = [];
  const skipped: FieldIssue[] = [];

  file.activities.forEach((a, i) => {
    const path = `activities[${i}]`;
    owned(path, a.ownerParty);
    problems.check(path, () => assertKnownParties(codec, [a.leadParty], 'leadParty'));
    problems.check(path, () => assertKnownParties(codec, a.participatingParties, 'participatingParties'));
    if (a.leadOrganisationId && !organisations.has(a.leadOrganisationId))
      problems.add(`${path}.leadOrganisationId`, 'no such organisation');
    const before = current.get(a.refCode);
    const sourceId = keepHidden(
      cite(`${path}.sourceId`, a.sourceId),
      before?.source_id,
      readableCited.has(before?.source_id ?? ''),
    );
    const label = problems.check(path, () => labelFor(codec, actor, a, before && codec.decode(before)))?.columns;
    for (const field of ['actualStart', 'actualEnd'] as const) {
      const date = a[field];
      if (date && date > today)
        problems.add(`${path}.${field}`, `an activity cannot be conducted in the future (after ${today})`);
    }
    if (!before && hiddenRefCodes.has(a.refCode))
      problems.add(`${path}.refCode`, `reference code ${a.refCode} is already used in this plan`);
    if (before) checkActivityMove(problems, path, before, a, planEditable);
    const outcome = {
      status: a.status,
      actual_start: a.actualStart,
      actual_end: a.actualEnd,
      postponements: a.postponements,
    };
    const activityId = before?.id ?? (a.id && !takenActivityIds.has(a.id) ? a.id : newId());
    if (label && !before)
      newActivities.push({
        ...newActivityRow(
          { ...a, sourceId },
          { id: activityId, planId, status: a.status, ownerUserId: actor.userId, label, now },
        ),
        ...outcome,
      });
    if (label && before) {
      const { followUps: _f, id: _id, ownerParty: _o, status: _s, actualStart, actualEnd, postponements: _p, ...fields } = a;
      const wanted: ActivityUpdate = {
        ...activityChanges({ ...fields, description: a.description ?? {}, sourceId }),
        ...label,
        ...outcome,
      };
      // Description {} is stored as "{}", which activityChanges writes the same way.
      const changed = Object.entries(wanted)
        .filter(([k, v]) => {
          const stored = before[k as keyof ActivityRow];
          return k === 'title' || k === 'description' || k === 'participating_parties'
            ? canonical(JSON.parse(stored as string)) !== canonical(JSON.parse(v as string))
            : stored !== v;
        })
        .map(([k]) => k);
      if (changed.length > 0)
        activityUpdates.push({
          before,
          changes: Object.fromEntries(changed.map((k) => [k, wanted[k as keyof ActivityUpdate]])),
          fields: [...new Set(changed.map((k) => ACTIVITY_FIELDS[k] ?? k))],
        });
      else unchanged.activities++;
    }

    // Follow-ups, matched on their id. They are kept as written, never edited.
    a.followUps.forEach((f, j) => {
      const fpath = `${path}.followUps[${j}]`;
      const stored = storedFollowUps.get(f.id);
      // An entry of another activity (a plan copied by importing its file as a new plan) is copied, not matched.
      if (stored && stored.activity_id === activityId) {
        if (!sameFollowUp(codec, stored, f))
          problems.add(fpath, 'a follow-up entry is kept as written: an import does not change it');
        else unchanged.followUps++;
        return;
      }
      if (f.ownerParty && f.ownerParty !== actor.party) {
        skipped.push({ path: fpath, message: `written by ${f.ownerParty}: only ${f.ownerParty} can import it` });
        return;
      }
      const createdAt = new Date(f.createdAt).toISOString();
      if (createdAt > now) problems.add(`${fpath}.createdAt`, 'is in the future');
      const fLabel = problems.check(fpath, () => labelFor(codec, actor, f).columns);
      if (fLabel)
        newFollowUps.push({
          id: stored || takenFollowUpIds.has(f.id) ? newId() : f.id,
          activity_id: activityId,
          kind: f.kind,
          body: f.body,
          language: f.language,
          author_id: actor.userId,
          from_status: f.fromStatus,
          to_status: f.toStatus,
          ...fLabel,
          version: 1,
          created_at: createdAt,
          updated_at: now,
        });
    });
  });

  const closed = existing?.status === 'closed';
  if (closed && (planUpdate || newActivities.length || activityUpdates.length || newFollowUps.length))
    problems.add('plan', 'a closed plan cannot change');
  if (!planLabel) return null;
  return {
    planId,
    planLabel,
    newPlan,
    planUpdate,
    newSources,
    newActivities,
    activityUpdates,
    newFollowUps,
    unchanged,
    skipped,
  };
}

/** A matched activity may only move forward along its lifecycle, as its transitions would. */
function checkActivityMove(problems: Problems, path: string, before: ActivityRow, a: ExchangeActivity, planEditable: boolean) {
  const from = before.status as ActivityStatus;
  if (a.status !== from && !reachableFrom(from).has(a.status)) {
    const allowed = [...reachableFrom(from)];
    problems.add(
      `${path}.status`,
      `cannot move from ${from} to ${a.status}; ${allowed.length ? `it can move to: ${allowed.join(', ')}` : 'it is final'}`,
    );
  }
  if (a.postponements < before.postponements)
    problems.add(`${path}.postponements`, `was ${before.postponements}: postponements are never undone`);
  const moved =
    a.plannedPeriod.start !== before.planned_start ||
    a.plannedPeriod.end !== before.planned_end ||
    a.plannedPeriod.precision !== before.planned_precision;
  if (moved && !planEditable && from !== 'proposed' && a.postponements <= before.postponements)
    problems.add(`${path}.plannedPeriod`, 'once the plan is adopted, a new period is set by postponing the activity');
}

function sameFollowUp(codec: LabelCodec, stored: FollowUpRow, f: ExchangeFollowUp) {
  const label = sortedLabel(codec.decode(stored));
  return (
    stored.kind === f.kind &&
    stored.body === f.body &&
    stored.language === f.language &&
    stored.from_status === f.fromStatus &&
    stored.to_status === f.toStatus &&
    label.classification === f.classification &&
    canonical(label.releasableTo) === canonical([...f.releasableTo].sort()) &&
    canonical(label.compartments) === canonical([...f.compartments].sort())
  );
}

async function applyImport(trx: Kysely<Database>, ctx: AppContext, actor: Actor, w: ImportWrites): Promise<ImportResult> {
  const now = isoNow(ctx);
  const events: AuditEvent[] = [];
  await insertSources(trx, w.newSources);
  for (const s of w.newSources)
    events.push({ action: 'source.create', entityType: 'source', entityId: s.id, label: s, detail: { via: 'import' } });
  if (w.newPlan) {
    await trx.insertInto('work_plan').values(w.newPlan).execute();
    events.push({
      action: 'plan.create',
      entityType: 'work_plan',
      entityId: w.planId,
      label: w.planLabel,
      detail: { via: 'import' },
    });
  }
  if (w.planUpdate) {
    const { row, changes, fields } = w.planUpdate;
    const r = await trx
      .updateTable('work_plan')
      .set({ ...changes, version: row.version + 1, updated_at: now })
      .where('id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw invalid('The plan was changed meanwhile; nothing was imported');
    events.push({
      action: 'plan.update',
      entityType: 'work_plan',
      entityId: row.id,
      label: w.planLabel,
      detail: { via: 'import', fields },
    });
  }
  await insertActivities(trx, w.newActivities);
  // The history of activity states, which the planned-versus-actual curve replays.
  await recordActivityEvents(trx, now, [
    ...w.newActivities,
    ...w.activityUpdates.filter((u) => u.fields.some((f) => STATE_FIELDS.has(f))).map((u) => ({ ...u.before, ...u.changes })),
  ]);
  for (const row of w.newActivities) {
    await indexForSearch(trx, 'activity', row.id, searchTexts(activityTexts(row)));
    events.push({
      action: 'activity.create',
      entityType: 'activity',
      entityId: row.id,
      label: row,
      detail: { planId: w.planId, refCode: row.ref_code, via: 'import' },
    });
  }
  for (const { before, changes, fields } of w.activityUpdates) {
    if (!(await updateActivityRow(trx, before.id, before.version, { ...changes, updated_at: now })))
      throw invalid(`Activity ${before.ref_code} was changed meanwhile; nothing was imported`);
    await indexForSearch(trx, 'activity', before.id, searchTexts(activityTexts({ ...before, ...changes })));
    events.push({
      action: 'activity.update',
      entityType: 'activity',
      entityId: before.id,
      label: { ...before, ...changes } as LabelColumns,
      detail: { refCode: before.ref_code, fields, via: 'import' },
    });
  }
  await insertFollowUps(trx, w.newFollowUps);
  for (const f of w.newFollowUps) {
    await indexForSearch(trx, 'follow_up', f.id, [f.body]);
    events.push({
      action: 'follow_up.create',
      entityType: 'follow_up',
      entityId: f.id,
      label: f,
      detail: { activityId: f.activity_id, via: 'import' },
    });
  }
  const result: ImportResult = {
    planId: w.planId,
    planCreated: w.newPlan !== null,
    planUpdated: w.planUpdate !== null,
    created: { activities: w.newActivities.length, followUps: w.newFollowUps.length, sources: w.newSources.length },
    updated: { activities: w.activityUpdates.length },
    unchanged: w.unchanged,
    skipped: w.skipped,
  };
  // The import itself is always recorded, even when it found nothing to change.
  const { planId: _p, ...summary } = result;
  events.push({ action: 'plan.import', entityType: 'work_plan', entityId: w.planId, label: w.planLabel, detail: summary });
  await audit(trx, actor, now, events);
  return result;
}

const activityTexts = (row: Pick<ActivityRow, 'ref_code' | 'title' | 'description' | 'location'>) => ({
  refCode: row.ref_code,
  title: JSON.parse(row.title) as Activity['title'],
  description: JSON.parse(row.description) as Activity['description'],
  location: row.location,
});
