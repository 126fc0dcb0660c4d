import type { Kysely } from 'kysely';
import type { AppContext } from '../src/app/context.js';
import type { Label } from '../src/domain/labels.js';
import type { Database } from '../src/store/database.js';
import type { LabelCodec } from '../src/store/label-codec.js';

// What the benchmarks that add records to a generated data set share: what they start from, how
// they write rows straight into the tables, and the catalogue's suppliers.

export const DAY = 86_400_000;
export const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Writes the rows of each table, named by the table, 200 an insert. */
export async function insertTables(trx: Kysely<Database>, tables: Record<string, Record<string, unknown>[]>) {
  for (const [table, rows] of Object.entries(tables)) await insertAll(trx, table as keyof Database, rows);
}

async function insertAll(trx: Kysely<Database>, table: keyof Database, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 200)
    await trx
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: rows of several tables go through this one loop; each is typed where it is built
      .values(rows.slice(i, i + 200) as any)
      .execute();
}

/**
 * The commissions of a generated data set with their parties, and its planners by party (the
 * parties in order); refused unless it has a commission and `minParties` parties with a planner.
 */
export async function generatedSet(ctx: AppContext, what: string, minParties: number) {
  const commissions = (await ctx.db.selectFrom('commission').select(['id', 'parties']).execute()).map((c) => ({
    id: c.id,
    parties: JSON.parse(c.parties) as string[],
  }));
  const planners = new Map(
    (await ctx.db.selectFrom('app_user').select(['id', 'party', 'username']).execute())
      .filter((u) => u.username.endsWith('.planner'))
      .map((u) => [u.party, u.id]),
  );
  const parties = [...planners.keys()].sort();
  if (!commissions.length || parties.length < minParties) throw new Error(`seed the ${what} into a generated data set`);
  return { commissions, planners, parties };
}

/** The rows of a supplier of `party`, released to every party, with one radar system. */
export function supplierRows(
  codec: LabelCodec,
  s: { id: string; system: string; party: string; name: string; parties: string[]; at: string },
) {
  const supplier = {
    id: s.id,
    ...codec.encode({ ownerParty: s.party, classification: 'UNCLASSIFIED', releasableTo: s.parties, compartments: [] }),
    version: 1,
    created_at: s.at,
    updated_at: s.at,
    name: `Supplier ${s.name}`,
    country: s.party,
    identifier: null,
  };
  const system = {
    id: s.system,
    supplier_id: s.id,
    name: `System ${s.name}`,
    category: 'radar',
    description: null,
    created_at: s.at,
  };
  return { supplier, system };
}

/**
 * The rows of a programme stated as a need by `user` of `owner` at `ms` (its first step), now in
 * `status`, with `offerId` selected; required 900 days on, its budget ceiling in `currency`.
 */
export function programmeRows(
  codec: LabelCodec,
  p: {
    id: string;
    label: Label;
    ms: number;
    commissionId: string;
    title: Record<string, string>;
    status: string;
    cancelReason: string | null;
    quantity: number;
    budget: bigint;
    currency: string;
    offerId: string | null;
    owner: string;
    user: string;
  },
) {
  const at = new Date(p.ms).toISOString();
  const programme = {
    id: p.id,
    ...codec.encode(p.label),
    version: 1,
    created_at: at,
    updated_at: at,
    commission_id: p.commissionId,
    title: JSON.stringify(p.title),
    description: '{}',
    status: p.status,
    cancel_reason: p.cancelReason,
    capability_gap: 'Capability gap',
    quantity: p.quantity,
    required_by: day(p.ms + 900 * DAY),
    budget_amount: p.budget,
    budget_currency: p.currency,
    evaluation_id: null,
    selected_offer_id: p.offerId,
  };
  const event = { programme_id: p.id, at, from_status: null, to_status: 'need', reason: null, party: p.owner, user_id: p.user };
  return { programme, event };
}

/** The row of an offer made a day after `ms` by `user`, valid a year, promising a 30 % local share. */
export function offerRow(o: {
  id: string;
  programmeId: string;
  supplier: string;
  system: string;
  quantity: number;
  unit: bigint;
  currency: string;
  ms: number;
  user: string;
}) {
  return {
    id: o.id,
    programme_id: o.programmeId,
    supplier_id: o.supplier,
    system_id: o.system,
    quantity: o.quantity,
    currency: o.currency,
    unit_price: o.unit,
    total_price: o.unit * BigInt(o.quantity),
    delivery_schedule: '[]',
    industrial_participation: JSON.stringify({ localShare: 30, sites: [], jobs: 0, technologyTransfer: null }),
    valid_until: day(o.ms + 365 * DAY),
    documents: '[]',
    created_at: new Date(o.ms + DAY).toISOString(),
    created_by: o.user,
    withdrawn_at: null,
    withdrawn_reason: null,
  };
}

/** The row of a contract signed at `signed` (a time) on the offer. */
export function contractRow(c: { programmeId: string; offerId: string; value: bigint; currency: string; signed: number }) {
  return {
    programme_id: c.programmeId,
    offer_id: c.offerId,
    value: c.value,
    currency: c.currency,
    signed_on: day(c.signed),
    reference: null,
    created_at: new Date(c.signed).toISOString(),
  };
}
