import type { DocumentHead } from '../domain/document.model.js';
import { DomainError } from '../domain/errors.js';
import type { ProjectSummary } from '../domain/industrial-project.schema.js';
import type { Label } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import type { Claim, Obligation } from '../domain/offset.schema.js';
import type { LedgerJson } from '../domain/offset-ledger.js';
import type { Offer, Programme } from '../domain/programme.schema.js';
import { getCommission, listCommissions } from './commission.usecases.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { auditExport } from './document.usecases.js';
import { listProjects } from './industrial-project.usecases.js';
import { listClaims, listObligations, offsetLedger } from './offset.usecases.js';
import { getProgramme } from './programme.usecases.js';

export interface OffsetReportDocument extends DocumentHead {
  kind: 'offset-report';
  programme: Programme;
  /** The selected (contracted) offer, whose industrial participation is what was promised. */
  selectedOffer: Offer | null;
  obligations: { obligation: Obligation; claims: Claim[] }[];
  /** The ledger of the contract as of `on`; null when the reader may read no obligation of it. */
  ledger: LedgerJson | null;
  on: string;
  projects: ProjectSummary[];
}

/**
 * Each party's own words for the levels, as the plan and evaluation documents
 * print them: the table of the programme's commission; for a programme outside
 * any, that of a commission of its owner party. Only a commission the reader
 * may read lends its table: one it may not read is as good as none.
 */
async function ladderOf(ctx: AppContext, actor: Actor, programme: Programme): Promise<Record<string, (string | null)[]>> {
  if (programme.commissionId) {
    const commission = await getCommission(ctx, actor, programme.commissionId).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'commission.not_found') return null;
      throw err;
    });
    if (commission) return commission.classificationTable;
  }
  const { items } = await listCommissions(ctx, actor);
  const own = items.find((c) => c.parties.includes(programme.ownerParty) && Object.keys(c.classificationTable).length > 0);
  return own?.classificationTable ?? {};
}

const labelOf = (p: Label): Label => ({
  ownerParty: p.ownerParty,
  classification: p.classification,
  releasableTo: p.releasableTo,
  compartments: p.compartments,
});

/**
 * The industrial-participation report of a programme's contract: the
 * participation the selected offer promised, the obligations the contract lays
 * with their claims, the ledger as of a day and the industrial projects linked,
 * each as the reader may read it (through the same use cases as the API), the
 * document marked with everything it shows; audited as an export.
 */
export async function offsetReportDocument(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  query: { on?: string; currency?: string },
  language: string,
): Promise<OffsetReportDocument> {
  const programme = await getProgramme(ctx, actor, programmeId);
  const on = query.on ?? todayOf(ctx);
  const obligationList: Obligation[] = [];
  for (let cursor: string | undefined, more = true; more; ) {
    const page = await listObligations(ctx, actor, { programmeId, limit: 500, ...(cursor ? { cursor } : {}) });
    obligationList.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    more = cursor !== undefined;
  }
  const obligations = await Promise.all(
    obligationList.map(async (obligation) => ({ obligation, claims: (await listClaims(ctx, actor, obligation.id)).items })),
  );
  const ledger =
    obligationList.length === 0
      ? null
      : await offsetLedger(ctx, actor, { contract: programmeId, on, ...(query.currency ? { currency: query.currency } : {}) });
  const projects: ProjectSummary[] = [];
  for (let cursor: string | undefined, more = true; more; ) {
    const page = await listProjects(ctx, actor, { programmeId, limit: 500, ...(cursor ? { cursor } : {}) });
    projects.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    more = page.nextCursor !== null;
  }
  const selectedOffer = programme.offers.find((o) => o.id === programme.selectedOfferId) ?? null;
  const doc: OffsetReportDocument = {
    kind: 'offset-report',
    marking: documentMarking([
      labelOf(programme),
      ...obligations.flatMap((o) => [labelOf(o.obligation), ...o.claims.map(labelOf)]),
      ...projects.map(labelOf),
    ]),
    ladder: await ladderOf(ctx, actor, programme),
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
    programme,
    selectedOffer,
    obligations,
    ledger,
    on,
    projects,
  };
  await auditExport(ctx, actor, `offset-report:${on}`, 'programme', programmeId, doc, language);
  return doc;
}
