import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { LocalizedText } from '../domain/common.schema.js';
import { money } from '../domain/money.js';
import type { ProgrammeStatus } from '../domain/programme.lifecycle.js';
import type { MilestoneKind, MilestoneStatus } from '../domain/programme.schema.js';
import type { ContractFacts } from '../domain/programme-measures.js';
import { readableBy, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Database } from './database.js';
import { amount } from './programme.repo.js';

// The facts the programme measures are computed from, as of a day: only
// programmes the reader may read, with a contract signed by the day, count
// (the read rule is in every query). Amounts travel as text, so that none
// above 2^53 passes through a double (programme.repo.ts says why).

export interface MeasuresFilter {
  /** The day, YYYY-MM-DD: what happened on it counts. */
  on: string;
  party?: string | undefined;
  commissionId?: string | undefined;
  programmeId?: string | undefined;
}

/** The programmes that count: readable, contracted by the day, within the filter. */
function counted(db: Kysely<Database>, reader: StoreReader, f: MeasuresFilter) {
  let q = db
    .selectFrom('programme as p')
    .innerJoin('programme_contract as c', 'c.programme_id', 'p.id')
    .where(readableBy(reader, 'p'))
    .where('c.signed_on', '<=', f.on);
  if (f.party) q = q.where('p.owner_party', '=', f.party);
  if (f.commissionId) q = q.where('p.commission_id', '=', f.commissionId);
  if (f.programmeId) q = q.where('p.id', '=', f.programmeId);
  return q;
}

/** Events are instants; the day's last one still counts. */
const endOf = (day: string) => `${day}T23:59:59.999Z`;

type MilestoneAs<A extends string> = ExpressionBuilder<Database & { [K in A]: Database['programme_milestone'] }, A>;

/** A milestone `m` due before the day and not met by it. */
const lateBy = (on: string) => (eb: MilestoneAs<'m'>) =>
  eb.and([eb('m.due_date', '<', on), eb.not(eb.and([eb('m.status', '=', 'met'), eb('m.date_met', '<=', on)]))]);

/**
 * The facts of every counted programme, in their own currencies, ordered by
 * owner party, then id: what the totals add up. Late milestones are counted
 * here, not listed (`late` is empty): `lateMilestones` lists them for the
 * programmes an answer shows.
 */
export async function contractFacts(db: Kysely<Database>, reader: StoreReader, f: MeasuresFilter): Promise<ContractFacts[]> {
  const heads = await counted(db, reader, f)
    .innerJoin('programme_offer as o', 'o.id', 'c.offer_id')
    .select([
      'p.id',
      'p.owner_party',
      'p.commission_id',
      'p.title',
      'p.status',
      'c.signed_on',
      'c.currency',
      'o.currency as offer_currency',
    ])
    .select((eb) => [
      amount('o.unit_price').as('unit_price'),
      // The value of the last amendment dated by the day that changed it; before any, the value signed.
      eb.fn
        .coalesce(
          eb
            .selectFrom('programme_amendment as a')
            .select(amount('a.value_after').as('v'))
            .whereRef('a.programme_id', '=', 'p.id')
            .where('a.date', '<=', f.on)
            .whereRef('a.value_after', '<>', 'a.value_before')
            .orderBy('a.date', 'desc')
            .orderBy('a.number', 'desc')
            .limit(1),
          eb
            .selectFrom('programme_amendment as a')
            .select(amount('a.value_before').as('v'))
            .whereRef('a.programme_id', '=', 'p.id')
            .orderBy('a.number')
            .limit(1),
          amount('c.value'),
        )
        .as('committed'),
      eb.fn
        .coalesce(
          eb
            .selectFrom('programme_delivery as d')
            .select((d) => d.fn.sum<number>('d.quantity_accepted').as('n'))
            .whereRef('d.programme_id', '=', 'p.id')
            .where('d.delivered_on', '<=', f.on),
          sql<number>`0`,
        )
        .as('accepted'),
      eb
        .selectFrom('programme_milestone as m')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('m.programme_id', '=', 'p.id')
        .where(lateBy(f.on))
        .as('late_count'),
      eb
        .exists(
          eb
            .selectFrom('programme_event as e')
            .select(sql.lit(1).as('one'))
            .whereRef('e.programme_id', '=', 'p.id')
            .where('e.to_status', 'in', ['closed', 'cancelled'])
            .where('e.at', '<=', endOf(f.on)),
        )
        .as('ended'),
    ])
    .orderBy('p.owner_party')
    .orderBy('p.id')
    .execute();
  if (!heads.length) return [];
  const payments = await db
    .selectFrom('programme_milestone as m')
    .select(['m.programme_id', 'm.currency'])
    .select(amount('m.value').as('value'))
    .where('m.programme_id', 'in', counted(db, reader, f).select('p.id'))
    .where('m.kind', '=', 'payment')
    .where('m.status', '=', 'met')
    .where('m.date_met', '<=', f.on)
    .orderBy('m.programme_id')
    .orderBy('m.id')
    .execute();
  const paymentsOf = byProgramme(payments);
  return heads.map((h) => ({
    id: h.id,
    ownerParty: h.owner_party,
    commissionId: h.commission_id,
    title: JSON.parse(h.title) as LocalizedText,
    status: h.status as ProgrammeStatus,
    signedOn: h.signed_on,
    committed: money(BigInt(h.committed), h.currency),
    payments: (paymentsOf.get(h.id) ?? []).map((m) => money(BigInt(m.value), m.currency)),
    delivery: { unitPrice: money(BigInt(h.unit_price), h.offer_currency), accepted: Number(h.accepted) },
    // A programme closed or cancelled by the day has no milestone late any more.
    lateCount: isTrue(h.ended) ? 0 : Number(h.late_count ?? 0),
    late: [],
  }));
}

/**
 * The milestones late by the day of the counted programmes among `ids`, by
 * programme (due date, then id); none for a programme closed or cancelled by
 * the day, as `contractFacts` counts them.
 */
export async function lateMilestones(
  db: Kysely<Database>,
  reader: StoreReader,
  f: MeasuresFilter,
  ids: readonly string[],
): Promise<Map<string, ContractFacts['late']>> {
  if (!ids.length) return new Map();
  const open = counted(db, reader, f)
    .select('p.id')
    .where('p.id', 'in', [...ids])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('programme_event as e')
            .select(sql.lit(1).as('one'))
            .whereRef('e.programme_id', '=', 'p.id')
            .where('e.to_status', 'in', ['closed', 'cancelled'])
            .where('e.at', '<=', endOf(f.on)),
        ),
      ),
    );
  const rows = await db
    .selectFrom('programme_milestone as m')
    .where(lateBy(f.on))
    .select(['m.id', 'm.programme_id', 'm.kind', 'm.title', 'm.due_date', 'm.status', 'm.currency'])
    .select(amount('m.value').as('value'))
    .where('m.programme_id', 'in', open)
    .orderBy('m.programme_id')
    .orderBy('m.due_date')
    .orderBy('m.id')
    .execute();
  return new Map(
    [...byProgramme(rows)].map(([id, list]) => [
      id,
      list.map((m) => ({
        id: m.id,
        kind: m.kind as MilestoneKind,
        title: m.title,
        dueDate: m.due_date,
        status: m.status as MilestoneStatus,
        value: money(BigInt(m.value), m.currency),
      })),
    ]),
  );
}

/** Keyset cursor of the measures' programmes: the owner party and id of the last programme of a page. */
export const encodeMeasuresCursor = (party: string, id: string) => encodeCursor(['m', party, id]);

export function decodeMeasuresCursor(cursor: string): { party: string; id: string } {
  const [, party, id] = decodeCursor(cursor, 3, (v, i) => (i === 0 ? v === 'm' : typeof v === 'string')) as string[];
  return { party: party as string, id: id as string };
}

function byProgramme<T extends { programme_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.programme_id);
    if (list) list.push(r);
    else out.set(r.programme_id, [r]);
  }
  return out;
}

/** SQLite answers a condition as 0 or 1, PostgreSQL as a boolean. */
const isTrue = (v: unknown) => v === true || v === 1 || v === 1n;
