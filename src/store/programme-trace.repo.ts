import { type Kysely, sql } from 'kysely';
import type { LocalizedText } from '../domain/common.schema.js';
import type { ProjectStatus } from '../domain/industrial-project.lifecycle.js';
import type { ProjectKind } from '../domain/industrial-project.schema.js';
import { money } from '../domain/money.js';
import type { ClaimStatus } from '../domain/offset.lifecycle.js';
import type { CreditCategory } from '../domain/offset.schema.js';
import type { TraceFacts } from '../domain/programme-trace.js';
import { labelColumns, readableBy, readableIds, type StoreReader } from './access.js';
import type { Database } from './database.js';
import type { LabelCodec } from './label-codec.js';
import { claimStepQuery, OBLIGATION_TERMS, readableClaims, readableObligations } from './offset.repo.js';
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
): Promise<TraceFacts | undefined> {
  const head = await findProgrammeHead(db, codec, reader, programmeId);
  if (!head) return undefined;
  const [offers, evaluation, contract, obligations, claims, projects] = await Promise.all([
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
    claimRows(db, reader, programmeId),
    projectRows(db, reader, programmeId),
  ]);
  const readableProjects = new Set(projects.map((p) => p.id));
  const histories = new Map<string, { on: string; to: ClaimStatus }[]>();
  for (const c of claims) {
    const list = histories.get(c.id) ?? [];
    list.push({ on: c.step_on, to: c.to_status as ClaimStatus });
    histories.set(c.id, list);
  }
  const seen = new Set<string>();
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
    claims: claims.flatMap((c) => {
      if (seen.has(c.id)) return [];
      seen.add(c.id);
      return [
        {
          id: c.id,
          label: codec.decode(c),
          obligationId: c.obligation_id,
          // A link to a project the reader may not read is not shown.
          industrialProjectId:
            c.industrial_project_id !== null && readableProjects.has(c.industrial_project_id) ? c.industrial_project_id : null,
          category: c.category as CreditCategory,
          claimedOn: c.claimed_on,
          claimedCredit: money(BigInt(c.claimed_credit), c.currency),
          grantedCredit: c.granted_credit === null ? null : money(BigInt(c.granted_credit), c.currency),
          history: histories.get(c.id) ?? [],
        },
      ];
    }),
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

/** The claims the reader may read against the programme's obligations it may read, each row one step, in order. */
function claimRows(db: Kysely<Database>, reader: StoreReader, programmeId: string) {
  return claimStepQuery(db, reader)
    .select(['c.industrial_project_id', 'c.category', 'c.claimed_on'])
    .where('o.programme_id', '=', programmeId)
    .orderBy('c.claimed_on')
    .orderBy('c.id')
    .orderBy('e.id')
    .execute();
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
