import { type Kysely, sql } from 'kysely';
import { type Money, money } from '../domain/money.js';
import type { ProgrammeStatus } from '../domain/programme.lifecycle.js';
import type {
  ContractRecord,
  MilestoneKind,
  MilestoneRecord,
  MilestoneStatus,
  OfferRecord,
  ProgrammeEvent,
  ProgrammeHead,
  ProgrammeListItem,
  ProgrammeListQuery,
  ProgrammeRecord,
} from '../domain/programme.schema.js';
import { userIdFor } from '../domain/user-naming.js';
import { readableBy, readableIds, readableRecords, type StoreReader } from './access.js';
import { newestFirst, newestFirstRecords } from './cursor.js';
import type { Database, LabelColumns } from './database.js';
import { type LabelCodec, recordHead } from './label-codec.js';
import { objectiveIdsServedBy } from './objective.repo.js';
import { readableLinks, relink, updatePart } from './parts.js';
import { reindex } from './search-index.js';
import { recordStatusMove, statusHistory } from './status-history.js';
import { compareAndSet, newRecord } from './versioned.js';

// Amounts are 64-bit integers on both databases. They travel as text both
// ways (cast on read, a bigint bound on write), so that no amount above 2^53
// ever passes through a double: pg reads int8 as a number and better-sqlite3
// reads integers as numbers.
export const amount = (ref: string) => sql<string>`cast(${sql.ref(ref)} as text)`;
export const asMoney = (text: string, currency: string): Money => money(BigInt(text), currency);
export const json = <T>(text: string): T => JSON.parse(text) as T;

const HEAD_COLUMNS = [
  'p.commission_id',
  'p.title',
  'p.description',
  'p.status',
  'p.cancel_reason',
  'p.capability_gap',
  'p.quantity',
  'p.required_by',
  'p.budget_currency',
  'p.evaluation_id',
  'p.selected_offer_id',
] as const;

/**
 * The programme's own columns, and its frozen evaluation's hash by a scalar subquery: read for the rows returned only,
 * it leaves the list's plan alone. The hash is null for a reader who may not read the evaluation's own label.
 */
function headQuery(db: Kysely<Database>, reader: StoreReader) {
  return readableRecords(db.selectFrom('programme as p'), reader, 'p', HEAD_COLUMNS)
    .select(amount('p.budget_amount').as('budget_amount'))
    .select((eb) =>
      eb
        .selectFrom('evaluation as e')
        .select('e.frozen_hash')
        .whereRef('e.id', '=', 'p.evaluation_id')
        .where((w) => w.or([w('e.classification', 'is', null), readableBy(reader, 'e')]))
        .as('evaluation_hash'),
    );
}

type HeadRow = Awaited<ReturnType<ReturnType<typeof headQuery>['executeTakeFirstOrThrow']>>;

const toHead = (codec: LabelCodec, r: HeadRow): ProgrammeHead => ({
  ...recordHead(codec, r),
  commissionId: r.commission_id,
  title: json(r.title),
  description: json(r.description),
  status: r.status as ProgrammeStatus,
  cancelReason: r.cancel_reason,
  need: {
    capabilityGap: r.capability_gap,
    quantity: r.quantity,
    requiredBy: r.required_by,
    budgetCeiling: asMoney(r.budget_amount, r.budget_currency),
  },
  evaluationId: r.evaluation_id,
  evaluationHash: r.evaluation_hash,
  selectedOfferId: r.selected_offer_id,
});

/** The programme without its parts, if the reader may read it. */
export async function findProgrammeHead(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await headQuery(db, reader).where('p.id', '=', id).executeTakeFirst();
  return row ? toHead(codec, row) : undefined;
}

/**
 * The query of one page (plus one row, to tell whether more follow) of the
 * programmes the reader may read, newest first: by creation time, then id,
 * paged by keyset so that every page costs the same however deep it is. The
 * benchmark compiles it to EXPLAIN it.
 */
export function listProgrammesQuery(db: Kysely<Database>, reader: StoreReader, q: ProgrammeListQuery) {
  let query = headQuery(db, reader);
  if (q.status) query = query.where('p.status', '=', q.status);
  if (q.owner) query = query.where('p.owner_party', '=', q.owner);
  if (q.commissionId) query = query.where('p.commission_id', '=', q.commissionId);
  return newestFirst(query, 'p', q.cursor, q.limit);
}

/** One page of the programmes the reader may read, newest first, and the cursor of the next. */
export async function listProgrammeHeads(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  q: ProgrammeListQuery,
): Promise<{ items: ProgrammeListItem[]; nextCursor: string | null }> {
  const { items, nextCursor } = await newestFirstRecords(listProgrammesQuery(db, reader, q), q.limit, (r) => toHead(codec, r));
  return { items: await withListExtras(db, reader, items), nextCursor };
}

/**
 * What a list shows of the execution of the programmes that selected an
 * offer: the offer's supplier (if the reader may read it) and system, the
 * contract's value and the earliest milestone not met. Three queries for the
 * whole page, none when no programme of it has selected an offer (no other
 * has a contract).
 */
async function withListExtras(db: Kysely<Database>, reader: StoreReader, heads: ProgrammeHead[]): Promise<ProgrammeListItem[]> {
  const ids = heads.filter((h) => h.selectedOfferId).map((h) => h.id);
  if (!ids.length) return heads.map((h) => ({ ...h, selectedOffer: null, contractValue: null, nextMilestone: null }));
  const [offers, contracts, milestones] = await Promise.all([
    db
      .selectFrom('programme as p')
      .innerJoin('programme_offer as o', 'o.id', 'p.selected_offer_id')
      .leftJoin(
        (eb) => eb.selectFrom('supplier as s').select(['s.id', 's.name']).where(readableBy(reader, 's')).as('rs'),
        (join) => join.onRef('rs.id', '=', 'o.supplier_id'),
      )
      .leftJoin('supplier_system as sy', (join) => join.onRef('sy.id', '=', 'o.system_id').on('rs.id', 'is not', null))
      .select(['p.id', 'rs.name as supplier', 'sy.name as system'])
      .where('p.id', 'in', ids)
      .execute(),
    db
      .selectFrom('programme_contract')
      .select(['programme_id', 'currency'])
      .select(amount('value').as('value'))
      .where('programme_id', 'in', ids)
      .execute(),
    db
      .selectFrom('programme_milestone')
      .select(['programme_id', 'title', 'kind', 'due_date', 'status'])
      .where('programme_id', 'in', ids)
      .where('status', '<>', 'met')
      .orderBy('programme_id')
      .orderBy('due_date')
      .orderBy('id')
      .execute(),
  ]);
  const offerOf = new Map(offers.map((o) => [o.id, { supplier: o.supplier, system: o.system }]));
  const contractValueOf = new Map(contracts.map((c) => [c.programme_id, asMoney(c.value, c.currency)]));
  const nextOf = new Map<string, ProgrammeListItem['nextMilestone']>();
  for (const m of milestones)
    if (!nextOf.has(m.programme_id))
      nextOf.set(m.programme_id, {
        title: m.title,
        kind: m.kind as MilestoneKind,
        dueDate: m.due_date,
        status: m.status as MilestoneStatus,
      });
  return heads.map((h) => ({
    ...h,
    selectedOffer: offerOf.get(h.id) ?? null,
    contractValue: contractValueOf.get(h.id) ?? null,
    nextMilestone: nextOf.get(h.id) ?? null,
  }));
}

/** The whole programme as the reader may see it: its links and suppliers only where readable. */
export async function findProgramme(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  id: string,
): Promise<ProgrammeRecord | undefined> {
  const head = await findProgrammeHead(db, codec, reader, id);
  if (!head) return undefined;
  const [objectiveIds, activityIds, offers, contract, history] = await Promise.all([
    linkedObjectiveIds(db, reader, id),
    linkedActivityIds(db, reader, id),
    offersOf(db, reader, id),
    contractOf(db, id),
    statusHistory<ProgrammeStatus>(db, 'programme_event', id),
  ]);
  // Who moved it, named only to a reader of their party.
  const named = history.map((e) => ({ ...e, userId: userIdFor(reader.party, e.party, e.userId) }));
  return { ...head, objectiveIds, activityIds, offers, contract, history: named };
}

export function linkedObjectiveIds(db: Kysely<Database>, reader: StoreReader, programmeId: string) {
  return objectiveIdsServedBy(db, reader, { programmeId });
}

export const linkedActivityIds = (db: Kysely<Database>, reader: StoreReader, programmeId: string) =>
  readableLinks(db, reader, 'programme_activity', 'activity', programmeId, 'ref_code');

/** Of `ids`, the objectives the reader may read. */
export const readableObjectives = (db: Kysely<Database>, reader: StoreReader, ids: string[]) =>
  readableIds(db, 'objective', reader, ids);

/** Of `ids`, the activities the reader may read. */
export const readableActivities = (db: Kysely<Database>, reader: StoreReader, ids: string[]) =>
  readableIds(db, 'activity', reader, ids);

export const linkRecords = (
  trx: Kysely<Database>,
  programmeId: string,
  kind: 'objective' | 'activity',
  add: string[],
  remove: string[],
) => relink(trx, kind === 'objective' ? 'programme_objective' : 'programme_activity', programmeId, add, remove);

export interface NewProgramme {
  id: string;
  columns: LabelColumns;
  commissionId: string | null;
  title: object;
  description: object;
  need: { capabilityGap: string; quantity: number; requiredBy: string; budgetCeiling: Money };
  at: string;
}

export async function insertProgramme(trx: Kysely<Database>, p: NewProgramme) {
  await trx
    .insertInto('programme')
    .values({
      ...newRecord(p.id, p.columns, p.at),
      commission_id: p.commissionId,
      title: JSON.stringify(p.title),
      description: JSON.stringify(p.description),
      status: 'need',
      cancel_reason: null,
      capability_gap: p.need.capabilityGap,
      quantity: p.need.quantity,
      required_by: p.need.requiredBy,
      budget_amount: p.need.budgetCeiling.amount,
      budget_currency: p.need.budgetCeiling.currency,
      evaluation_id: null,
      selected_offer_id: null,
    })
    .execute();
  await reindex(trx, 'programme', [p.id]);
}

export interface ProgrammeChanges {
  columns?: LabelColumns | undefined;
  title?: object | undefined;
  description?: object | undefined;
  need?: NewProgramme['need'] | undefined;
  status?: ProgrammeStatus | undefined;
  cancelReason?: string | undefined;
  selectedOfferId?: string | undefined;
  evaluationId?: string | undefined;
  at: string;
}

/** Writes the changes if the programme is still at `version`, moving it on; false when another writer came first. */
export async function updateProgramme(trx: Kysely<Database>, id: string, version: number, c: ProgrammeChanges) {
  const written = await compareAndSet(trx, 'programme', id, version, {
    ...c.columns,
    ...(c.title !== undefined && { title: JSON.stringify(c.title) }),
    ...(c.description !== undefined && { description: JSON.stringify(c.description) }),
    ...(c.need !== undefined && {
      capability_gap: c.need.capabilityGap,
      quantity: c.need.quantity,
      required_by: c.need.requiredBy,
      budget_amount: c.need.budgetCeiling.amount,
      budget_currency: c.need.budgetCeiling.currency,
    }),
    ...(c.status !== undefined && { status: c.status }),
    ...(c.cancelReason !== undefined && { cancel_reason: c.cancelReason }),
    ...(c.selectedOfferId !== undefined && { selected_offer_id: c.selectedOfferId }),
    ...(c.evaluationId !== undefined && { evaluation_id: c.evaluationId }),
    updated_at: c.at,
  });
  if (written) await reindex(trx, 'programme', [id]);
  return written;
}

export const recordProgrammeEvent = (trx: Kysely<Database>, e: ProgrammeEvent & { programmeId: string; userId: string }) =>
  recordStatusMove(trx, 'programme_event', e.programmeId, e);

// Offers.

async function offersOf(db: Kysely<Database>, reader: StoreReader, programmeId: string): Promise<OfferRecord[]> {
  const rows = await db
    .selectFrom('programme_offer as o')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('supplier as s')
          .select(['s.id', 's.name', 's.country', 's.identifier'])
          .where(readableBy(reader, 's'))
          .as('rs'),
      (join) => join.onRef('rs.id', '=', 'o.supplier_id'),
    )
    .leftJoin('supplier_system as sy', (join) => join.onRef('sy.id', '=', 'o.system_id').on('rs.id', 'is not', null))
    .select([
      'o.id',
      'o.supplier_id',
      'o.system_id',
      'o.quantity',
      'o.currency',
      'o.delivery_schedule',
      'o.industrial_participation',
      'o.valid_until',
      'o.documents',
      'o.created_at',
      'o.withdrawn_at',
      'o.withdrawn_reason',
      'rs.name as supplier_name',
      'rs.country as supplier_country',
      'rs.identifier as supplier_identifier',
      'sy.name as system_name',
      'sy.category as system_category',
    ])
    .select([amount('o.unit_price').as('unit_price'), amount('o.total_price').as('total_price')])
    .where('o.programme_id', '=', programmeId)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    supplierId: r.supplier_id,
    supplier:
      r.supplier_name === null
        ? null
        : {
            id: r.supplier_id,
            name: r.supplier_name,
            country: r.supplier_country ?? '',
            identifier: r.supplier_identifier ?? null,
          },
    systemId: r.system_id,
    system: r.system_name === null ? null : { id: r.system_id, name: r.system_name, category: r.system_category ?? '' },
    quantity: r.quantity,
    unitPrice: asMoney(r.unit_price, r.currency),
    totalPrice: asMoney(r.total_price, r.currency),
    deliverySchedule: json(r.delivery_schedule),
    industrialParticipation: json(r.industrial_participation),
    validUntil: r.valid_until,
    documents: json(r.documents),
    createdAt: r.created_at,
    withdrawnAt: r.withdrawn_at,
    withdrawnReason: r.withdrawn_reason,
  }));
}

/** The offers of a programme with whether each is withdrawn (the programme already found readable). */
export function offerStates(db: Kysely<Database>, programmeId: string) {
  return db
    .selectFrom('programme_offer')
    .select(['id', 'withdrawn_at', 'quantity'])
    .where('programme_id', '=', programmeId)
    .orderBy('created_at')
    .execute();
}

export interface NewOffer {
  id: string;
  programmeId: string;
  supplierId: string;
  systemId: string;
  quantity: number;
  unitPrice: Money;
  totalPrice: Money;
  deliverySchedule: unknown;
  industrialParticipation: unknown;
  validUntil: string;
  documents: unknown;
  at: string;
  userId: string;
}

export async function insertOffer(trx: Kysely<Database>, o: NewOffer) {
  await trx
    .insertInto('programme_offer')
    .values({
      id: o.id,
      programme_id: o.programmeId,
      supplier_id: o.supplierId,
      system_id: o.systemId,
      quantity: o.quantity,
      currency: o.unitPrice.currency,
      unit_price: o.unitPrice.amount,
      total_price: o.totalPrice.amount,
      delivery_schedule: JSON.stringify(o.deliverySchedule),
      industrial_participation: JSON.stringify(o.industrialParticipation),
      valid_until: o.validUntil,
      documents: JSON.stringify(o.documents),
      created_at: o.at,
      created_by: o.userId,
      withdrawn_at: null,
      withdrawn_reason: null,
    })
    .execute();
}

export async function withdrawOfferRow(trx: Kysely<Database>, programmeId: string, offerId: string, at: string, reason: string) {
  const res = await trx
    .updateTable('programme_offer')
    .set({ withdrawn_at: at, withdrawn_reason: reason })
    .where('programme_id', '=', programmeId)
    .where('id', '=', offerId)
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteOfferRow(trx: Kysely<Database>, programmeId: string, offerId: string) {
  const res = await trx
    .deleteFrom('programme_offer')
    .where('programme_id', '=', programmeId)
    .where('id', '=', offerId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) === 1;
}

// The contract and its execution.

async function contractOf(db: Kysely<Database>, programmeId: string): Promise<ContractRecord | null> {
  const c = await db
    .selectFrom('programme_contract')
    .select(['offer_id', 'currency', 'signed_on', 'reference', 'created_at'])
    .select(amount('value').as('value'))
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  if (!c) return null;
  const [milestones, deliveries, amendments] = await Promise.all([
    db
      .selectFrom('programme_milestone')
      .select(['id', 'kind', 'title', 'due_date', 'currency', 'status', 'date_met'])
      .select(amount('value').as('value'))
      .where('programme_id', '=', programmeId)
      .orderBy('due_date')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('programme_delivery')
      .select(['id', 'lot', 'delivered_on', 'quantity_delivered', 'quantity_accepted'])
      .where('programme_id', '=', programmeId)
      .orderBy('delivered_on')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('programme_amendment')
      .select(['id', 'number', 'date', 'rationale', 'description', 'currency', 'created_at'])
      .select([amount('value_before').as('value_before'), amount('value_after').as('value_after')])
      .where('programme_id', '=', programmeId)
      .orderBy('number')
      .execute(),
  ]);
  return {
    offerId: c.offer_id,
    value: asMoney(c.value, c.currency),
    signedOn: c.signed_on,
    reference: c.reference,
    createdAt: c.created_at,
    milestones: milestones.map(
      (m): MilestoneRecord => ({
        id: m.id,
        kind: m.kind as MilestoneRecord['kind'],
        title: m.title,
        dueDate: m.due_date,
        value: asMoney(m.value, m.currency),
        status: m.status as MilestoneRecord['status'],
        dateMet: m.date_met,
      }),
    ),
    deliveries: deliveries.map((d) => ({
      id: d.id,
      lot: d.lot,
      deliveredOn: d.delivered_on,
      quantityDelivered: d.quantity_delivered,
      quantityAccepted: d.quantity_accepted,
    })),
    amendments: amendments.map((a) => ({
      id: a.id,
      number: a.number,
      date: a.date,
      rationale: a.rationale,
      description: a.description,
      valueBefore: asMoney(a.value_before, a.currency),
      valueAfter: asMoney(a.value_after, a.currency),
      createdAt: a.created_at,
    })),
  };
}

/** The contract of a programme the caller already found readable. */
export const findContract = contractOf;

export async function insertContract(
  trx: Kysely<Database>,
  c: { programmeId: string; offerId: string; value: Money; signedOn: string; reference: string | null; at: string },
) {
  await trx
    .insertInto('programme_contract')
    .values({
      programme_id: c.programmeId,
      offer_id: c.offerId,
      value: c.value.amount,
      currency: c.value.currency,
      signed_on: c.signedOn,
      reference: c.reference,
      created_at: c.at,
    })
    .execute();
}

export async function setContractValue(trx: Kysely<Database>, programmeId: string, value: Money) {
  await trx
    .updateTable('programme_contract')
    .set({ value: value.amount, currency: value.currency })
    .where('programme_id', '=', programmeId)
    .execute();
}

export async function insertMilestone(trx: Kysely<Database>, programmeId: string, m: Omit<MilestoneRecord, 'dateMet'>) {
  await trx
    .insertInto('programme_milestone')
    .values({
      id: m.id,
      programme_id: programmeId,
      kind: m.kind,
      title: m.title,
      due_date: m.dueDate,
      value: m.value.amount,
      currency: m.value.currency,
      status: m.status,
      date_met: null,
    })
    .execute();
}

export const updateMilestoneRow = (
  trx: Kysely<Database>,
  programmeId: string,
  id: string,
  change: { status: MilestoneRecord['status']; dateMet: string | null },
) => updatePart(trx, 'programme_milestone', programmeId, id, { status: change.status, date_met: change.dateMet });

export async function acceptedSoFar(trx: Kysely<Database>, programmeId: string): Promise<number> {
  const row = await trx
    .selectFrom('programme_delivery')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity_accepted'), sql<number>`0`).as('n'))
    .where('programme_id', '=', programmeId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function insertDelivery(
  trx: Kysely<Database>,
  d: {
    id: string;
    programmeId: string;
    lot: string;
    deliveredOn: string;
    quantityDelivered: number;
    quantityAccepted: number;
    at: string;
  },
) {
  await trx
    .insertInto('programme_delivery')
    .values({
      id: d.id,
      programme_id: d.programmeId,
      lot: d.lot,
      delivered_on: d.deliveredOn,
      quantity_delivered: d.quantityDelivered,
      quantity_accepted: d.quantityAccepted,
      created_at: d.at,
    })
    .execute();
}

export async function insertAmendment(
  trx: Kysely<Database>,
  a: {
    id: string;
    programmeId: string;
    date: string;
    rationale: string;
    description: string | null;
    valueBefore: Money;
    valueAfter: Money;
    at: string;
  },
) {
  const last = await trx
    .selectFrom('programme_amendment')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('programme_id', '=', a.programmeId)
    .executeTakeFirst();
  const number = Number(last?.n ?? 0) + 1;
  await trx
    .insertInto('programme_amendment')
    .values({
      id: a.id,
      programme_id: a.programmeId,
      number,
      date: a.date,
      rationale: a.rationale,
      description: a.description,
      value_before: a.valueBefore.amount,
      value_after: a.valueAfter.amount,
      currency: a.valueAfter.currency,
      created_at: a.at,
    })
    .execute();
  return number;
}
