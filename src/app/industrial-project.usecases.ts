import { newId } from '../domain/ids.js';
import { moveProject as decideMove, type ProjectStatus } from '../domain/industrial-project.lifecycle.js';
import {
  latestMeasurement,
  type MeasurementCreate,
  type MeasurementOrigin,
  type MeasurementRecord,
  type ProjectMeasure,
  type ProjectMeasurements,
  presentMeasurements,
} from '../domain/industrial-project.measure.js';
import { editMilestone, editTransfer } from '../domain/industrial-project.parts.js';
import { projectProgress } from '../domain/industrial-project.progress.js';
import {
  type Commitment,
  type CommitmentCreate,
  type CommitmentPatch,
  type PartnersPut,
  type Project,
  type ProjectCreate,
  type ProjectEvent,
  type ProjectHead,
  type ProjectHistoryEntry,
  type ProjectListQuery,
  type ProjectMilestoneCreate,
  type ProjectMilestonePatch,
  type ProjectMoveInput,
  type ProjectPatch,
  type ProjectSummary,
  presentCommitment,
  presentProject,
  presentProjectSummary,
  type TransferCreate,
  type TransferPatch,
} from '../domain/industrial-project.schema.js';
import { PROGRAMME_FIELDS, PROJECT_HISTORY_SKIPPED, readProjectAudit } from '../domain/industrial-project-history.js';
import { canRead, type Label } from '../domain/labels.js';
import { moneyJson } from '../domain/money.js';
import { issue, problem } from '../domain/problems.js';
import { userIdFor } from '../domain/user-naming.js';
import {
  findCommitment,
  findMilestone,
  findProject,
  findReadableProject,
  findTransfer,
  insertCommitment,
  insertMilestone,
  insertProject,
  insertTransfer,
  linkedProgrammeIds,
  linkProgrammes,
  listProjectHeads,
  type ProjectChanges,
  type ProjectDb,
  type ProjectReader,
  partnersOf,
  progressPartsOf,
  projectAuditEntries,
  readableProgrammeIds,
  readableProjectHistory,
  recordProjectEvent,
  replacePartners,
  updateCommitment,
  updateMilestoneRow,
  updateProject as updateProjectRow,
  updateTransferRow,
} from '../store/industrial-project.repo.js';
import { insertMeasurements, readableMeasurements } from '../store/industrial-project-measure.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import { inTransaction } from '../store/tx.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { assertKnownParties, expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan, hasRole } from './policy.js';

// Industrial projects: the rules, the order of steps and the audit of each
// write. Every write is one transaction with its audit entry; a change of the
// project moves its version on, so that two writers never interleave. A
// project the actor may not read answers 404 to reads and writes alike.

type Tx = ProjectDb;
type Reader = ProjectReader;

async function readable(trx: Tx, codec: LabelCodec, reader: Reader, id: string): Promise<ProjectHead> {
  const head = await findReadableProject(trx, codec, reader, id);
  if (!head) throw problem('industrial_project.not_found');
  return head;
}

async function full(ctx: AppContext, trx: Tx, codec: LabelCodec, reader: Reader, id: string): Promise<Project> {
  const record = await findProject(trx, codec, reader, id);
  if (!record) throw problem('industrial_project.label_hides');
  return presentProject(record, projectProgress(record, todayOf(ctx)));
}

async function assertLinkable(trx: Tx, reader: Reader, programmeIds: string[]) {
  const found = await readableProgrammeIds(trx, reader, programmeIds);
  const unknown = programmeIds.filter((id) => !found.has(id));
  if (unknown.length)
    throw problem('industrial_project.unknown_programmes', { count: unknown.length }, [
      issue('programmeIds', 'field.unknown_ids', { ids: unknown.join(', ') }),
    ]);
}

interface Scope {
  trx: Tx;
  codec: LabelCodec;
  reader: Reader;
  head: ProjectHead;
  at: string;
}

/** What a change wrote: its audit entry's detail, and what the project's own row changes besides its version. */
interface Changed {
  detail: Record<string, unknown>;
  changes?: Omit<ProjectChanges, 'at'>;
}

/**
 * One change of a project, in one transaction: loads the project the actor
 * may read (404 otherwise) and write (a planner of its owner party), at the
 * `version` its writer read (409 otherwise); lets `write` check its rules and write; moves the
 * version on; records one audit entry under `action`; answers the project.
 */
async function changeProject(
  ctx: AppContext,
  actor: Actor,
  id: string,
  how: { action: string; version: number; closedToo?: boolean },
  write: (scope: Scope) => Promise<Changed>,
): Promise<Project> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const head = await readable(trx, codec, reader, id);
    // A reader who is no planner is told of industrial projects, not of plans and activities.
    if (!hasRole(actor, 'planner')) throw problem('access.only_planners_industry');
    assertCanPlan(actor, head.label.ownerParty);
    if (how.version !== head.version) throw problem('industrial_project.stale_version', { had: how.version, now: head.version });
    if (head.status === 'closed' && !how.closedToo) throw problem('industrial_project.closed');
    const at = isoNow(ctx);
    const { detail, changes } = await write({ trx, codec, reader, head, at });
    if (!(await updateProjectRow(trx, id, head.version, { ...changes, at })))
      throw problem('industrial_project.changed_meanwhile');
    let label = head.label;
    if (changes?.columns) {
      const after = await findReadableProject(trx, codec, reader, id);
      if (!after) throw problem('industrial_project.label_hides');
      label = labelOfBoth(head.label, after.label);
    }
    await audit(trx, actor, at, [
      { action: how.action, entityType: 'industrial_project', entityId: id, label: codec.encode(label), detail },
    ]);
    return full(ctx, trx, codec, reader, id);
  });
}

/** One page of the projects the actor may read, newest first; `nextCursor` reads the next. */
export async function listProjects(
  ctx: AppContext,
  actor: Actor,
  query: ProjectListQuery,
): Promise<{ items: ProjectSummary[]; nextCursor: string | null }> {
  const codec = await ctx.codec();
  const page = await listProjectHeads(ctx.db, codec, codec.reader(actor), query);
  const parts = await progressPartsOf(
    ctx.db,
    page.items.map((h) => h.id),
  );
  const today = todayOf(ctx);
  const items = page.items.map((h) =>
    presentProjectSummary(
      h,
      projectProgress({ ...h, milestones: parts.milestones.get(h.id) ?? [], transfers: parts.transfers.get(h.id) ?? [] }, today),
    ),
  );
  return { items, nextCursor: page.nextCursor };
}

export async function getProject(ctx: AppContext, actor: Actor, id: string): Promise<Project> {
  const codec = await ctx.codec();
  const record = await findProject(ctx.db, codec, codec.reader(actor), id);
  if (!record) throw problem('industrial_project.not_found');
  return presentProject(record, projectProgress(record, todayOf(ctx)));
}

/**
 * Every project the actor may read (with the list's filters), in full with its
 * history, for an export: read in one transaction, which also audits the
 * export of each project under that project's label.
 */
export async function exportProjects(
  ctx: AppContext,
  actor: Actor,
  query: Omit<ProjectListQuery, 'cursor' | 'limit'>,
): Promise<(Project & { history: ProjectEvent[]; measurements: Omit<ProjectMeasurements, 'id' | 'version'> })[]> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const out: (Project & { history: ProjectEvent[]; measurements: Omit<ProjectMeasurements, 'id' | 'version'> })[] = [];
    const at = isoNow(ctx);
    let cursor: string | undefined;
    do {
      const page = await listProjectHeads(trx, codec, reader, { ...query, cursor, limit: 500 });
      for (const head of page.items) {
        const record = await findProject(trx, codec, reader, head.id);
        if (!record) continue;
        const {
          id: _i,
          version: _v,
          ...measured
        } = presentMeasurements(head.id, head.version, await readableMeasurements(trx, reader, head.id), actor.party);
        out.push({
          ...presentProject(record, projectProgress(record, todayOf(ctx))),
          history: await readableProjectHistory(trx, reader, head.id),
          measurements: measured,
        });
        await audit(trx, actor, at, [
          {
            action: 'industrial_project.export',
            entityType: 'industrial_project',
            entityId: head.id,
            label: codec.encode(head.label),
          },
        ]);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  });
}

/** Measurements of `values` (jobs, or basis points of local content) as of `asOf`, recorded by the actor at `at`. */
function measurements(
  actor: Actor,
  at: string,
  asOf: string,
  origin: MeasurementOrigin,
  values: Partial<Record<ProjectMeasure, number>>,
  note: string | null,
): MeasurementRecord[] {
  return Object.entries(values).map(([measure, value]) => ({
    id: newId(),
    measure: measure as ProjectMeasure,
    value: value as number,
    asOf,
    recordedAt: at,
    party: actor.party,
    userId: actor.userId,
    origin,
    note,
  }));
}

/** The project's measurements of jobs created and local content reached, oldest first; 404 for a project one may not read. */
export async function getProjectMeasurements(ctx: AppContext, actor: Actor, id: string): Promise<ProjectMeasurements> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const head = await readable(trx, codec, reader, id);
    return presentMeasurements(id, head.version, await readableMeasurements(trx, reader, id), actor.party);
  });
}

/**
 * Records the jobs created and/or the local content reached as of a day (today
 * or before), from the version read; the project's figures become its latest
 * measurements, so a measurement dated before the latest one keeps them.
 */
export async function addProjectMeasurement(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: MeasurementCreate,
  ifMatch?: number,
): Promise<Project> {
  const how = { action: 'industrial_project.measurement', version: expectedVersion(input.version, ifMatch) };
  return changeProject(ctx, actor, id, how, async ({ trx, reader, at }) => {
    const today = todayOf(ctx);
    if (input.asOf > today) throw problem('common.invalid', {}, [issue('asOf', 'field.after_today', { date: today })]);
    const values: Partial<Record<ProjectMeasure, number>> = {
      ...(input.jobsCreated !== undefined && { jobs_created: input.jobsCreated }),
      ...(input.localContentReached !== undefined && { local_content_reached: input.localContentReached }),
    };
    const made = measurements(actor, at, input.asOf, 'measurement', values, input.note ?? null);
    await insertMeasurements(trx, id, made);
    const all = await readableMeasurements(trx, reader, id);
    const latest = (measure: ProjectMeasure) => latestMeasurement(all.filter((m) => m.measure === measure))?.value;
    return {
      changes: { jobsCreated: latest('jobs_created'), localContentReachedBp: latest('local_content_reached') },
      detail: {
        asOf: input.asOf,
        note: input.note ?? null,
        measurements: made.map((m) => ({ id: m.id, measure: m.measure, value: m.value })),
      },
    };
  });
}

const HISTORY_LIMIT = 500;

/**
 * The project's history for anyone who may read the project: its moves
 * (`events`, oldest first, as before), and `items`, newest first: the moves
 * and every other audited change of the project and its commitments whose
 * audit entry the reader may read, with who, when and the fields changed.
 */
export async function getProjectHistory(ctx: AppContext, actor: Actor, id: string) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const head = await readable(ctx.db, codec, reader, id);
  const [readableEvents, audited] = await Promise.all([
    readableProjectHistory(ctx.db, reader, id),
    projectAuditEntries(ctx.db, reader, id, PROJECT_HISTORY_SKIPPED, HISTORY_LIMIT),
  ]);
  const moves = readableEvents.map(
    (e): ProjectHistoryEntry => ({
      at: e.at,
      kind: 'status_change',
      action: 'status_change',
      subject: { type: 'project', id },
      actorId: e.userId,
      actorParty: e.party,
      fromStatus: e.from,
      toStatus: e.to,
      note: e.reason,
      changes: [],
    }),
  );
  const read = audited
    .filter((e) => e.action !== 'industrial_project.move')
    .map((e) => ({ entry: e, ...readProjectAudit({ type: e.entityType, id: e.entityId }, id, e.detail) }));
  // The programmes a change names, only those the reader may read: the entry's label is the project's.
  const named = read.flatMap((r) => r.changes.filter((c) => PROGRAMME_FIELDS.includes(c.field)).flatMap((c) => ids(c.to)));
  const programmes = new Set(named.length ? await readableProgrammeIds(ctx.db, reader, [...new Set(named)]) : []);
  const changes = read.flatMap(({ entry: e, subject, changes }): ProjectHistoryEntry[] => {
    const shown = changes.flatMap((c) => {
      if (!PROGRAMME_FIELDS.includes(c.field)) return [c];
      const kept = ids(c.to).filter((p) => programmes.has(p));
      return kept.length ? [{ ...c, to: kept }] : [];
    });
    // A change of nothing but links to programmes the reader may not read is not told at all.
    if (changes.length > 0 && shown.length === 0) return [];
    const { at, actorParty, action } = e;
    const actorId = userIdFor(actor.party, actorParty, e.actorId);
    return [
      { at, kind: 'change', action, subject, actorId, actorParty, fromStatus: null, toStatus: null, note: null, changes: shown },
    ];
  });
  // Newest first; at the same instant a change (a creation) comes after the move it made, as it was written first.
  const items = [...moves.reverse(), ...changes].sort((a, b) =>
    a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.kind === b.kind ? 0 : a.kind === 'status_change' ? -1 : 1,
  );
  return { id, version: head.version, events: readableEvents, items: items.slice(0, HISTORY_LIMIT) };
}

const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const withIds = (partners: PartnersPut['partners']) => partners.map((p) => ({ ...p, id: p.id ?? newId(), shareBp: p.share }));

export async function createProject(ctx: AppContext, actor: Actor, input: ProjectCreate): Promise<Project> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!hasRole(actor, 'planner')) throw problem('access.only_planners_industry');
  assertKnownParties(
    codec,
    input.partners.map((p) => p.party),
    'partners',
  );
  if (input.partners.some((p) => p.id))
    throw problem('industrial_project.unknown_partners', { count: input.partners.filter((p) => p.id).length }, [
      issue('partners', 'field.unknown_ids', { ids: input.partners.flatMap((p) => (p.id ? [p.id] : [])).join(', ') }),
    ]);
  return inTransaction(ctx.db, async (trx) => {
    const programmeIds = [...new Set(input.programmeIds)];
    await assertLinkable(trx, reader, programmeIds);
    const { columns } = labelFor(codec, actor, input);
    const at = isoNow(ctx);
    const id = newId();
    await insertProject(trx, {
      id,
      columns,
      at,
      title: input.title,
      description: input.description ?? {},
      kind: input.kind,
      site: input.site,
      budget: input.budget,
      jobsPlanned: input.jobsPlanned,
      jobsCreated: input.jobsCreated,
      localContentPlannedBp: input.localContentPlanned,
      localContentReachedBp: input.localContentReached,
    });
    const partners = withIds(input.partners);
    await replacePartners(trx, id, partners, at);
    await linkProgrammes(trx, id, programmeIds, []);
    const values = { jobs_created: input.jobsCreated, local_content_reached: input.localContentReached };
    await insertMeasurements(trx, id, measurements(actor, at, todayOf(ctx), 'project', values, null));
    await recordProjectEvent(trx, {
      projectId: id,
      at,
      from: null,
      to: 'proposed',
      reason: null,
      party: actor.party,
      userId: actor.userId,
    });
    await audit(trx, actor, at, [
      {
        action: 'industrial_project.create',
        entityType: 'industrial_project',
        entityId: id,
        label: columns,
        detail: {
          kind: input.kind,
          budget: moneyJson(input.budget),
          partners: partners.map((p) => ({ id: p.id, party: p.party, role: p.role, shareBp: p.shareBp })),
          programmeIds,
        },
      },
    ]);
    return full(ctx, trx, codec, reader, id);
  });
}

/**
 * Changes a project's fields, label or links. The programme links are the
 * whole set among those the writer may read; links to others are kept.
 */
export async function updateProject(ctx: AppContext, actor: Actor, id: string, patch: ProjectPatch, ifMatch?: number) {
  const version = expectedVersion(patch.version, ifMatch);
  return changeProject(
    ctx,
    actor,
    id,
    { action: 'industrial_project.update', version },
    async ({ trx, codec, reader, head, at }) => {
      let links: { added: string[]; removed: string[] } | undefined;
      if (patch.programmeIds) {
        const want = [...new Set(patch.programmeIds)];
        await assertLinkable(trx, reader, want);
        const now = await linkedProgrammeIds(trx, reader, id);
        links = { added: want.filter((x) => !now.includes(x)), removed: now.filter((x) => !want.includes(x)) };
        await linkProgrammes(trx, id, links.added, links.removed);
      }
      const { columns } = labelFor(codec, actor, patch, head.label);
      // A change of jobs created or local content reached is kept as a measurement as of today.
      const values: Partial<Record<ProjectMeasure, number>> = {
        ...(patch.jobsCreated !== undefined && patch.jobsCreated !== head.jobsCreated && { jobs_created: patch.jobsCreated }),
        ...(patch.localContentReached !== undefined &&
          patch.localContentReached !== head.localContentReachedBp && { local_content_reached: patch.localContentReached }),
      };
      await insertMeasurements(trx, id, measurements(actor, at, todayOf(ctx), 'project', values, null));
      const { version: _v, programmeIds: _p, budget, ...fields } = patch;
      // The patch names local content in basis points as the head's `…Bp` fields hold it.
      const before = {
        ...head,
        ...head.label,
        localContentPlanned: head.localContentPlannedBp,
        localContentReached: head.localContentReachedBp,
      } as unknown as Record<string, unknown>;
      return {
        changes: {
          columns,
          title: patch.title,
          description: patch.description,
          kind: patch.kind,
          site: patch.site,
          budget,
          jobsPlanned: patch.jobsPlanned,
          jobsCreated: patch.jobsCreated,
          localContentPlannedBp: patch.localContentPlanned,
          localContentReachedBp: patch.localContentReached,
        },
        detail: {
          changes: changedFields(before, fields),
          ...(budget && { budget: { from: moneyJson(head.budget), to: moneyJson(budget) } }),
          ...(links && { links }),
        },
      };
    },
  );
}

/**
 * One move of the project's lifecycle, kept in its history with who, when and
 * why; from the version the mover read (body or If-Match), so that a move made
 * on a stale page answers 409 instead of undoing what another writer saw.
 */
export async function moveProject(ctx: AppContext, actor: Actor, id: string, move: ProjectMoveInput, ifMatch?: number) {
  const how = { action: 'industrial_project.move', version: expectedVersion(move.version, ifMatch), closedToo: true };
  return changeProject(ctx, actor, id, how, async ({ trx, head, at }) => {
    const { status, suspendedFrom } = decideMove({ status: head.status, suspendedFrom: head.suspendedFrom }, move);
    const reason = move.reason?.trim() || null;
    await recordProjectEvent(trx, {
      projectId: id,
      at,
      from: head.status,
      to: status,
      reason,
      party: actor.party,
      userId: actor.userId,
    });
    return {
      changes: { status, suspendedFrom, ...(status === 'closed' && { closeReason: reason }) },
      detail: { from: head.status, to: status, reason },
    };
  });
}

/**
 * Makes the project's partners exactly the list given, with roles and shares
 * adding up to 100 percent: a partner kept is named by its id, a new one has
 * none; a partner left out leaves the project, its commitments staying with
 * their owners (see replacePartners).
 */
export async function putPartners(ctx: AppContext, actor: Actor, id: string, input: PartnersPut, ifMatch?: number) {
  const version = expectedVersion(input.version, ifMatch);
  return changeProject(ctx, actor, id, { action: 'industrial_project.partners', version }, async ({ trx, codec, at }) => {
    assertKnownParties(
      codec,
      input.partners.map((p) => p.party),
      'partners',
    );
    const existing = new Map((await partnersOf(trx, id)).map((p) => [p.id, p]));
    const unknown = input.partners.flatMap((p) => (p.id && !existing.has(p.id) ? [p.id] : []));
    if (unknown.length)
      throw problem('industrial_project.unknown_partners', { count: unknown.length }, [
        issue('partners', 'field.unknown_ids', { ids: unknown.join(', ') }),
      ]);
    // A partner kept belongs to the same party: its commitments are owned by that party.
    const moved = input.partners.filter((p) => p.id && existing.get(p.id)?.party !== p.party);
    if (moved.length)
      throw problem('industrial_project.unknown_partners', { count: moved.length }, [
        issue('partners', 'field.unknown_ids', { ids: moved.map((p) => p.id).join(', ') }),
      ]);
    const partners = withIds(input.partners);
    const removed = await replacePartners(trx, id, partners, at);
    return {
      detail: {
        partners: partners.map((p) => ({ id: p.id, party: p.party, role: p.role, shareBp: p.shareBp })),
        removed,
      },
    };
  });
}

export async function addProjectMilestone(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: ProjectMilestoneCreate,
  ifMatch?: number,
) {
  const { kind, title, plannedOn, target } = input;
  const how = { action: 'industrial_project.milestone_add', version: expectedVersion(input.version, ifMatch) };
  const row = { kind, title, plannedOn, actualOn: null, targetBp: target, reachedBp: null };
  const milestone = { idKey: 'milestoneId', row, insert: insertMilestone };
  return addToProject(ctx, actor, id, how, milestone, ['kind', 'plannedOn', 'targetBp']);
}

/**
 * Adds a part to a project (a milestone, a technology-transfer item) under a new id; its audit
 * detail names it by that id (as `idKey`) and with the fields `audited` of its row.
 */
async function addToProject<Row extends object>(
  ctx: AppContext,
  actor: Actor,
  id: string,
  how: { action: string; version: number },
  part: { idKey: string; row: Row; insert: (trx: Tx, projectId: string, row: Row & { id: string }) => Promise<void> },
  audited: (keyof Row & string)[],
) {
  return changeProject(ctx, actor, id, how, async ({ trx }) => {
    const partId = newId();
    await part.insert(trx, id, { id: partId, ...part.row });
    return { detail: { [part.idKey]: partId, ...Object.fromEntries(audited.map((k) => [k, part.row[k]])) } };
  });
}

/**
 * Records when a milestone was reached (or that it was not), for a local-content target the share reached,
 * and moves its planned day while it is not reached (see editMilestone).
 */
export async function updateProjectMilestone(
  ctx: AppContext,
  actor: Actor,
  id: string,
  milestoneId: string,
  input: ProjectMilestonePatch,
  ifMatch?: number,
) {
  const how = { action: 'industrial_project.milestone_update', version: expectedVersion(input.version, ifMatch) };
  return changeProject(ctx, actor, id, how, async ({ trx }) => {
    const m = await findMilestone(trx, id, milestoneId);
    if (!m) throw problem('industrial_project.milestone_not_found');
    const after = editMilestone(m, input, todayOf(ctx));
    await updateMilestoneRow(trx, id, milestoneId, after);
    return {
      detail: {
        milestoneId,
        // Only what changed: moving the planned day alone says nothing of the day reached.
        ...(after.plannedOn !== m.plannedOn && { plannedOn: { from: m.plannedOn, to: after.plannedOn } }),
        ...(after.actualOn !== m.actualOn && { actualOn: { from: m.actualOn, to: after.actualOn } }),
        ...(after.reachedBp !== m.reachedBp && { reachedBp: { from: m.reachedBp, to: after.reachedBp } }),
      },
    };
  });
}

export async function addTransfer(ctx: AppContext, actor: Actor, id: string, input: TransferCreate, ifMatch?: number) {
  const { what, from, to, plannedOn } = input;
  const how = { action: 'industrial_project.transfer_add', version: expectedVersion(input.version, ifMatch) };
  const transfer = { idKey: 'transferId', row: { what, from, to, plannedOn, acceptedOn: null }, insert: insertTransfer };
  return addToProject(ctx, actor, id, how, transfer, ['what', 'from', 'to', 'plannedOn']);
}

/**
 * Records that the receiver accepted a technology-transfer item (or withdraws that acceptance), and corrects
 * its terms (what, from, to, planned day) while it is not accepted (see editTransfer).
 */
export async function updateTransfer(
  ctx: AppContext,
  actor: Actor,
  id: string,
  transferId: string,
  input: TransferPatch,
  ifMatch?: number,
) {
  const how = { action: 'industrial_project.transfer_update', version: expectedVersion(input.version, ifMatch) };
  return changeProject(ctx, actor, id, how, async ({ trx }) => {
    const before = await findTransfer(trx, id, transferId);
    if (!before) throw problem('industrial_project.transfer_not_found');
    const { after, changed } = editTransfer(before, input, todayOf(ctx));
    await updateTransferRow(trx, id, transferId, after);
    return {
      detail: {
        transferId,
        ...(input.acceptedOn !== undefined &&
          input.acceptedOn !== before.acceptedOn && { acceptedOn: { from: before.acceptedOn, to: input.acceptedOn } }),
        ...(Object.keys(changed).length && { changes: changed }),
      },
    };
  });
}

// Commitments: records of their own, owned by the partner's party.

/** Planners of the partner's party state its commitments; planners of the project's owner may enter them for it. */
function assertCanCommit(actor: Actor, head: ProjectHead, partnerParty: string) {
  if (!hasRole(actor, 'planner')) throw problem('access.only_planners_industry');
  if (actor.party !== partnerParty && actor.party !== head.label.ownerParty)
    throw problem('industrial_project.commitment_writers');
}

/** The commitment's label: owned by the partner's party, and readable by its writer, who must see what they write. */
function commitmentLabel(codec: LabelCodec, actor: Actor, input: Partial<Omit<Label, 'ownerParty'>>, base: Label): Label {
  const label: Label = {
    ownerParty: base.ownerParty,
    classification: input.classification ?? base.classification,
    releasableTo: [...new Set(input.releasableTo ?? base.releasableTo)].filter((p) => p !== base.ownerParty).sort(),
    compartments: [...new Set(input.compartments ?? base.compartments)].sort(),
  };
  assertKnownParties(codec, label.releasableTo, 'releasableTo');
  if (!canRead(actor, label)) throw problem('industrial_project.commitment_label_hides');
  return label;
}

export async function addCommitment(ctx: AppContext, actor: Actor, id: string, input: CommitmentCreate): Promise<Commitment> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const head = await readable(trx, codec, reader, id);
    const partner = (await partnersOf(trx, id)).find((p) => p.id === input.partnerId);
    if (!partner) throw problem('industrial_project.partner_not_found');
    assertCanCommit(actor, head, partner.party);
    if (head.status === 'closed') throw problem('industrial_project.closed');
    const label = commitmentLabel(codec, actor, input, {
      ownerParty: partner.party,
      classification: 'UNCLASSIFIED',
      releasableTo: [],
      compartments: [],
    });
    const columns = codec.encode(label);
    const at = isoNow(ctx);
    const commitmentId = newId();
    await insertCommitment(trx, { ...input, id: commitmentId, projectId: id, columns, at });
    await audit(trx, actor, at, [
      {
        action: 'industrial_project.commitment_add',
        entityType: 'industrial_commitment',
        entityId: commitmentId,
        label: columns,
        detail: { projectId: id, partnerId: partner.id, contribution: input.contribution && moneyJson(input.contribution) },
      },
    ]);
    const made = await findCommitment(trx, codec, reader, id, commitmentId);
    if (!made) throw problem('industrial_project.commitment_label_hides');
    return presentCommitment(made);
  });
}

export async function updateCommitmentOf(
  ctx: AppContext,
  actor: Actor,
  id: string,
  commitmentId: string,
  patch: CommitmentPatch,
  ifMatch?: number,
): Promise<Commitment> {
  const version = expectedVersion(patch.version, ifMatch);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const head = await readable(trx, codec, reader, id);
    const before = await findCommitment(trx, codec, reader, id, commitmentId);
    if (!before) throw problem('industrial_commitment.not_found');
    assertCanCommit(actor, head, before.label.ownerParty);
    if (head.status === 'closed') throw problem('industrial_project.closed');
    if (before.version !== version) throw problem('industrial_commitment.stale_version', { had: version, now: before.version });
    const label = commitmentLabel(codec, actor, patch, before.label);
    const at = isoNow(ctx);
    const ok = await updateCommitment(trx, commitmentId, before.version, {
      columns: codec.encode(label),
      what: patch.what,
      contribution: patch.contribution,
      jobs: patch.jobs,
      dueBy: patch.dueBy,
      at,
    });
    if (!ok) throw problem('industrial_commitment.changed_meanwhile');
    const { version: _v, contribution, ...fields } = patch;
    await audit(trx, actor, at, [
      {
        action: 'industrial_project.commitment_update',
        entityType: 'industrial_commitment',
        entityId: commitmentId,
        label: codec.encode(labelOfBoth(before.label, label)),
        detail: {
          projectId: id,
          changes: changedFields({ ...before, ...before.label } as unknown as Record<string, unknown>, fields),
          ...(contribution !== undefined && {
            contribution: {
              from: before.contribution && moneyJson(before.contribution),
              to: contribution && moneyJson(contribution),
            },
          }),
        },
      },
    ]);
    const after = await findCommitment(trx, codec, reader, id, commitmentId);
    if (!after) throw problem('industrial_project.commitment_label_hides');
    return presentCommitment(after);
  });
}

export type { ProjectStatus };
