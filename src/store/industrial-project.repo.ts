import { type Kysely, type Selectable, sql } from 'kysely';
import type { ProjectStatus } from '../domain/industrial-project.lifecycle.js';
import type {
  CommitmentRecord,
  FormerPartnerRecord,
  PartnerRecord,
  PartnerRole,
  ProjectEvent,
  ProjectHead,
  ProjectKind,
  ProjectListQuery,
  ProjectMilestoneKind,
  ProjectMilestoneRecord,
  ProjectRecord,
  TransferRecord,
} from '../domain/industrial-project.schema.js';
import type { Money } from '../domain/money.js';
import { userIdFor } from '../domain/user-naming.js';
import { readableBy, readableIds, readableRecords, type StoreReader } from './access.js';
import { newestFirst, newestFirstRecords } from './cursor.js';
import type { Database, IndustrialMilestoneTable, IndustrialTransferTable, LabelColumns } from './database.js';
import { type LabelCodec, recordHead } from './label-codec.js';
import { readableLinks, relink, updatePart } from './parts.js';
import { amount, asMoney, json } from './programme.repo.js';
import { reindex } from './search-index.js';
import { recordStatusMove, statusHistory } from './status-history.js';
import { compareAndSet, newRecord } from './versioned.js';

/*
 * Industrial projects. A project is read under its own label; its partners
 * (roles and shares), milestones, transfers and history are parts of it and
 * read with it. A partner's commitments are labelled records of their own,
 * owned by the partner's party: every read of them adds the read rule for the
 * commitment and for its project, so a party gets its own commitments (within
 * its users' clearance and compartments) and others get what the
 * commitment's label releases to them, never more.
 */

export type ProjectDb = Kysely<Database>;
export type { StoreReader as ProjectReader };

// Amounts travel as text both ways (`amount` and `asMoney`, of programme.repo.ts): no amount above 2^53 passes through a double.

const HEAD_COLUMNS = [
  'p.title',
  'p.description',
  'p.kind',
  'p.status',
  'p.suspended_from',
  'p.close_reason',
  'p.site_place',
  'p.site_latitude',
  'p.site_longitude',
  'p.budget_currency',
  'p.jobs_planned',
  'p.jobs_created',
  'p.local_content_planned_bp',
  'p.local_content_reached_bp',
] as const;

function headQuery(db: Kysely<Database>, reader: StoreReader) {
  return readableRecords(db.selectFrom('industrial_project as p'), reader, 'p', HEAD_COLUMNS).select(
    amount('p.budget_amount').as('budget_amount'),
  );
}

type HeadRow = Awaited<ReturnType<ReturnType<typeof headQuery>['executeTakeFirstOrThrow']>>;

// pg answers a double precision column as a number; kept as is (coordinates are not money).
const coordinate = (v: number | string | null) => (v === null ? null : Number(v));

const toHead = (codec: LabelCodec, r: HeadRow): ProjectHead => ({
  ...recordHead(codec, r),
  title: json(r.title),
  description: json(r.description),
  kind: r.kind as ProjectKind,
  status: r.status as ProjectStatus,
  suspendedFrom: r.suspended_from as ProjectStatus | null,
  closeReason: r.close_reason,
  site: { place: r.site_place, latitude: coordinate(r.site_latitude), longitude: coordinate(r.site_longitude) },
  budget: asMoney(r.budget_amount, r.budget_currency),
  jobsPlanned: r.jobs_planned,
  jobsCreated: r.jobs_created,
  localContentPlannedBp: r.local_content_planned_bp,
  localContentReachedBp: r.local_content_reached_bp,
});

/**
 * The project without its parts if the reader may read it, else undefined:
 * the one question other records that point at projects (offset credits,
 * the record graph) ask before they show or accept a link to one.
 */
export async function findReadableProject(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
): Promise<ProjectHead | undefined> {
  const row = await headQuery(db, reader).where('p.id', '=', id).executeTakeFirst();
  return row ? toHead(codec, row) : undefined;
}

/** Of `ids`, the projects the reader may read. */
export const readableProjectIds = (db: Kysely<Database>, reader: StoreReader, ids: readonly string[]) =>
  readableIds(db, 'industrial_project', reader, ids);

/** One page (plus one row, to tell whether more follow) of the projects the reader may read, newest first, by keyset. */
export function listProjectsQuery(db: Kysely<Database>, reader: StoreReader, q: ProjectListQuery) {
  let query = headQuery(db, reader);
  if (q.status) query = query.where('p.status', '=', q.status);
  if (q.kind) query = query.where('p.kind', '=', q.kind);
  if (q.owner) query = query.where('p.owner_party', '=', q.owner);
  const programmeId = q.programmeId;
  if (programmeId)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('industrial_project_programme as pp')
          .innerJoin('programme as g', 'g.id', 'pp.programme_id')
          .select('pp.project_id')
          .whereRef('pp.project_id', '=', 'p.id')
          .where('pp.programme_id', '=', programmeId)
          .where(readableBy(reader, 'g')),
      ),
    );
  return newestFirst(query, 'p', q.cursor, q.limit);
}

export async function listProjectHeads(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  q: ProjectListQuery,
): Promise<{ items: ProjectHead[]; nextCursor: string | null }> {
  return newestFirstRecords(listProjectsQuery(db, reader, q), q.limit, (r) => toHead(codec, r));
}

/** The whole project as the reader may see it, or undefined if it may not read it. */
export async function findProject(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
): Promise<ProjectRecord | undefined> {
  const head = await findReadableProject(db, codec, reader, id);
  if (!head) return undefined;
  const [partners, formerPartners, commitments, milestones, transfers, programmeIds] = await Promise.all([
    partnersOf(db, id),
    formerPartnersOf(db, reader, id),
    readableCommitments(db, codec, reader, id),
    milestonesOf(db, id),
    transfersOf(db, id),
    linkedProgrammeIds(db, reader, id),
  ]);
  return {
    ...head,
    partners: partners.map((p) => ({ ...p, commitments: commitments.filter((c) => c.partnerId === p.id) })),
    formerPartners: formerPartners.map((p) => ({ ...p, commitments: commitments.filter((c) => c.partnerId === p.id) })),
    milestones,
    transfers,
    programmeIds,
  };
}

/** The partners of a project the caller found readable, in their order, without commitments; not those that left. */
export async function partnersOf(db: Kysely<Database>, projectId: string): Promise<Omit<PartnerRecord, 'commitments'>[]> {
  const rows = await db
    .selectFrom('industrial_partner')
    .select(['id', 'name', 'party', 'role', 'share_bp'])
    .where('project_id', '=', projectId)
    .where('left_at', 'is', null)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, party: r.party, role: r.role as PartnerRole, shareBp: r.share_bp }));
}

/**
 * The partners that left a project the caller found readable, in the order they left, without commitments. One
 * that had left by migration 0036 (`kept_for_commitments`) was kept only because it had commitments, so it is
 * listed only to a reader who may read one of them: listed without any, it would tell that hidden ones exist.
 */
export async function formerPartnersOf(
  db: Kysely<Database>,
  reader: StoreReader,
  projectId: string,
): Promise<Omit<FormerPartnerRecord, 'commitments'>[]> {
  const rows = await db
    .selectFrom('industrial_partner as fp')
    .select(['fp.id', 'fp.name', 'fp.party', 'fp.role', 'fp.left_at'])
    .where('fp.project_id', '=', projectId)
    .where('fp.left_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('fp.kept_for_commitments', '=', 0),
        eb.exists(
          eb
            .selectFrom('industrial_commitment as c')
            .innerJoin('industrial_project as p', 'p.id', 'c.project_id')
            .select('c.id')
            .whereRef('c.partner_id', '=', 'fp.id')
            .where(readableBy(reader, 'p'))
            .where(readableBy(reader, 'c')),
        ),
      ]),
    )
    .orderBy('fp.left_at')
    .orderBy('fp.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, party: r.party, role: r.role as PartnerRole, leftAt: r.left_at ?? '' }));
}

const COMMITMENT_COLUMNS = ['c.partner_id', 'c.what', 'c.contribution_currency', 'c.jobs', 'c.due_by'] as const;

/** The commitments the reader may read, of a project it may read: the read rule on both, in the query. */
function commitmentQuery(db: Kysely<Database>, reader: StoreReader) {
  const ofReadableProjects = db
    .selectFrom('industrial_commitment as c')
    .innerJoin('industrial_project as p', 'p.id', 'c.project_id')
    .where(readableBy(reader, 'p'));
  return readableRecords(ofReadableProjects, reader, 'c', COMMITMENT_COLUMNS).select(
    sql<string | null>`cast(${sql.ref('c.contribution_amount')} as text)`.as('contribution_amount'),
  );
}

type CommitmentRow = Awaited<ReturnType<ReturnType<typeof commitmentQuery>['executeTakeFirstOrThrow']>>;

const toCommitment = (codec: LabelCodec, r: CommitmentRow): CommitmentRecord => ({
  ...recordHead(codec, r),
  partnerId: r.partner_id,
  what: r.what,
  contribution:
    r.contribution_amount === null || r.contribution_currency === null
      ? null
      : asMoney(r.contribution_amount, r.contribution_currency),
  jobs: r.jobs,
  dueBy: r.due_by,
});

export async function readableCommitments(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, projectId: string) {
  const rows = await commitmentQuery(db, reader)
    .where('c.project_id', '=', projectId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => toCommitment(codec, r));
}

/** One commitment of the project, if the reader may read both. */
export async function findCommitment(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  projectId: string,
  id: string,
): Promise<CommitmentRecord | undefined> {
  const row = await commitmentQuery(db, reader).where('c.project_id', '=', projectId).where('c.id', '=', id).executeTakeFirst();
  return row ? toCommitment(codec, row) : undefined;
}

const MILESTONE_COLUMNS = ['id', 'kind', 'title', 'planned_on', 'actual_on', 'target_bp', 'reached_bp'] as const;
const TRANSFER_COLUMNS = ['id', 'what', 'from_whom', 'to_whom', 'planned_on', 'accepted_on'] as const;

type MilestoneRow = Pick<Selectable<IndustrialMilestoneTable>, (typeof MILESTONE_COLUMNS)[number]>;
type TransferRow = Pick<Selectable<IndustrialTransferTable>, (typeof TRANSFER_COLUMNS)[number]>;

const toMilestone = (r: MilestoneRow): ProjectMilestoneRecord => ({
  id: r.id,
  kind: r.kind as ProjectMilestoneKind,
  title: r.title,
  plannedOn: r.planned_on,
  actualOn: r.actual_on,
  targetBp: r.target_bp,
  reachedBp: r.reached_bp,
});

const toTransfer = (r: TransferRow): TransferRecord => ({
  id: r.id,
  what: r.what,
  from: r.from_whom,
  to: r.to_whom,
  plannedOn: r.planned_on,
  acceptedOn: r.accepted_on,
});

async function milestonesOf(db: Kysely<Database>, projectId: string): Promise<ProjectMilestoneRecord[]> {
  const rows = await db
    .selectFrom('industrial_milestone')
    .select(MILESTONE_COLUMNS)
    .where('project_id', '=', projectId)
    .orderBy('planned_on')
    .orderBy('id')
    .execute();
  return rows.map(toMilestone);
}

async function transfersOf(db: Kysely<Database>, projectId: string): Promise<TransferRecord[]> {
  const rows = await db
    .selectFrom('industrial_transfer')
    .select(TRANSFER_COLUMNS)
    .where('project_id', '=', projectId)
    .orderBy('planned_on')
    .orderBy('id')
    .execute();
  return rows.map(toTransfer);
}

/**
 * The milestones and transfer items of several projects the caller found
 * readable (a page of the list), two queries for the whole page, for their progress.
 */
export async function progressPartsOf(db: Kysely<Database>, projectIds: readonly string[]) {
  const milestones = new Map<string, ProjectMilestoneRecord[]>();
  const transfers = new Map<string, TransferRecord[]>();
  if (!projectIds.length) return { milestones, transfers };
  const [ms, ts] = await Promise.all([
    db
      .selectFrom('industrial_milestone')
      .select(['project_id', ...MILESTONE_COLUMNS])
      .where('project_id', 'in', [...projectIds])
      .execute(),
    db
      .selectFrom('industrial_transfer')
      .select(['project_id', ...TRANSFER_COLUMNS])
      .where('project_id', 'in', [...projectIds])
      .execute(),
  ]);
  for (const r of ms) milestones.set(r.project_id, [...(milestones.get(r.project_id) ?? []), toMilestone(r)]);
  for (const r of ts) transfers.set(r.project_id, [...(transfers.get(r.project_id) ?? []), toTransfer(r)]);
  return { milestones, transfers };
}

/** The programmes the project comes from that the reader may read. */
export const linkedProgrammeIds = (db: Kysely<Database>, reader: StoreReader, projectId: string) =>
  readableLinks(db, reader, 'industrial_project_programme', 'programme', projectId, 'created_at');

/** Of `ids`, the programmes the reader may read. */
export const readableProgrammeIds = (db: Kysely<Database>, reader: StoreReader, ids: readonly string[]) =>
  readableIds(db, 'programme', reader, ids);

export const linkProgrammes = (trx: Kysely<Database>, projectId: string, add: readonly string[], remove: readonly string[]) =>
  relink(trx, 'industrial_project_programme', projectId, add, remove);

export const projectHistory = (db: Kysely<Database>, projectId: string): Promise<ProjectEvent[]> =>
  statusHistory(db, 'industrial_project_event', projectId);

/**
 * The project's moves, oldest first, that the reader may read: those whose audit entry, written with the move at the
 * same instant under the label the project had then (the project's creation for its first move), the reader may read;
 * the mover named only to a reader of their party.
 */
export async function readableProjectHistory(db: Kysely<Database>, reader: StoreReader, projectId: string) {
  const [events, told] = await Promise.all([
    projectHistory(db, projectId),
    db
      .selectFrom('audit_entry')
      .select('at')
      .where('entity_type', '=', 'industrial_project')
      .where('entity_id', '=', projectId)
      .where('action', 'in', ['industrial_project.move', 'industrial_project.create'])
      .where(readableBy(reader, 'audit_entry'))
      .execute(),
  ]);
  const times = new Set(told.map((e) => e.at));
  return events.filter((e) => times.has(e.at)).map((e) => ({ ...e, userId: userIdFor(reader.party, e.party, e.userId) }));
}

/** One audit entry about a project or one of its commitments, as the history reads it. */
export interface ProjectAuditRow {
  at: string;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  actorParty: string | null;
  detail: Record<string, unknown> | null;
}

/**
 * The audit entries about the project `projectId` and its commitments that
 * the reader may read (under each entry's own label, so that an entry about a
 * commitment released to others only is absent, and only of the commitments
 * the reader may read now), newest first, at most
 * `limit`, but for the actions in `skipped` (told otherwise, or no change).
 */
export async function projectAuditEntries(
  db: Kysely<Database>,
  reader: StoreReader,
  projectId: string,
  skipped: readonly string[],
  limit: number,
): Promise<ProjectAuditRow[]> {
  // The project's own entries and its commitments' are asked apart, each a plain match on the entity's id that the
  // index by entity and order written (audit_by_entity) serves, rather than one `or` of both; then merged in that order.
  const entries = (type: 'industrial_project' | 'industrial_commitment') =>
    db
      .selectFrom('audit_entry')
      .select(['seq', 'at', 'action', 'entity_type', 'entity_id', 'actor_id', 'actor_party', 'detail'])
      .where('entity_type', '=', type)
      .where(
        'entity_id',
        'in',
        type === 'industrial_project'
          ? [projectId]
          : // Only the commitments the reader may read now: one whose label was raised since has no history for it.
            db
              .selectFrom('industrial_commitment')
              .select('id')
              .where('project_id', '=', projectId)
              .where(readableBy(reader, 'industrial_commitment')),
      )
      .where('action', 'not in', [...skipped])
      .where(readableBy(reader, 'audit_entry'))
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  const [own, commitments] = await Promise.all([entries('industrial_project'), entries('industrial_commitment')]);
  const rows = [...own, ...commitments].sort((a, b) => Number(b.seq) - Number(a.seq)).slice(0, limit);
  return rows.map((e) => ({
    at: e.at,
    action: e.action,
    entityType: e.entity_type,
    entityId: e.entity_id ?? projectId,
    actorId: e.actor_id,
    actorParty: e.actor_party,
    detail: (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail) as Record<string, unknown> | null,
  }));
}

// Writes.

export type ProjectFields = Pick<
  ProjectHead,
  'kind' | 'site' | 'budget' | 'jobsPlanned' | 'jobsCreated' | 'localContentPlannedBp' | 'localContentReachedBp'
> & { title: object; description: object };

const fieldColumns = (f: Partial<ProjectFields>) => ({
  ...(f.title !== undefined && { title: JSON.stringify(f.title) }),
  ...(f.description !== undefined && { description: JSON.stringify(f.description) }),
  ...(f.kind !== undefined && { kind: f.kind }),
  ...(f.site !== undefined && { site_place: f.site.place, site_latitude: f.site.latitude, site_longitude: f.site.longitude }),
  ...(f.budget !== undefined && { budget_amount: f.budget.amount, budget_currency: f.budget.currency }),
  ...(f.jobsPlanned !== undefined && { jobs_planned: f.jobsPlanned }),
  ...(f.jobsCreated !== undefined && { jobs_created: f.jobsCreated }),
  ...(f.localContentPlannedBp !== undefined && { local_content_planned_bp: f.localContentPlannedBp }),
  ...(f.localContentReachedBp !== undefined && { local_content_reached_bp: f.localContentReachedBp }),
});

export async function insertProject(trx: Kysely<Database>, p: ProjectFields & { id: string; columns: LabelColumns; at: string }) {
  await trx
    .insertInto('industrial_project')
    .values({
      ...newRecord(p.id, p.columns, p.at),
      title: JSON.stringify(p.title),
      description: JSON.stringify(p.description),
      kind: p.kind,
      status: 'proposed',
      suspended_from: null,
      close_reason: null,
      site_place: p.site.place,
      site_latitude: p.site.latitude,
      site_longitude: p.site.longitude,
      budget_amount: p.budget.amount,
      budget_currency: p.budget.currency,
      jobs_planned: p.jobsPlanned,
      jobs_created: p.jobsCreated,
      local_content_planned_bp: p.localContentPlannedBp,
      local_content_reached_bp: p.localContentReachedBp,
    })
    .execute();
  await reindex(trx, 'industrial_project', [p.id]);
}

export interface ProjectChanges extends Partial<ProjectFields> {
  columns?: LabelColumns | undefined;
  status?: ProjectStatus | undefined;
  suspendedFrom?: ProjectStatus | null | undefined;
  closeReason?: string | null | undefined;
  at: string;
}

/** Writes the changes if the project is still at `version`, moving it on; false when another writer came first. */
export async function updateProject(trx: Kysely<Database>, id: string, version: number, c: ProjectChanges) {
  const written = await compareAndSet(trx, 'industrial_project', id, version, {
    ...c.columns,
    ...fieldColumns(c),
    ...(c.status !== undefined && { status: c.status }),
    ...(c.suspendedFrom !== undefined && { suspended_from: c.suspendedFrom }),
    ...(c.closeReason !== undefined && { close_reason: c.closeReason }),
    updated_at: c.at,
  });
  if (written) await reindex(trx, 'industrial_project', [id]);
  return written;
}

export const recordProjectEvent = (trx: Kysely<Database>, e: ProjectEvent & { projectId: string; userId: string }) =>
  recordStatusMove(trx, 'industrial_project_event', e.projectId, e);

/**
 * Makes the project's partners exactly `partners`, in their order: rows kept
 * by id are updated, others inserted. A partner left out leaves the project at
 * `at`: its row is kept as having left, with every commitment it has, readable
 * or not by the writer, untouched (they belong to the partner's party, which
 * the writer may not be, and removing them or refusing because of them would
 * tell about commitments the writer cannot read). Every partner that leaves is
 * kept alike, with commitments or without, so that the list of former partners
 * tells nothing of commitments its reader cannot read.
 */
export async function replacePartners(
  trx: Kysely<Database>,
  projectId: string,
  partners: readonly { id: string; name: string; party: string; role: PartnerRole; shareBp: number }[],
  at: string,
) {
  const existing = new Set((await partnersOf(trx, projectId)).map((p) => p.id));
  const gone = [...existing].filter((id) => !partners.some((p) => p.id === id));
  if (gone.length)
    await trx
      .updateTable('industrial_partner')
      .set({ left_at: at })
      .where('project_id', '=', projectId)
      .where('id', 'in', gone)
      .execute();
  for (const [position, p] of partners.entries()) {
    const row = { name: p.name, party: p.party, role: p.role, share_bp: p.shareBp, position };
    if (existing.has(p.id)) await trx.updateTable('industrial_partner').set(row).where('id', '=', p.id).execute();
    else
      await trx
        .insertInto('industrial_partner')
        .values({ id: p.id, project_id: projectId, ...row, left_at: null })
        .execute();
  }
  return gone;
}

export async function insertMilestone(trx: Kysely<Database>, projectId: string, m: ProjectMilestoneRecord) {
  await trx
    .insertInto('industrial_milestone')
    .values({
      id: m.id,
      project_id: projectId,
      kind: m.kind,
      title: m.title,
      planned_on: m.plannedOn,
      actual_on: m.actualOn,
      target_bp: m.targetBp,
      reached_bp: m.reachedBp,
    })
    .execute();
}

export async function findMilestone(db: Kysely<Database>, projectId: string, id: string) {
  return (await milestonesOf(db, projectId)).find((m) => m.id === id);
}

export const updateMilestoneRow = (
  trx: Kysely<Database>,
  projectId: string,
  id: string,
  change: { plannedOn: string; actualOn: string | null; reachedBp: number | null },
) =>
  updatePart(trx, 'industrial_milestone', projectId, id, {
    planned_on: change.plannedOn,
    actual_on: change.actualOn,
    reached_bp: change.reachedBp,
  });

export async function insertTransfer(trx: Kysely<Database>, projectId: string, t: TransferRecord) {
  await trx
    .insertInto('industrial_transfer')
    .values({
      id: t.id,
      project_id: projectId,
      what: t.what,
      from_whom: t.from,
      to_whom: t.to,
      planned_on: t.plannedOn,
      accepted_on: t.acceptedOn,
    })
    .execute();
}

export async function findTransfer(db: Kysely<Database>, projectId: string, id: string) {
  const row = await db
    .selectFrom('industrial_transfer')
    .select(TRANSFER_COLUMNS)
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toTransfer(row);
}

export const updateTransferRow = (trx: Kysely<Database>, projectId: string, id: string, t: Omit<TransferRecord, 'id'>) =>
  updatePart(trx, 'industrial_transfer', projectId, id, {
    what: t.what,
    from_whom: t.from,
    to_whom: t.to,
    planned_on: t.plannedOn,
    accepted_on: t.acceptedOn,
  });

export interface CommitmentFields {
  what: string;
  contribution: Money | null;
  jobs: number | null;
  dueBy: string | null;
}

export async function insertCommitment(
  trx: Kysely<Database>,
  c: CommitmentFields & { id: string; projectId: string; partnerId: string; columns: LabelColumns; at: string },
) {
  await trx
    .insertInto('industrial_commitment')
    .values({
      ...newRecord(c.id, c.columns, c.at),
      project_id: c.projectId,
      partner_id: c.partnerId,
      what: c.what,
      contribution_amount: c.contribution?.amount ?? null,
      contribution_currency: c.contribution?.currency ?? null,
      jobs: c.jobs,
      due_by: c.dueBy,
    })
    .execute();
}

export function updateCommitment(
  trx: Kysely<Database>,
  id: string,
  version: number,
  c: Partial<CommitmentFields> & { columns?: LabelColumns | undefined; at: string },
) {
  return compareAndSet(trx, 'industrial_commitment', id, version, {
    ...c.columns,
    ...(c.what !== undefined && { what: c.what }),
    ...(c.contribution !== undefined && {
      contribution_amount: c.contribution?.amount ?? null,
      contribution_currency: c.contribution?.currency ?? null,
    }),
    ...(c.jobs !== undefined && { jobs: c.jobs }),
    ...(c.dueBy !== undefined && { due_by: c.dueBy }),
    updated_at: c.at,
  });
}
