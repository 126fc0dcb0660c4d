import type { DocumentHead, DocumentLanguage } from '../domain/document.model.js';
import { newId } from '../domain/ids.js';
import type { Label } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import { money, moneyJson, parseMoney } from '../domain/money.js';
import { claimRefusal, moveClaim as decideMove, obligationRefusal, reviewRefusal } from '../domain/offset.lifecycle.js';
import {
  applyBasisPoints,
  type Claim,
  type ClaimCreate,
  type ClaimMoveInput,
  type Obligation,
  type ObligationCreate,
  type ObligationListQuery,
  parseScaled,
  presentClaim,
  presentObligation,
} from '../domain/offset.schema.js';
import {
  type LedgerClaim,
  type LedgerJson,
  type LedgerLine,
  type LedgerObligation,
  type LedgerQuery,
  ledgerIn,
  ledgerLinesOfSums,
  ledgerSumsWanted,
  presentLedger,
} from '../domain/offset-ledger.js';
import type { Refusal } from '../domain/policy.js';
import { issue, problem } from '../domain/problems.js';
import { listExchangeRates } from '../store/exchange-rate.repo.js';
import { readableProjectIds } from '../store/industrial-project.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import {
  contractTerms,
  findClaim,
  findObligation,
  insertClaim,
  insertObligation,
  ledgerClaims,
  ledgerObligations,
  listClaims as listClaimRecords,
  type OffsetDb,
  obligationTitles,
  pageObligations,
  recordClaimEvent,
  type OffsetReader as StoreReader,
  updateClaimStatus,
} from '../store/offset.repo.js';
import { countClaimStep, readCreditSums, rememberCreditSums } from '../store/offset-totals.repo.js';
import { findProgrammeHead } from '../store/programme.repo.js';
import { inSnapshot } from '../store/snapshot.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { auditExport } from './document.usecases.js';
import { assertKnownParties, expectedVersion, labelFor } from './labels.js';

// Offsets: obligations stated by the beneficiary's offset authority from a
// programme's contract, credit claims made by the supplier side and reviewed
// by the authority, and the ledger as of a day (docs/industry.md, "Offsets").
// Every write is one transaction with its audit entry; the ledger is read in
// one read-only transaction.

function refuse(refusal: Refusal | null) {
  if (refusal) throw problem(refusal.code, refusal.params ?? {});
}

/**
 * The parent's label as the default of a record another party owns: released
 * to the same parties, the parent's owner among them, so that the parties
 * that read the programme (or obligation) read what is stated against it.
 */
function sameReaders(parent: Label, owner: string): Label {
  const releasableTo = [...new Set([...parent.releasableTo, parent.ownerParty])].filter((p) => p !== owner).sort();
  return { ...parent, ownerParty: owner, releasableTo };
}

async function readableObligation(db: OffsetDb, codec: LabelCodec, reader: StoreReader, id: string) {
  const obligation = await findObligation(db, codec, reader, id);
  if (!obligation) throw problem('offset.obligation_not_found');
  return obligation;
}

/** States the offset obligation a programme's contract lays on its supplier side. */
export async function createObligation(ctx: AppContext, actor: Actor, input: ObligationCreate): Promise<Obligation> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const programme = await findProgrammeHead(trx, codec, reader, input.programmeId);
    if (!programme) throw problem('programme.not_found');
    refuse(obligationRefusal(actor, input.beneficiaryParty));
    // The buyer is the programme's owner: an obligation is owed to it, by the party of the supplier side.
    if (input.beneficiaryParty !== programme.label.ownerParty)
      throw problem('offset.beneficiary_is_buyer', { party: programme.label.ownerParty }, [
        issue('beneficiaryParty', 'offset.beneficiary_is_buyer_field', { party: programme.label.ownerParty }),
      ]);
    assertKnownParties(codec, [input.obligorParty], 'obligorParty');
    if (input.obligorParty === input.beneficiaryParty)
      throw problem('offset.same_parties', {}, [issue('obligorParty', 'offset.same_parties')]);
    const terms = await contractTerms(trx, programme.id);
    if (!terms) throw problem('offset.no_contract');
    const arisesOn = input.arisesOn ?? terms.signedOn;
    if (input.deadline < arisesOn)
      throw problem('request.invalid_fields', { where: 'body', count: 1 }, [issue('deadline', 'offset.deadline_before_start')]);
    const { columns } = labelFor(codec, actor, input, sameReaders(programme.label, actor.party));
    const requiredBp = parseScaled(input.requiredPercentage, 2);
    const at = isoNow(ctx);
    const id = newId();
    const record = {
      id,
      createdAt: at,
      programmeId: programme.id,
      supplierId: terms.supplierId,
      title: input.title ?? programme.title,
      obligorParty: input.obligorParty,
      beneficiaryParty: input.beneficiaryParty,
      contractValue: terms.value,
      requiredBp,
      amount: money(applyBasisPoints(terms.value.amount, requiredBp), terms.value.currency),
      arisesOn,
      deadline: input.deadline,
      penaltyBp: parseScaled(input.penaltyPercentage, 2),
      multipliers: input.multipliers.map((m) => ({ category: m.category, bp: parseScaled(m.multiplier, 4) })),
      createdBy: actor.userId,
    };
    await insertObligation(trx, record, columns);
    await audit(trx, actor, at, [
      {
        action: 'offset_obligation.create',
        entityType: 'offset_obligation',
        entityId: id,
        label: columns,
        detail: {
          programmeId: programme.id,
          obligorParty: input.obligorParty,
          beneficiaryParty: input.beneficiaryParty,
          requiredPercentage: input.requiredPercentage,
          amount: moneyJson(record.amount),
          deadline: input.deadline,
          penaltyPercentage: input.penaltyPercentage,
          multipliers: input.multipliers,
        },
      },
    ]);
    const created = await findObligation(trx, codec, reader, id);
    if (!created) throw problem('label.above_clearance');
    return presentObligation(created);
  });
}

export async function getObligation(ctx: AppContext, actor: Actor, id: string): Promise<Obligation> {
  const codec = await ctx.codec();
  return presentObligation(await readableObligation(ctx.db, codec, codec.reader(actor), id));
}

/** One page of the obligations the actor may read: of one programme, or owed by or to one party, or all; by deadline. */
export async function listObligations(
  ctx: AppContext,
  actor: Actor,
  query: ObligationListQuery,
): Promise<{ items: Obligation[]; nextCursor: string | null }> {
  const codec = await ctx.codec();
  const page = await pageObligations(ctx.db, codec, codec.reader(actor), query);
  return { items: page.items.map(presentObligation), nextCursor: page.nextCursor };
}

/** A claim of credit against an obligation, by the supplier side. */
export async function createClaim(ctx: AppContext, actor: Actor, obligationId: string, input: ClaimCreate): Promise<Claim> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const obligation = await readableObligation(trx, codec, reader, obligationId);
    refuse(claimRefusal(actor, obligation));
    const currency = obligation.amount.currency;
    if (input.value.currency !== currency)
      throw problem('offset.claim_currency', { currency }, [
        issue('value.currency', 'offset.claim_currency_field', { currency }),
      ]);
    const multiplier = obligation.multipliers.find((m) => m.category === input.category);
    if (!multiplier)
      throw problem('offset.no_multiplier', { category: input.category }, [
        issue('category', 'offset.no_multiplier', { category: input.category }),
      ]);
    // A project the claimant may not read answers as one that does not exist.
    const projectId = input.source === 'industrial_project' ? input.industrialProjectId : null;
    if (projectId && !(await readableProjectIds(trx, reader, [projectId])).has(projectId))
      throw problem('offset.unknown_project', {}, [issue('industrialProjectId', 'offset.unknown_project')]);
    const today = todayOf(ctx);
    const claimedOn = input.claimedOn ?? today;
    if (claimedOn > today || claimedOn < obligation.arisesOn)
      throw problem('offset.claim_date', { after: obligation.arisesOn }, [
        issue('claimedOn', 'offset.step_date_range', { after: obligation.arisesOn }),
      ]);
    const { columns } = labelFor(codec, actor, input, sameReaders(obligation.label, actor.party));
    const at = isoNow(ctx);
    const id = newId();
    const claimedCredit = money(applyBasisPoints(input.value.amount, multiplier.bp), currency);
    await insertClaim(
      trx,
      {
        id,
        createdAt: at,
        obligationId,
        source: input.source,
        industrialProjectId: projectId,
        category: input.category,
        multiplierBp: multiplier.bp,
        value: input.value,
        claimedCredit,
        evidence: input.evidence,
        description: input.description,
        claimedOn,
        claimedBy: actor.userId,
      },
      columns,
    );
    await recordClaimEvent(trx, id, { at, on: claimedOn, from: null, to: 'claimed', reason: null, userId: actor.userId });
    await countClaimStep(trx, id, claimedOn, 'claimed');
    await audit(trx, actor, at, [
      {
        action: 'offset_claim.create',
        entityType: 'offset_claim',
        entityId: id,
        label: columns,
        detail: {
          obligationId,
          source: input.source,
          category: input.category,
          value: moneyJson(input.value),
          claimedCredit: moneyJson(claimedCredit),
          claimedOn,
        },
      },
    ]);
    const created = await findClaim(trx, codec, reader, id);
    if (!created) throw problem('label.above_clearance');
    return presentClaim(created, actor.party);
  });
}

/**
 * One step of a claim's review, by the beneficiary's offset authority, recorded with who, when and why;
 * from the version the reviewer read (body or If-Match), a stale one answering 409.
 */
export async function moveClaim(
  ctx: AppContext,
  actor: Actor,
  claimId: string,
  input: ClaimMoveInput,
  ifMatch?: number,
): Promise<Claim> {
  const version = expectedVersion(input.version, ifMatch);
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const claim = await findClaim(trx, codec, reader, claimId);
    if (!claim) throw problem('offset.claim_not_found');
    const obligation = await readableObligation(trx, codec, reader, claim.obligationId);
    refuse(reviewRefusal(actor, obligation, claim));
    if (version !== claim.version) throw problem('offset.stale_version', { had: version, now: claim.version });
    const currency = claim.value.currency;
    const accepted = input.acceptedValue === undefined ? undefined : parseMoney(input.acceptedValue, currency).amount;
    const today = todayOf(ctx);
    const on = input.on ?? today;
    const lastOn = claim.history.at(-1)?.on ?? claim.claimedOn;
    const to = decideMove(
      { status: claim.status, value: claim.value.amount, lastOn },
      { ...input, acceptedValue: accepted, on },
      today,
    );
    const at = isoNow(ctx);
    const granted = to === 'granted' && accepted !== undefined ? applyBasisPoints(accepted, claim.multiplierBp) : undefined;
    const moved = await updateClaimStatus(trx, claimId, claim.version, {
      status: to,
      at,
      ...(granted !== undefined && accepted !== undefined && { acceptedValue: accepted, grantedCredit: granted }),
    });
    if (!moved) throw problem('offset.changed_meanwhile');
    const reason = input.reason?.trim() || null;
    await recordClaimEvent(trx, claimId, { at, on, from: claim.status, to, reason, userId: actor.userId });
    await countClaimStep(trx, claimId, on, to);
    await audit(trx, actor, at, [
      {
        action: 'offset_claim.move',
        entityType: 'offset_claim',
        entityId: claimId,
        label: codec.encode(claim.label),
        detail: {
          from: claim.status,
          to,
          on,
          reason,
          ...(granted !== undefined &&
            accepted !== undefined && {
              acceptedValue: moneyJson(money(accepted, currency)),
              grantedCredit: moneyJson(money(granted, currency)),
            }),
        },
      },
    ]);
    const after = await findClaim(trx, codec, reader, claimId);
    if (!after) throw problem('offset.claim_not_found');
    return presentClaim(after, actor.party);
  });
}

export async function getClaim(ctx: AppContext, actor: Actor, id: string): Promise<Claim> {
  const codec = await ctx.codec();
  const claim = await findClaim(ctx.db, codec, codec.reader(actor), id);
  if (!claim) throw problem('offset.claim_not_found');
  return presentClaim(claim, actor.party);
}

/** The claims the actor may read against an obligation it may read, oldest first. */
export async function listClaims(
  ctx: AppContext,
  actor: Actor,
  obligationId: string,
): Promise<{ items: Claim[]; nextCursor: null }> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  await readableObligation(ctx.db, codec, reader, obligationId);
  const claims = await listClaimRecords(ctx.db, codec, reader, [obligationId]);
  return { items: claims.map((c) => presentClaim(c, actor.party)), nextCursor: null };
}

/**
 * The ledger of one contract (a programme's) or one party as of the end of a
 * day, over the obligations and claims the actor may read, in one read-only
 * transaction, with the labels of what each line counts (for a document's
 * marking). Credit banked from the supplier's earlier obligations counts only
 * from obligations the actor may read, whatever the scope asked.
 */
async function ledgerParts(ctx: AppContext, actor: Actor, query: LedgerQuery, withLabels = false) {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const on = query.on ?? todayOf(ctx);
  const parts = await inSnapshot(ctx.db, async (trx) => {
    if (query.contract && !(await findProgrammeHead(trx, codec, reader, query.contract))) throw problem('programme.not_found');
    // The obligations of the scope's suppliers, the scope's marked, in one query.
    const whole = await ledgerObligations(trx, codec, reader, { programmeId: query.contract, party: query.party });
    const scope = whole.filter((o) => o.inScope);
    // Credit is banked forward only: an obligation due after the scope's last one in its chain changes none of
    // the scope's figures, and its claims need not be added up.
    type Read = (typeof whole)[number];
    const lastOf = new Map<string, Read>();
    const chainOf = (o: Read) => `${o.supplierId}|${o.amount.currency}`;
    const later = (a: Read, b: Read) => a.deadline > b.deadline || (a.deadline === b.deadline && a.id > b.id);
    for (const o of scope) {
      const known = lastOf.get(chainOf(o));
      if (!known || later(o, known)) lastOf.set(chainOf(o), o);
    }
    const chains = whole.filter((o) => {
      const last = lastOf.get(chainOf(o));
      return last !== undefined && !later(o, last);
    });
    // Granted and pending are read from the running totals the writes keep, for each obligation and day the
    // banking needs; the folding is the domain's.
    const ids = chains.map((o) => o.id);
    const scopeIds = new Set(scope.map((o) => o.id));
    const inScope = (id: string) => scopeIds.has(id);
    const sums = new Map<string, { granted: bigint; pending: bigint }>();
    const read = await readCreditSums(trx, reader, ledgerSumsWanted(chains, on, inScope));
    for (const s of read.sums) sums.set(`${s.obligationId}|${s.day}`, s);
    const none = { granted: 0n, pending: 0n };
    const lines = ledgerLinesOfSums(chains, (id, day) => sums.get(`${id}|${day}`) ?? none, on, inScope);
    // The lines' currency; before any obligation in scope has arisen, that of the obligations in scope (an empty
    // ledger in their currency, rather than a refusal to pick one for nothing).
    const currencies = [...new Set(lines.length ? lines.map((l) => l.currency) : scope.map((o) => o.amount.currency))];
    const currency = query.currency ?? (currencies.length === 1 ? currencies[0] : undefined);
    if (!currency) throw problem('offset.currency_needed', {}, [issue('currency', 'field.required')]);
    const rates = await listExchangeRates(trx, { on });
    const ledger = ledgerIn(lines, currency, on, rates);
    // The labels of what each line counts, for a document's marking: read and worked out only for one.
    const claims = withLabels ? await ledgerClaims(trx, codec, reader, ids) : [];
    // The titles of each line's obligation and programme, for a document's rows: read only for one.
    const names = withLabels
      ? await obligationTitles(
          trx,
          reader,
          lines.map((l) => l.obligationId),
        )
      : new Map();
    const days = new Set([on, ...chains.map((o) => o.deadline)]);
    return { ledger, labels: () => ledgerLabels(lines, chains, claims, on), names, learnt: read.learnt, days };
  });
  // The sums worked out here are kept for the next reader alike, once the snapshot is done with. Keeping them
  // spares work and changes no answer: a failure (the database busy with another write) leaves this one right.
  await rememberCreditSums(ctx.db, parts.learnt, parts.days).catch(() => undefined);
  return parts;
}

/**
 * What each line's figures come from: its obligation and claims, and the
 * obligations (and their claims) of the same chain due before it, which
 * credit was banked in from; and all of them together.
 */
function ledgerLabels(
  lines: readonly LedgerLine[],
  chains: readonly (LedgerObligation & { label: Label })[],
  claims: readonly (LedgerClaim & { label: Label })[],
  on: string,
) {
  const claimLabels = new Map<string, Label[]>();
  for (const c of claims) {
    if (!c.history.some((e) => e.on <= on)) continue;
    const list = claimLabels.get(c.obligationId);
    if (list) list.push(c.label);
    else claimLabels.set(c.obligationId, [c.label]);
  }
  const byId = new Map(chains.map((o) => [o.id, o]));
  const byObligation = new Map<string, Label[]>();
  const all = new Map<string, Label>();
  const distinct = (labels: Label[]) => [...new Map(labels.map((l) => [JSON.stringify(l), l])).values()];
  for (const line of lines) {
    const own = byId.get(line.obligationId);
    if (!own) continue;
    const before = chains.filter(
      (o) =>
        o.arisesOn <= on &&
        o.supplierId === own.supplierId &&
        o.amount.currency === own.amount.currency &&
        (o.deadline < own.deadline || (o.deadline === own.deadline && o.id <= own.id)),
    );
    const labels = distinct(before.flatMap((o) => [o.label, ...(claimLabels.get(o.id) ?? [])]));
    byObligation.set(line.obligationId, labels);
    for (const l of labels) all.set(JSON.stringify(l), l);
  }
  return { all: [...all.values()], byObligation };
}

export async function offsetLedger(ctx: AppContext, actor: Actor, query: LedgerQuery): Promise<LedgerJson> {
  return presentLedger((await ledgerParts(ctx, actor, query)).ledger);
}

// The workbook library (ExcelJS) loads on first use, not with the server.
const workbook = () => import('../documents/offset-ledger-workbook.js');

/** The ledger as a workbook in `lang` (English by default), marked with what it counts; audited as an export. */
export async function exportOffsetLedgerWorkbook(
  ctx: AppContext,
  actor: Actor,
  query: LedgerQuery,
  lang?: DocumentLanguage,
): Promise<Buffer> {
  const parts = await ledgerParts(ctx, actor, query, true);
  const { ledger } = parts;
  const labels = parts.labels();
  const buffer = await (await workbook()).offsetLedgerWorkbook(ledger, labels, parts.names, lang);
  const head: DocumentHead = {
    marking: documentMarking(labels.all),
    ladder: {},
    generatedAt: isoNow(ctx),
    generatedBy: actor.displayName,
  };
  const scope = query.contract ? { type: 'programme', id: query.contract } : { type: 'party', id: query.party ?? '' };
  await auditExport(ctx, actor, `offset-ledger:${ledger.on}:${ledger.currency}`, scope.type, scope.id, head, 'xlsx');
  return buffer;
}
