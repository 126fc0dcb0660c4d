import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { LocalizedText } from '../domain/common.schema.js';
import type { ProjectStatus } from '../domain/industrial-project.lifecycle.js';
import type { ProjectKind } from '../domain/industrial-project.schema.js';
import { money } from '../domain/money.js';
import type { ClaimStatus } from '../domain/offset.lifecycle.js';
import type { CreditCategory } from '../domain/offset.schema.js';
import type { TraceClaim, TraceFacts } from '../domain/programme-trace.js';
import { labelColumns, readableBy, readableIds, type StoreReader } from './access.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Database } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { OBLIGATION_TERMS, readableClaims, readableObligations } from './offset.repo.js';
import { findProgrammeHead } from './programme.repo.js';

// The record graph of one programme (src/domain/programme-trace.ts). Each
// node is read with the read rule of its own label and of every record it
// hangs from, in the SQL: an obligation with its programme's, a claim with
// its obligation's and programme's, an evaluation with its own (if any) and
// the programme's, a project with its own. What the reader may not read never
// leaves the database, so it cannot be shown or counted. The caller runs these
// queries in one snapshot (snapshot.ts).

const amount = (ref: string) => sql<string>`cast(${sql.ref(ref)} as text)`;
const json = <T>(text: string): T => JSON.parse(text) as T;

/** Percent as a number with at most two decimals, in basis points. */
const percentBp = (p: number) => BigInt(Math.round(p * 100));

/** The trace's facts, or undefined when the reader may not read the programme (or it does not exist). */
export async function traceFacts(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  programmeId: string,
  on: string,
): Promise<TraceFacts | undefined> {
  const head = await findProgrammeHead(db, codec, reader, programmeId);
  if (!head) return undefined;
  const [offers, evaluation, contract, obligations, groups, claimLabels, projects] = await Promise.all([
    db
      .selectFrom('programme_offer as o')
      .select(['o.id', 'o.supplier_id', 'o.currency', 'o.industrial_participation', 'o.withdrawn_at'])
      .select(amount('o.total_price').as('total_price'))
      .where('o.programme_id', '=', programmeId)
      .orderBy('o.created_at')
      .orderBy('o.id')
      .execute(),
    db
      .selectFrom('evaluation as e')
      .select(['e.id', 'e.frozen_at', ...labelColumns('e')])
      .where('e.programme_id', '=', programmeId)
      .where((eb) => eb.or([eb('e.classification', 'is', null), readableBy(reader, 'e')]))
      .executeTakeFirst(),
    db
      .selectFrom('programme_contract as c')
      .select(['c.offer_id', 'c.currency', 'c.signed_on', 'c.reference'])
      .select(amount('c.value').as('value'))
      .where('c.programme_id', '=', programmeId)
      .executeTakeFirst(),
    db
      .selectFrom('offset_obligation as o')
      .select(['o.id', ...labelColumns('o'), ...OBLIGATION_TERMS])
      .select(amount('o.amount').as('amount'))
      .where('o.programme_id', '=', programmeId)
      .where(readableBy(reader, 'o'))
      .orderBy('o.deadline')
      .orderBy('o.id')
      .execute(),
    claimGroups(db, reader, programmeId, on),
    // Of every claim the reader may read, made by the day or not, as the marking always was: a label more is safe.
    readableClaims(db, reader).where('o.programme_id', '=', programmeId).select(labelColumns('c')).distinct().execute(),
    projectRows(db, reader, programmeId),
  ]);
  const readableProjects = new Set(projects.map((p) => p.id));
  // Claims from a project the reader may not read are added up with those from a purchase, under no project.
  const claimGroupsOf = new Map<string, TraceFacts['claimGroups'][number]>();
  for (const g of groups) {
    const projectId =
      g.industrial_project_id !== null && readableProjects.has(g.industrial_project_id) ? g.industrial_project_id : null;
    const key = `${g.obligation_id}|${projectId}|${g.status}|${g.currency}`;
    const was = claimGroupsOf.get(key);
    const claimed = BigInt(g.claimed) + (was?.claimed.amount ?? 0n);
    const granted = BigInt(g.granted) + (was?.granted.amount ?? 0n);
    claimGroupsOf.set(key, {
      obligationId: g.obligation_id,
      industrialProjectId: projectId,
      status: g.status as ClaimStatus,
      count: Number(g.count) + (was?.count ?? 0),
      claimed: money(claimed, g.currency),
      granted: money(granted, g.currency),
    });
  }
  const programmeLabel = head.label;
  return {
    programme: {
      id: head.id,
      label: programmeLabel,
      title: head.title,
      status: head.status,
      capabilityGap: head.need.capabilityGap,
      quantity: head.need.quantity,
      requiredBy: head.need.requiredBy,
      budget: head.need.budgetCeiling,
      selectedOfferId: head.selectedOfferId,
    },
    offers: offers.map((o) => {
      const ip = json<{ localShare: number; sites: string[]; jobs: number; technologyTransfer: string | null }>(
        o.industrial_participation,
      );
      return {
        id: o.id,
        supplierId: o.supplier_id,
        totalPrice: money(BigInt(o.total_price), o.currency),
        localShareBp: percentBp(ip.localShare),
        jobs: ip.jobs,
        sites: ip.sites,
        technologyTransfer: ip.technologyTransfer,
        withdrawn: o.withdrawn_at !== null,
      };
    }),
    evaluation: evaluation
      ? {
          id: evaluation.id,
          // Without a label of its own, an evaluation carries its programme's.
          label:
            evaluation.classification === null || evaluation.owner_party === null
              ? programmeLabel
              : codec.decode({
                  owner_party: evaluation.owner_party,
                  classification: Number(evaluation.classification),
                  releasable_mask: Number(evaluation.releasable_mask ?? 0),
                  compartment_mask: Number(evaluation.compartment_mask ?? 0),
                }),
          frozenAt: evaluation.frozen_at,
        }
      : null,
    contract: contract
      ? {
          offerId: contract.offer_id,
          value: money(BigInt(contract.value), contract.currency),
          signedOn: contract.signed_on,
          reference: contract.reference,
        }
      : null,
    obligations: obligations.map((o) => ({
      id: o.id,
      label: codec.decode(o),
      title: json<LocalizedText>(o.title),
      obligorParty: o.obligor_party,
      beneficiaryParty: o.beneficiary_party,
      amount: money(BigInt(o.amount), o.currency),
      requiredBp: BigInt(o.required_bp),
      arisesOn: o.arises_on,
      deadline: o.deadline,
    })),
    claimGroups: [...claimGroupsOf.values()],
    claimLabels: claimLabels.map((l) => codec.decode(l)),
    projects: projects.map((p) => ({
      id: p.id,
      label: codec.decode(p),
      title: json<LocalizedText>(p.title),
      kind: p.kind as ProjectKind,
      status: p.status as ProjectStatus,
      budget: money(BigInt(p.budget_amount), p.budget_currency),
      jobsPlanned: p.jobs_planned,
      jobsCreated: p.jobs_created,
      localContentPlannedBp: p.local_content_planned_bp,
      localContentReachedBp: p.local_content_reached_bp,
      linked: Boolean(p.linked === true || Number(p.linked) === 1),
    })),
  };
}

/**
 * The step a claim (`c`) stands at by the end of `on`: the latest of its steps on or before the day; null when it
 * was claimed after it (its first step is on the day claimed, so its steps are not looked up).
 */
const statusOn = (on: string) =>
  sql<string | null>`case when c.claimed_on <= ${on} then (select e.to_status from offset_claim_event e
    where e.claim_id = c.id and e.step_on <= ${on} order by e.id desc limit 1) end`;

/**
 * The claims (`c`) the reader may read against the programme's obligations it may read, made by the end of `on`
 * (its first step is on the day claimed). The programme's own rule is met by the caller, which has read it in the same snapshot.
 */
function tracedClaims(db: Kysely<Database>, reader: StoreReader, programmeId: string, on: string) {
  return readableClaims(db, reader).where('o.programme_id', '=', programmeId).where('c.claimed_on', '<=', on);
}

/**
 * The claims of the trace added up in the database per obligation, project, status by the day and currency: a
 * few dozen rows however many claims, each claim's status the latest of its steps on or before the day.
 */
function claimGroups(db: Kysely<Database>, reader: StoreReader, programmeId: string, on: string) {
  // Materialized, so that each claim's status is looked up once: inlined, PostgreSQL ran the lookup for the
  // filter, the sort and the grouping each.
  return db
    .with(
      (cte) => cte('s').materialized(),
      () =>
        readableClaims(db, reader)
          .where('o.programme_id', '=', programmeId)
          .select(['c.obligation_id', 'c.industrial_project_id', 'c.currency', 'c.claimed_credit', 'c.granted_credit'])
          .select(statusOn(on).as('status')),
    )
    .selectFrom('s')
    .select(['s.obligation_id', 's.industrial_project_id', 's.currency', 's.status'])
    .select((eb) => [
      eb.fn.countAll<number | string>().as('count'),
      sql<string>`cast(sum(s.claimed_credit) as text)`.as('claimed'),
      sql<string>`cast(coalesce(sum(case when s.status = 'granted' then s.granted_credit end), 0) as text)`.as('granted'),
    ])
    .where('s.status', 'is not', null)
    .groupBy(['s.obligation_id', 's.industrial_project_id', 's.currency', 's.status'])
    .$narrowType<{ status: string }>()
    .execute();
}

/**
 * One page of the trace's claims, oldest claimed first (keyset on the day claimed, then id): the claims the
 * reader may read against the programme's obligations it may read, made by the end of `on`, each with its status
 * that day; a project the reader may not read is not named, nor may it be filtered on.
 */
export async function traceClaimPage(
  db: Kysely<Database>,
  codec: LabelCodec,
  reader: StoreReader,
  programmeId: string,
  q: {
    on: string;
    obligationId?: string | undefined;
    projectId?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ items: TraceClaim[]; nextCursor: string | null } | undefined> {
  if (!(await findProgrammeHead(db, codec, reader, programmeId))) return undefined;
  const projectReadable = (eb: ExpressionBuilder<Database & { c: Database['offset_claim'] }, 'c'>) =>
    eb.exists(
      eb
        .selectFrom('industrial_project as p')
        .select(sql.lit(1).as('one'))
        .whereRef('p.id', '=', 'c.industrial_project_id')
        .where(readableBy(reader, 'p')),
    );
  let query = tracedClaims(db, reader, programmeId, q.on)
    .select([
      'c.id',
      ...labelColumns('c'),
      'c.obligation_id',
      'c.industrial_project_id',
      'c.category',
      'c.claimed_on',
      'c.currency',
    ])
    .select(amount('c.claimed_credit').as('claimed_credit'))
    .select(amount('c.granted_credit').as('granted_credit'))
    .select(statusOn(q.on).as('status'))
    .select((eb) => projectReadable(eb).as('project_readable'));
  if (q.obligationId) query = query.where('c.obligation_id', '=', q.obligationId);
  if (q.projectId) query = query.where('c.industrial_project_id', '=', q.projectId).where((eb) => projectReadable(eb));
  if (q.cursor) {
    const [claimedOn, id] = decodeCursor(q.cursor, 2);
    query = query.where(sql<boolean>`(c.claimed_on > ${claimedOn} or (c.claimed_on = ${claimedOn} and c.id > ${id}))`);
  }
  const rows = await query
    .orderBy('c.claimed_on')
    .orderBy('c.id')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((c) => ({
      id: c.id,
      label: codec.decode(c),
      obligationId: c.obligation_id,
      industrialProjectId:
        c.industrial_project_id !== null && (c.project_readable === true || Number(c.project_readable) === 1)
          ? c.industrial_project_id
          : null,
      category: c.category as CreditCategory,
      claimedOn: c.claimed_on,
      status: c.status as ClaimStatus,
      claimedCredit: money(BigInt(c.claimed_credit), c.currency),
      grantedCredit: c.granted_credit === null ? null : money(BigInt(c.granted_credit), c.currency),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.claimed_on, last.id]) : null,
  };
}

/**
 * The projects the reader may read that are linked to the programme, or
 * from which a claim the reader may read was made against its obligations.
 * Their ids are read first, then the projects by id: asked in one query,
 * PostgreSQL cannot tell that a thousand claims name ten projects, and read
 * every project to find them.
 */
async function projectRows(db: Kysely<Database>, reader: StoreReader, programmeId: string) {
  const ids = await db
    .selectFrom('industrial_project_programme as l')
    .select('l.project_id as id')
    .where('l.programme_id', '=', programmeId)
    .union(
      readableClaims(db, reader)
        .select('c.industrial_project_id as id')
        .where('o.programme_id', '=', programmeId)
        .where('c.industrial_project_id', 'is not', null)
        .$narrowType<{ id: string }>(),
    )
    .execute();
  if (!ids.length) return [];
  return db
    .selectFrom('industrial_project as p')
    .select([
      'p.id',
      ...labelColumns('p'),
      'p.title',
      'p.kind',
      'p.status',
      'p.budget_currency',
      'p.jobs_planned',
      'p.jobs_created',
      'p.local_content_planned_bp',
      'p.local_content_reached_bp',
    ])
    .select(amount('p.budget_amount').as('budget_amount'))
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('industrial_project_programme as l')
            .select(sql.lit(1).as('one'))
            .whereRef('l.project_id', '=', 'p.id')
            .where('l.programme_id', '=', programmeId),
        )
        .as('linked'),
    )
    .where(readableBy(reader, 'p'))
    .where(
      'p.id',
      'in',
      ids.map((r) => r.id),
    )
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute();
}

/** The programmes an obligation the reader may read comes from (one), or a readable project is linked to (readable ones). */
export async function programmesOf(
  db: Kysely<Database>,
  reader: StoreReader,
  from: { obligationId: string } | { projectId: string },
): Promise<string[] | undefined> {
  if ('obligationId' in from) {
    const row = await readableObligations(db, reader)
      .select('o.programme_id')
      .where('o.id', '=', from.obligationId)
      .executeTakeFirst();
    return row ? [row.programme_id] : undefined;
  }
  if (!(await readableIds(db, 'industrial_project', reader, [from.projectId])).has(from.projectId)) return undefined;
  const rows = await db
    .selectFrom('industrial_project_programme as l')
    .innerJoin('programme as p', 'p.id', 'l.programme_id')
    .select('l.programme_id')
    .where('l.project_id', '=', from.projectId)
    .where(readableBy(reader, 'p'))
    .orderBy('l.programme_id')
    .execute();
  return rows.map((r) => r.programme_id);
}
