import { type Kysely, sql } from 'kysely';
import type { LocalizedText } from '../domain/common.schema.js';
import type { Label } from '../domain/labels.js';
import { money } from '../domain/money.js';
import type { ClaimStatus } from '../domain/offset.lifecycle.js';
import type { ClaimEvent, ClaimRecord, ClaimSource, CreditCategory, ObligationRecord } from '../domain/offset.schema.js';
import type { LedgerClaim, LedgerObligation } from '../domain/offset-ledger.js';
import { labelColumns, readableBy, recordColumns, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Database, LabelColumns } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { amount } from './programme.repo.js';
import { compareAndSet } from './versioned.js';

// Offset obligations and credit claims. An obligation is read only by who may
// read it and its programme; a claim only by who may read it and its
// obligation (and so the programme): the read rule joins each step in SQL.

export type OffsetDb = Kysely<Database>;
export type { StoreReader as OffsetReader };

const json = <T>(text: string): T => JSON.parse(text) as T;

/** What an obligation binds: who owes whom, in which currency, what share of the contract, from when and by when. */
export const OBLIGATION_TERMS = [
  'o.title',
  'o.obligor_party',
  'o.beneficiary_party',
  'o.currency',
  'o.required_bp',
  'o.arises_on',
  'o.deadline',
] as const;

const OBLIGATION_COLUMNS = [
  ...recordColumns('o'),
  'o.programme_id',
  'o.supplier_id',
  ...OBLIGATION_TERMS,
  'o.penalty_bp',
  'o.multipliers',
  'o.created_by',
] as const;

/** The obligations (`o`) the reader may read, of programmes (`p`) the reader may read: an obligation's read rule. */
export function readableObligations(db: Kysely<Database>, reader: StoreReader) {
  return db
    .selectFrom('offset_obligation as o')
    .innerJoin('programme as p', 'p.id', 'o.programme_id')
    .where(readableBy(reader, 'o'))
    .where(readableBy(reader, 'p'));
}

/**
 * The claims (`c`) the reader may read, against obligations (`o`) the reader may read. The programme's rule is
 * the caller's to add (joining `p`), or already met where the caller has read the programme.
 */
export function readableClaims(db: Kysely<Database>, reader: StoreReader) {
  return db
    .selectFrom('offset_claim as c')
    .innerJoin('offset_obligation as o', 'o.id', 'c.obligation_id')
    .where(readableBy(reader, 'c'))
    .where(readableBy(reader, 'o'));
}

/** The obligations the reader may read, of programmes the reader may read. */
function obligationQuery(db: Kysely<Database>, reader: StoreReader) {
  return readableObligations(db, reader)
    .select(OBLIGATION_COLUMNS)
    .select([amount('o.contract_value').as('contract_value'), amount('o.amount').as('amount')]);
}

type ObligationRow = Awaited<ReturnType<ReturnType<typeof obligationQuery>['executeTakeFirstOrThrow']>>;

const toObligation = (codec: LabelCodec, r: ObligationRow): ObligationRecord => ({
  id: r.id,
  version: r.version,
  label: codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  programmeId: r.programme_id,
  supplierId: r.supplier_id,
  title: json<LocalizedText>(r.title),
  obligorParty: r.obligor_party,
  beneficiaryParty: r.beneficiary_party,
  contractValue: money(BigInt(r.contract_value), r.currency),
  requiredBp: BigInt(r.required_bp),
  amount: money(BigInt(r.amount), r.currency),
  arisesOn: r.arises_on,
  deadline: r.deadline,
  penaltyBp: BigInt(r.penalty_bp),
  multipliers: json<{ category: CreditCategory; bp: number }[]>(r.multipliers).map((m) => ({
    category: m.category,
    bp: BigInt(m.bp),
  })),
  createdBy: r.created_by,
});

export async function findObligation(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await obligationQuery(db, reader).where('o.id', '=', id).executeTakeFirst();
  return row ? toObligation(codec, row) : undefined;
}

/** The obligations the reader may read: of one programme, or owed by or to one party; by deadline. */
export async function listObligations(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  filter: { programmeId?: string | undefined; party?: string | undefined; supplierIds?: readonly string[] | undefined },
): Promise<ObligationRecord[]> {
  let q = obligationQuery(db, reader);
  if (filter.programmeId) q = q.where('o.programme_id', '=', filter.programmeId);
  if (filter.party) {
    const party = filter.party;
    q = q.where((eb) => eb.or([eb('o.obligor_party', '=', party), eb('o.beneficiary_party', '=', party)]));
  }
  if (filter.supplierIds) {
    if (!filter.supplierIds.length) return [];
    q = q.where('o.supplier_id', 'in', filter.supplierIds);
  }
  // Not paged: a ledger adds up every obligation of its scope and chains, which a page would cut short.
  const rows = await q.orderBy('o.deadline').orderBy('o.id').execute();
  return rows.map((r) => toObligation(codec, r));
}

/**
 * What the ledger of one programme's contract or one party reads of
 * obligations, in one query: every obligation the reader may read (of a
 * programme it may read) of the suppliers of those in scope (of the programme,
 * or owed by or to the party, that it may read), each with only the terms the
 * ledger folds and its label, and whether it is in scope; by deadline, then id.
 */
export async function ledgerObligations(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  scope: { programmeId?: string | undefined; party?: string | undefined },
): Promise<(LedgerObligation & { label: Label; inScope: boolean })[]> {
  const { programmeId, party } = scope;
  const inScope = (alias: 'o' | 's') =>
    programmeId !== undefined
      ? sql<boolean>`${sql.ref(`${alias}.programme_id`)} = ${programmeId}`
      : sql<boolean>`(${sql.ref(`${alias}.obligor_party`)} = ${party ?? ''} or ${sql.ref(`${alias}.beneficiary_party`)} = ${party ?? ''})`;
  const rows = await readableObligations(db, reader)
    .select(['o.id', ...labelColumns('o'), 'o.programme_id', 'o.supplier_id', 'o.obligor_party', 'o.beneficiary_party'])
    .select(['o.currency', 'o.arises_on', 'o.deadline', 'o.penalty_bp', amount('o.amount').as('amount')])
    .select(sql<number>`case when ${inScope('o')} then 1 else 0 end`.as('in_scope'))
    .where('o.supplier_id', 'in', (eb) =>
      eb
        .selectFrom('offset_obligation as s')
        .innerJoin('programme as sp', 'sp.id', 's.programme_id')
        .select('s.supplier_id')
        .where(readableBy(reader, 's'))
        .where(readableBy(reader, 'sp'))
        .where(inScope('s')),
    )
    .orderBy('o.deadline')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    label: codec.decode(r),
    programmeId: r.programme_id,
    supplierId: r.supplier_id,
    obligorParty: r.obligor_party,
    beneficiaryParty: r.beneficiary_party,
    amount: money(BigInt(r.amount), r.currency),
    arisesOn: r.arises_on,
    deadline: r.deadline,
    penaltyBp: BigInt(r.penalty_bp),
    inScope: Number(r.in_scope) === 1,
  }));
}

/** The titles of the obligations given that the reader may read, and of their programmes, by obligation id. */
export async function obligationTitles(
  db: Kysely<Database>,
  reader: StoreReader,
  ids: readonly string[],
): Promise<Map<string, { obligation: LocalizedText; programme: LocalizedText }>> {
  const out = new Map<string, { obligation: LocalizedText; programme: LocalizedText }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await readableObligations(db, reader)
      .select(['o.id', 'o.title', 'p.title as programme_title'])
      .where('o.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(r.id, { obligation: json<LocalizedText>(r.title), programme: json<LocalizedText>(r.programme_title) });
  }
  return out;
}

/**
 * One page of the obligations the reader may read, of one programme or owed
 * by or to one party, by deadline then id, paged by keyset on those two (so
 * that every page costs the same however deep it is), and the cursor of the next.
 */
export async function pageObligations(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  q: { programmeId?: string | undefined; party?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: ObligationRecord[]; nextCursor: string | null }> {
  let query = obligationQuery(db, reader);
  if (q.programmeId) query = query.where('o.programme_id', '=', q.programmeId);
  if (q.party) {
    const party = q.party;
    query = query.where((eb) => eb.or([eb('o.obligor_party', '=', party), eb('o.beneficiary_party', '=', party)]));
  }
  if (q.cursor) {
    const [deadline, id] = decodeCursor(q.cursor, 2) as [string, string];
    query = query.where((eb) =>
      eb.or([eb('o.deadline', '>', deadline), eb.and([eb('o.deadline', '=', deadline), eb('o.id', '>', id)])]),
    );
  }
  const rows = await query
    .orderBy('o.deadline')
    .orderBy('o.id')
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((r) => toObligation(codec, r)),
    nextCursor: more && last ? encodeCursor([last.deadline, last.id]) : null,
  };
}

/** What an obligation takes from a programme's contract: its value, the day signed and the contracted offer's supplier. */
export async function contractTerms(db: Kysely<Database>, programmeId: string) {
  const row = await db
    .selectFrom('programme_contract as c')
    .innerJoin('programme_offer as f', 'f.id', 'c.offer_id')
    .select(['c.currency', 'c.signed_on', 'f.supplier_id'])
    .select(amount('c.value').as('value'))
    .where('c.programme_id', '=', programmeId)
    .executeTakeFirst();
  return row && { value: money(BigInt(row.value), row.currency), signedOn: row.signed_on, supplierId: row.supplier_id };
}

export async function insertObligation(
  trx: Kysely<Database>,
  o: Omit<ObligationRecord, 'label' | 'version' | 'updatedAt'>,
  columns: LabelColumns,
) {
  await trx
    .insertInto('offset_obligation')
    .values({
      id: o.id,
      ...columns,
      version: 1,
      created_at: o.createdAt,
      updated_at: o.createdAt,
      programme_id: o.programmeId,
      supplier_id: o.supplierId,
      title: JSON.stringify(o.title),
      obligor_party: o.obligorParty,
      beneficiary_party: o.beneficiaryParty,
      currency: o.amount.currency,
      contract_value: o.contractValue.amount,
      required_bp: Number(o.requiredBp),
      amount: o.amount.amount,
      arises_on: o.arisesOn,
      deadline: o.deadline,
      penalty_bp: Number(o.penaltyBp),
      multipliers: JSON.stringify(o.multipliers.map((m) => ({ category: m.category, bp: Number(m.bp) }))),
      created_by: o.createdBy,
    })
    .execute();
}

// Claims.

const CLAIM_COLUMNS = [
  ...recordColumns('c'),
  'c.obligation_id',
  'c.source',
  'c.category',
  'c.multiplier_bp',
  'c.currency',
  'c.evidence',
  'c.description',
  'c.status',
  'c.claimed_on',
  'c.claimed_by',
] as const;

/** The claims the reader may read, against obligations (of programmes) the reader may read; a hidden project's id is null. */
function claimQuery(db: Kysely<Database>, reader: StoreReader) {
  // The project a claim comes from is named only to a reader who may read it, as the trace does.
  return readableClaims(db, reader)
    .innerJoin('programme as p', 'p.id', 'o.programme_id')
    .leftJoin('industrial_project as ip', (join) =>
      join.onRef('ip.id', '=', 'c.industrial_project_id').on(readableBy(reader, 'ip')),
    )
    .leftJoin('app_user as cu', 'cu.id', 'c.claimed_by')
    .select(CLAIM_COLUMNS)
    .select(['ip.id as industrial_project_id', 'cu.party as claimed_by_party'])
    .select([
      amount('c.value').as('value'),
      amount('c.claimed_credit').as('claimed_credit'),
      amount('c.accepted_value').as('accepted_value'),
      amount('c.granted_credit').as('granted_credit'),
    ])
    .where(readableBy(reader, 'p'));
}

type ClaimRow = Awaited<ReturnType<ReturnType<typeof claimQuery>['executeTakeFirstOrThrow']>>;

const toClaim = (codec: LabelCodec, r: ClaimRow, history: ClaimEvent[]): ClaimRecord => ({
  id: r.id,
  version: r.version,
  label: codec.decode(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  obligationId: r.obligation_id,
  source: r.source as ClaimSource,
  industrialProjectId: r.industrial_project_id,
  category: r.category as CreditCategory,
  multiplierBp: BigInt(r.multiplier_bp),
  value: money(BigInt(r.value), r.currency),
  claimedCredit: money(BigInt(r.claimed_credit), r.currency),
  // biome-ignore lint/style/noNonNullAssertion: cast of a null bigint is a null text
  acceptedValue: r.accepted_value === null ? null : money(BigInt(r.accepted_value!), r.currency),
  // biome-ignore lint/style/noNonNullAssertion: as above
  grantedCredit: r.granted_credit === null ? null : money(BigInt(r.granted_credit!), r.currency),
  evidence: r.evidence,
  description: r.description,
  status: r.status as ClaimStatus,
  claimedOn: r.claimed_on,
  claimedBy: r.claimed_by,
  claimedByParty: r.claimed_by_party,
  history,
});

async function historiesOf(db: Kysely<Database>, claimIds: readonly string[]): Promise<Map<string, ClaimEvent[]>> {
  const out = new Map<string, ClaimEvent[]>();
  for (let i = 0; i < claimIds.length; i += 500) {
    const rows = await db
      .selectFrom('offset_claim_event as e')
      .leftJoin('app_user as u', 'u.id', 'e.user_id')
      .selectAll('e')
      .select('u.party')
      .where('e.claim_id', 'in', claimIds.slice(i, i + 500))
      .orderBy('e.claim_id')
      .orderBy('e.id')
      .execute();
    for (const e of rows)
      out.set(e.claim_id, [
        ...(out.get(e.claim_id) ?? []),
        {
          at: e.at,
          on: e.step_on,
          from: e.from_status as ClaimStatus | null,
          to: e.to_status as ClaimStatus,
          reason: e.reason,
          userId: e.user_id,
          party: e.party,
        },
      ]);
  }
  return out;
}

export async function findClaim(db: Kysely<Database>, codec: LabelCodec, reader: StoreReader, id: string) {
  const row = await claimQuery(db, reader).where('c.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return toClaim(codec, row, (await historiesOf(db, [row.id])).get(row.id) ?? []);
}

/** The claims the reader may read against the obligations given, oldest first, with their steps. */
export async function listClaims(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  obligationIds: readonly string[],
): Promise<ClaimRecord[]> {
  const rows: ClaimRow[] = [];
  for (let i = 0; i < obligationIds.length; i += 500)
    rows.push(
      ...(await claimQuery(db, reader)
        .where('c.obligation_id', 'in', obligationIds.slice(i, i + 500))
        .orderBy('c.claimed_on')
        .orderBy('c.id')
        .execute()),
    );
  const histories = await historiesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toClaim(codec, r, histories.get(r.id) ?? []));
}

/**
 * The claims the reader may read, against obligations it may read, one row a
 * step, each with the claim's credits and label: what the ledger and the trace
 * fold. The caller narrows, orders and adds what else it reads.
 */
export function claimStepQuery(db: Kysely<Database>, reader: StoreReader) {
  return readableClaims(db, reader)
    .innerJoin('offset_claim_event as e', 'e.claim_id', 'c.id')
    .select(['c.id', 'c.obligation_id', 'c.currency', ...labelColumns('c'), 'e.step_on', 'e.to_status'])
    .select([amount('c.claimed_credit').as('claimed_credit'), amount('c.granted_credit').as('granted_credit')]);
}

/**
 * The claims the reader may read against the obligations given, as the
 * ledger needs them: credits, label and steps, in one query of claims joined
 * to their steps (each claim's steps in order), with no text fields.
 */
export async function ledgerClaims(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  obligationIds: readonly string[],
): Promise<(LedgerClaim & { label: Label })[]> {
  const out = new Map<string, LedgerClaim & { label: Label }>();
  const labels = new Map<string, Label>();
  for (let i = 0; i < obligationIds.length; i += 500) {
    const rows = await claimStepQuery(db, reader)
      .innerJoin('programme as p', 'p.id', 'o.programme_id')
      .where('c.obligation_id', 'in', obligationIds.slice(i, i + 500))
      .where(readableBy(reader, 'p'))
      .orderBy('c.id')
      .orderBy('e.id')
      .execute();
    for (const r of rows) {
      let claim = out.get(r.id);
      if (!claim) {
        const key = `${r.owner_party}|${r.classification}|${r.releasable_mask}|${r.compartment_mask}`;
        let label = labels.get(key);
        if (!label) {
          label = codec.decode(r);
          labels.set(key, label);
        }
        claim = {
          id: r.id,
          obligationId: r.obligation_id,
          claimedCredit: money(BigInt(r.claimed_credit), r.currency),
          grantedCredit: r.granted_credit === null ? null : money(BigInt(r.granted_credit), r.currency),
          history: [],
          label,
        };
        out.set(r.id, claim);
      }
      (claim.history as { on: string; to: ClaimStatus }[]).push({ on: r.step_on, to: r.to_status as ClaimStatus });
    }
  }
  return [...out.values()];
}

export async function insertClaim(
  trx: Kysely<Database>,
  c: Omit<
    ClaimRecord,
    'label' | 'version' | 'updatedAt' | 'history' | 'acceptedValue' | 'grantedCredit' | 'status' | 'claimedByParty'
  >,
  columns: LabelColumns,
) {
  await trx
    .insertInto('offset_claim')
    .values({
      id: c.id,
      ...columns,
      version: 1,
      created_at: c.createdAt,
      updated_at: c.createdAt,
      obligation_id: c.obligationId,
      source: c.source,
      industrial_project_id: c.industrialProjectId,
      category: c.category,
      multiplier_bp: Number(c.multiplierBp),
      currency: c.value.currency,
      value: c.value.amount,
      claimed_credit: c.claimedCredit.amount,
      accepted_value: null,
      granted_credit: null,
      evidence: c.evidence,
      description: c.description,
      status: 'claimed',
      claimed_on: c.claimedOn,
      claimed_by: c.claimedBy,
    })
    .execute();
}

export async function recordClaimEvent(trx: Kysely<Database>, claimId: string, e: ClaimEvent) {
  await trx
    .insertInto('offset_claim_event')
    .values({
      claim_id: claimId,
      at: e.at,
      step_on: e.on,
      from_status: e.from,
      to_status: e.to,
      reason: e.reason,
      user_id: e.userId,
    })
    .execute();
}

/** Moves the claim to `status` at `version`; false when another writer came first. */
export function updateClaimStatus(
  trx: Kysely<Database>,
  id: string,
  version: number,
  change: { status: ClaimStatus; at: string; acceptedValue?: bigint; grantedCredit?: bigint },
) {
  return compareAndSet(trx, 'offset_claim', id, version, {
    status: change.status,
    updated_at: change.at,
    ...(change.acceptedValue !== undefined && { accepted_value: change.acceptedValue, granted_credit: change.grantedCredit }),
  });
}
