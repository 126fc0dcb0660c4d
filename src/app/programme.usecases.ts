import { newId } from '../domain/ids.js';
import { type ExchangeRate, type Money, moneyJson, rateJson, totalIn } from '../domain/money.js';
import { buildOcdsRecordPackage, type OcdsRecordPackage } from '../domain/ocds.js';
import { issue, problem } from '../domain/problems.js';
import { moveProgramme as decideMove, EXECUTION_STATUSES, OFFER_STATUSES } from '../domain/programme.lifecycle.js';
import {
  type AmendmentCreate,
  type ContractCreate,
  type DeliveryCreate,
  type ExchangeRateCreate,
  type ExchangeRateListQuery,
  type ExchangeRateRecord,
  type MilestoneCreate,
  type MilestonePatch,
  type OfferCreate,
  type Programme,
  type ProgrammeCreate,
  type ProgrammeHead,
  type ProgrammeListQuery,
  type ProgrammeMoveInput,
  type ProgrammePatch,
  type ProgrammeSummary,
  presentProgramme,
  presentProgrammeSummary,
  type Supplier,
  type SupplierCreate,
  type SystemCreate,
} from '../domain/programme.schema.js';
import { findSupplier, insertSupplier, insertSystems, isReadableSystem, listSuppliers } from '../store/catalogue.repo.js';
import { findCommission } from '../store/commission.repo.js';
import type { Db } from '../store/db.js';
import {
  insertExchangeRate,
  isRateClash,
  listExchangeRates,
  pageExchangeRates,
  type StoredRate,
} from '../store/exchange-rate.repo.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import {
  acceptedSoFar,
  deleteOfferRow,
  findContract,
  findProgramme,
  findProgrammeHead,
  insertAmendment,
  insertContract,
  insertDelivery,
  insertMilestone,
  insertOffer,
  insertProgramme,
  linkedActivityIds,
  linkedObjectiveIds,
  linkRecords,
  listProgrammeHeads,
  offerStates,
  type ProgrammeChanges,
  readableActivities,
  readableObjectives,
  recordProgrammeEvent,
  setContractValue,
  updateMilestoneRow,
  updateProgramme as updateProgrammeRow,
  withdrawOfferRow,
} from '../store/programme.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit, changedFields } from './audit.js';
import { type Actor, type AppContext, isoNow, todayOf } from './context.js';
import { freezeOnSelection, startEvaluation } from './evaluation.usecases.js';
import { expectedVersion, labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan, hasRole } from './policy.js';

// Procurement programmes: the rules, the order of steps and the audit of each
// write; every write is one transaction and moves the programme's version on,
// so that two writers of one programme never interleave.

type Tx = Db;

async function readable(trx: Tx, codec: LabelCodec, reader: StoreReader, id: string): Promise<ProgrammeHead> {
  const head = await findProgrammeHead(trx, codec, reader, id);
  if (!head) throw problem('programme.not_found');
  return head;
}

/** The programme, readable, and the actor a planner of its owner party. */
async function writable(trx: Tx, codec: LabelCodec, reader: StoreReader, actor: Actor, id: string, version?: number) {
  const head = await readable(trx, codec, reader, id);
  assertCanPlan(actor, head.label.ownerParty);
  if (version !== undefined && version !== head.version)
    throw problem('programme.stale_version', { had: version, now: head.version });
  return head;
}

/** Moves the version on (and writes `changes`), or answers 409 when another writer came first. */
async function bump(trx: Tx, head: ProgrammeHead, changes: ProgrammeChanges) {
  if (!(await updateProgrammeRow(trx, head.id, head.version, changes))) throw problem('programme.changed_meanwhile');
}

const json = moneyJson;

async function assertLinkable(trx: Tx, reader: StoreReader, objectiveIds: string[], activityIds: string[]) {
  const [objectives, activities] = await Promise.all([
    readableObjectives(trx, reader, objectiveIds),
    readableActivities(trx, reader, activityIds),
  ]);
  const issues = [
    ...(objectiveIds.some((id) => !objectives.has(id))
      ? [issue('objectiveIds', 'field.unknown_ids', { ids: objectiveIds.filter((id) => !objectives.has(id)).join(', ') })]
      : []),
    ...(activityIds.some((id) => !activities.has(id))
      ? [issue('activityIds', 'field.unknown_ids', { ids: activityIds.filter((id) => !activities.has(id)).join(', ') })]
      : []),
  ];
  const count = objectiveIds.filter((id) => !objectives.has(id)).length + activityIds.filter((id) => !activities.has(id)).length;
  if (issues.length) throw problem('programme.unknown_links', { count }, issues);
}

async function full(trx: Tx, codec: LabelCodec, reader: StoreReader, id: string): Promise<Programme> {
  const record = await findProgramme(trx, codec, reader, id);
  if (!record) throw problem('programme.label_hides');
  return presentProgramme(record);
}

type Contract = NonNullable<Awaited<ReturnType<typeof findContract>>>;

/** The programme as a change loads it: `executing` also needs its contract being executed. */
interface Loaded {
  writable: { head: ProgrammeHead };
  executing: { head: ProgrammeHead; contract: Contract };
}

/** What a change wrote: its audit entry's detail, and what the programme's own row changes besides its version. */
interface Changed {
  detail: Record<string, unknown>;
  changes?: Omit<ProgrammeChanges, 'at'>;
}

/**
 * One change of a programme, in one transaction: loads the programme the
 * actor may write (at `version` when given), lets `write` check its own rules
 * and write at the time `at`, moves the version on, records one audit entry
 * under `action` and answers the whole programme. A change that relabels the
 * programme is audited under the label of both, its old and new.
 */
async function changeProgramme<L extends keyof Loaded>(
  ctx: AppContext,
  actor: Actor,
  id: string,
  how: { action: string; load: L; version?: number | undefined },
  write: (scope: Loaded[L] & { trx: Tx; codec: LabelCodec; reader: StoreReader; at: string }) => Promise<Changed>,
): Promise<Programme> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const head = await writable(trx, codec, reader, actor, id, how.version);
    const loaded = (how.load === 'executing' ? { head, contract: await inExecution(trx, head) } : { head }) as Loaded[L];
    const at = isoNow(ctx);
    const { detail, changes } = await write({ ...loaded, trx, codec, reader, at });
    await bump(trx, head, { ...changes, at });
    let label = head.label;
    if (changes?.columns) {
      const after = await findProgrammeHead(trx, codec, reader, id);
      if (!after) throw problem('programme.label_hides');
      label = labelOfBoth(head.label, after.label);
    }
    await audit(trx, actor, at, [
      { action: how.action, entityType: 'programme', entityId: id, label: codec.encode(label), detail },
    ]);
    return full(trx, codec, reader, id);
  });
}

/** The contract of a programme being executed. */
async function inExecution(trx: Tx, head: ProgrammeHead): Promise<Contract> {
  const contract = await findContract(trx, head.id);
  if (!EXECUTION_STATUSES.includes(head.status) || !contract)
    throw problem('programme.not_executing', { programmeStatus: head.status });
  return contract;
}

/** One page of the programmes the actor may read, newest first; `nextCursor` reads the next. */
export async function listProgrammes(
  ctx: AppContext,
  actor: Actor,
  query: ProgrammeListQuery,
): Promise<{ items: ProgrammeSummary[]; nextCursor: string | null }> {
  const codec = await ctx.codec();
  const page = await listProgrammeHeads(ctx.db, codec, codec.reader(actor), query);
  return { items: page.items.map(presentProgrammeSummary), nextCursor: page.nextCursor };
}

export async function getProgramme(ctx: AppContext, actor: Actor, id: string): Promise<Programme> {
  const codec = await ctx.codec();
  const record = await findProgramme(ctx.db, codec, codec.reader(actor), id);
  if (!record) throw problem('programme.not_found');
  return presentProgramme(record);
}

export async function createProgramme(ctx: AppContext, actor: Actor, input: ProgrammeCreate): Promise<Programme> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!hasRole(actor, 'planner')) throw problem('access.only_planners');
  return inTransaction(ctx.db, async (trx) => {
    if (input.commissionId) {
      const commission = await findCommission(trx, reader, input.commissionId);
      if (!commission) throw problem('commission.not_found');
      if (!(JSON.parse(commission.parties) as string[]).includes(actor.party))
        throw problem('commission.not_a_party', { party: actor.party });
    }
    const objectiveIds = [...new Set(input.objectiveIds)];
    const activityIds = [...new Set(input.activityIds)];
    await assertLinkable(trx, reader, objectiveIds, activityIds);
    const { columns } = labelFor(codec, actor, input);
    const at = isoNow(ctx);
    const id = newId();
    await insertProgramme(trx, {
      id,
      columns,
      commissionId: input.commissionId,
      title: input.title,
      description: input.description ?? {},
      need: input.need,
      at,
    });
    await linkRecords(trx, id, 'objective', objectiveIds, []);
    await linkRecords(trx, id, 'activity', activityIds, []);
    await recordProgrammeEvent(trx, {
      programmeId: id,
      at,
      from: null,
      to: 'need',
      reason: null,
      party: actor.party,
      userId: actor.userId,
    });
    await audit(trx, actor, at, [
      {
        action: 'programme.create',
        entityType: 'programme',
        entityId: id,
        label: columns,
        detail: { commissionId: input.commissionId, budgetCeiling: json(input.need.budgetCeiling), objectiveIds, activityIds },
      },
    ]);
    return full(trx, codec, reader, id);
  });
}

/**
 * Changes a programme's title, description, label, links or need (the need
 * only while the programme is a need). Links are the whole set among the
 * records the writer may read; links to records it may not read are kept.
 */
export async function updateProgramme(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: ProgrammePatch,
  ifMatch?: number,
): Promise<Programme> {
  const version = expectedVersion(patch.version, ifMatch);
  return changeProgramme(ctx, actor, id, { action: 'programme.update', load: 'writable', version }, async (w) => {
    const { trx, codec, reader, head } = w;
    if (patch.need && head.status !== 'need') throw problem('programme.need_frozen', { programmeStatus: head.status });
    const links: Record<string, { added: string[]; removed: string[] }> = {};
    for (const kind of ['objective', 'activity'] as const) {
      const wanted = kind === 'objective' ? patch.objectiveIds : patch.activityIds;
      if (!wanted) continue;
      const want = [...new Set(wanted)];
      await assertLinkable(trx, reader, kind === 'objective' ? want : [], kind === 'activity' ? want : []);
      const now = kind === 'objective' ? await linkedObjectiveIds(trx, reader, id) : await linkedActivityIds(trx, reader, id);
      const added = want.filter((x) => !now.includes(x));
      const removed = now.filter((x) => !want.includes(x));
      await linkRecords(trx, id, kind, added, removed);
      links[kind] = { added, removed };
    }
    const { columns } = labelFor(codec, actor, patch, head.label);
    const { version: _v, objectiveIds: _o, activityIds: _a, need, ...fields } = patch;
    const before = { ...head, ...head.label } as unknown as Record<string, unknown>;
    return {
      changes: { columns, title: patch.title, description: patch.description, need: patch.need },
      detail: {
        changes: changedFields(before, fields),
        ...(need && {
          need: {
            from: { ...head.need, budgetCeiling: json(head.need.budgetCeiling) },
            to: { ...need, budgetCeiling: json(need.budgetCeiling) },
          },
        }),
        ...(Object.keys(links).length && { links }),
      },
    };
  });
}

/**
 * One move of the programme's lifecycle, recorded in its history with who,
 * when and why. Moving to evaluation opens the evaluation of the offers;
 * moving to selected freezes it (evaluation.usecases.ts).
 */
export async function moveProgramme(
  ctx: AppContext,
  actor: Actor,
  id: string,
  move: ProgrammeMoveInput,
  ifMatch?: number,
): Promise<Programme> {
  const how = { action: 'programme.move', load: 'writable', version: move.version ?? ifMatch } as const;
  return changeProgramme(ctx, actor, id, how, async ({ trx, codec, head, at }) => {
    const offers = await offerStates(trx, id);
    const to = decideMove(
      {
        status: head.status,
        liveOfferIds: offers.filter((o) => o.withdrawn_at === null).map((o) => o.id),
        hasContract: (await findContract(trx, id)) !== null,
      },
      move,
    );
    const reason = move.reason?.trim() || null;
    const evaluationId =
      to === 'evaluation' && !head.evaluationId ? await startEvaluation(trx, codec, actor, head, at) : undefined;
    const evaluationHash = to === 'selected' ? await freezeOnSelection(trx, codec, actor, head, at) : null;
    await recordProgrammeEvent(trx, {
      programmeId: id,
      at,
      from: head.status,
      to,
      reason,
      party: actor.party,
      userId: actor.userId,
    });
    return {
      changes: {
        status: to,
        ...(to === 'cancelled' && { cancelReason: reason ?? '' }),
        ...(to === 'selected' && { selectedOfferId: move.offerId }),
        evaluationId,
      },
      detail: {
        from: head.status,
        to,
        reason,
        ...(to === 'selected' && { offerId: move.offerId }),
        ...(evaluationId && { evaluationId }),
        ...(evaluationHash && { evaluationHash }),
      },
    };
  });
}

// Offers.

export async function addOffer(ctx: AppContext, actor: Actor, id: string, input: OfferCreate): Promise<Programme> {
  return changeProgramme(
    ctx,
    actor,
    id,
    { action: 'programme.offer_add', load: 'writable' },
    async ({ trx, reader, head, at }) => {
      if (!OFFER_STATUSES.includes(head.status)) throw problem('programme.offers_closed', { programmeStatus: head.status });
      if (!(await isReadableSystem(trx, reader, input.supplierId, input.systemId)))
        throw problem('programme.unknown_supplier', {}, [
          issue('supplierId', 'field.unknown_ids', { ids: input.supplierId }),
          issue('systemId', 'field.unknown_ids', { ids: input.systemId }),
        ]);
      const offerId = newId();
      await insertOffer(trx, { ...input, id: offerId, programmeId: id, at, userId: actor.userId });
      return {
        detail: { offerId, supplierId: input.supplierId, systemId: input.systemId, totalPrice: json(input.totalPrice) },
      };
    },
  );
}

/** Withdraws an offer: it stays on the programme, marked withdrawn with its reason. */
export async function withdrawOffer(ctx: AppContext, actor: Actor, id: string, offerId: string, reason: string) {
  return changeProgramme(ctx, actor, id, { action: 'programme.offer_withdraw', load: 'writable' }, async ({ trx, head, at }) => {
    const offer = (await offerStates(trx, id)).find((o) => o.id === offerId);
    if (!offer) throw problem('programme.offer_not_found');
    if (offer.withdrawn_at !== null) throw problem('programme.offer_withdrawn');
    if (head.selectedOfferId === offerId) throw problem('programme.offer_selected');
    if (!(await withdrawOfferRow(trx, id, offerId, at, reason))) throw problem('programme.changed_meanwhile');
    return { detail: { offerId, reason } };
  });
}

/** Deletes an offer entered by mistake: only while the programme is a need, before the evaluation opens. */
export async function deleteOffer(ctx: AppContext, actor: Actor, id: string, offerId: string) {
  return changeProgramme(ctx, actor, id, { action: 'programme.offer_delete', load: 'writable' }, async ({ trx, head }) => {
    if (!(await offerStates(trx, id)).some((o) => o.id === offerId)) throw problem('programme.offer_not_found');
    if (head.status !== 'need') throw problem('programme.offer_kept');
    if (!(await deleteOfferRow(trx, id, offerId))) throw problem('programme.changed_meanwhile');
    return { detail: { offerId } };
  });
}

// The contract and its execution.

export async function recordContract(ctx: AppContext, actor: Actor, id: string, input: ContractCreate, ifMatch?: number) {
  const how = { action: 'programme.contract', load: 'writable', version: input.version ?? ifMatch } as const;
  return changeProgramme(ctx, actor, id, how, async ({ trx, head, at }) => {
    if (head.status !== 'selected' || !head.selectedOfferId || (await findContract(trx, id)))
      throw problem('programme.contract_when_selected', { programmeStatus: head.status });
    await insertContract(trx, {
      programmeId: id,
      offerId: head.selectedOfferId,
      value: input.value,
      signedOn: input.signedOn,
      reference: input.reference,
      at,
    });
    return { detail: { offerId: head.selectedOfferId, value: json(input.value), signedOn: input.signedOn } };
  });
}

export async function addMilestone(ctx: AppContext, actor: Actor, id: string, input: MilestoneCreate) {
  return changeProgramme(ctx, actor, id, { action: 'programme.milestone_add', load: 'executing' }, async ({ trx }) => {
    const milestoneId = newId();
    await insertMilestone(trx, id, { id: milestoneId, ...input, status: 'scheduled' });
    return { detail: { milestoneId, kind: input.kind, dueDate: input.dueDate, value: json(input.value) } };
  });
}

export async function updateMilestone(ctx: AppContext, actor: Actor, id: string, milestoneId: string, input: MilestonePatch) {
  const how = { action: 'programme.milestone_update', load: 'executing' } as const;
  return changeProgramme(ctx, actor, id, how, async ({ trx, contract }) => {
    const before = contract.milestones.find((m) => m.id === milestoneId);
    if (!before) throw problem('programme.milestone_not_found');
    const reached = input.status === 'met' || input.status === 'partially_met';
    const dateMet = reached ? (input.dateMet ?? todayOf(ctx)) : null;
    if (!(await updateMilestoneRow(trx, id, milestoneId, { status: input.status, dateMet })))
      throw problem('programme.changed_meanwhile');
    return { detail: { milestoneId, from: before.status, to: input.status, dateMet } };
  });
}

export async function addDelivery(ctx: AppContext, actor: Actor, id: string, input: DeliveryCreate) {
  const how = { action: 'programme.delivery_add', load: 'executing' } as const;
  return changeProgramme(ctx, actor, id, how, async ({ trx, head, contract, at }) => {
    const offer = (await offerStates(trx, id)).find((o) => o.id === contract.offerId);
    const quantity = offer?.quantity ?? head.need.quantity;
    if ((await acceptedSoFar(trx, id)) + input.quantityAccepted > quantity)
      throw problem('programme.accepted_over_quantity', { quantity }, [
        issue('quantityAccepted', 'field.accepted_over_delivered'),
      ]);
    const deliveryId = newId();
    await insertDelivery(trx, { id: deliveryId, programmeId: id, ...input, at });
    return { detail: { deliveryId, ...input } };
  });
}

/** An amendment of the contract, with its rationale; a new value replaces the contract's. */
export async function addAmendment(ctx: AppContext, actor: Actor, id: string, input: AmendmentCreate) {
  const how = { action: 'programme.amendment_add', load: 'executing' } as const;
  return changeProgramme(ctx, actor, id, how, async ({ trx, contract, at }) => {
    const valueAfter = input.value ?? contract.value;
    if (valueAfter.currency !== contract.value.currency)
      throw problem('programme.amendment_currency', { currency: contract.value.currency }, [
        issue('value.currency', 'field.contract_currency', { currency: contract.value.currency }),
      ]);
    const amendmentId = newId();
    const number = await insertAmendment(trx, {
      id: amendmentId,
      programmeId: id,
      date: input.date,
      rationale: input.rationale,
      description: input.description,
      valueBefore: contract.value,
      valueAfter,
      at,
    });
    if (input.value) await setContractValue(trx, id, valueAfter);
    return {
      detail: {
        amendmentId,
        number,
        rationale: input.rationale,
        valueBefore: json(contract.value),
        valueAfter: json(valueAfter),
      },
    };
  });
}

// Exports and totals.

export async function exportProgrammeOcds(ctx: AppContext, actor: Actor, id: string): Promise<OcdsRecordPackage> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const record = await findProgramme(ctx.db, codec, reader, id);
  if (!record) throw problem('programme.not_found');
  const commission = record.commissionId ? await findCommission(ctx.db, reader, record.commissionId) : undefined;
  return buildOcdsRecordPackage(record, {
    publishedDate: isoNow(ctx),
    buyerName: commission ? (JSON.parse(commission.name) as Record<string, string>) : null,
  });
}

const asTableRate = (r: StoredRate): ExchangeRate => ({
  from: r.from,
  to: r.to,
  rate: r.rate,
  date: r.date,
  source: r.source,
  enteredBy: r.enteredBy,
});

/** The programme's budget ceiling, live offers and contract value in one currency, each line with the rate it used. */
export async function programmeTotals(ctx: AppContext, actor: Actor, id: string, currency: string, on: string | undefined) {
  const codec = await ctx.codec();
  const record = await findProgramme(ctx.db, codec, codec.reader(actor), id);
  if (!record) throw problem('programme.not_found');
  const day = on ?? todayOf(ctx);
  const amounts: { what: string; money: Money }[] = [
    { what: 'budgetCeiling', money: record.need.budgetCeiling },
    ...record.offers.filter((o) => !o.withdrawnAt).map((o) => ({ what: `offer:${o.id}`, money: o.totalPrice })),
    ...(record.contract ? [{ what: 'contract', money: record.contract.value }] : []),
  ];
  const rates = (await listExchangeRates(ctx.db, { on: day })).map(asTableRate);
  const total = totalIn(
    amounts.map((a) => a.money),
    currency,
    day,
    rates,
  );
  return {
    currency,
    on: day,
    lines: total.lines.map((l, i) => ({
      what: amounts[i]?.what ?? '',
      money: moneyJson(l.money),
      converted: moneyJson(l.converted),
      rate: l.rate && rateJson(l.rate),
    })),
  };
}

// The catalogue of suppliers.

export async function listCatalogue(
  ctx: AppContext,
  actor: Actor,
  party?: string,
): Promise<{ items: Supplier[]; nextCursor: null }> {
  const codec = await ctx.codec();
  return { items: await listSuppliers(ctx.db, codec, codec.reader(actor), party), nextCursor: null };
}

export async function getSupplier(ctx: AppContext, actor: Actor, id: string): Promise<Supplier> {
  const codec = await ctx.codec();
  const found = await findSupplier(ctx.db, codec, codec.reader(actor), id);
  if (!found) throw problem('supplier.not_found');
  return found;
}

export async function createSupplier(ctx: AppContext, actor: Actor, input: SupplierCreate): Promise<Supplier> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  assertCanPlan(actor, actor.party);
  return inTransaction(ctx.db, async (trx) => {
    const { columns } = labelFor(codec, actor, input);
    const at = isoNow(ctx);
    const id = newId();
    await insertSupplier(trx, { id, columns, name: input.name, country: input.country, identifier: input.identifier, at });
    await insertSystems(
      trx,
      id,
      input.systems.map((s) => ({ id: newId(), ...s })),
      at,
    );
    await audit(trx, actor, at, [
      {
        action: 'supplier.create',
        entityType: 'supplier',
        entityId: id,
        label: columns,
        detail: { name: input.name, systems: input.systems.length },
      },
    ]);
    const created = await findSupplier(trx, codec, reader, id);
    if (!created) throw problem('supplier.not_found');
    return created;
  });
}

export async function addSystem(ctx: AppContext, actor: Actor, supplierId: string, input: SystemCreate): Promise<Supplier> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  return inTransaction(ctx.db, async (trx) => {
    const supplier = await findSupplier(trx, codec, reader, supplierId);
    if (!supplier) throw problem('supplier.not_found');
    assertCanPlan(actor, supplier.ownerParty);
    const at = isoNow(ctx);
    const id = newId();
    await insertSystems(trx, supplierId, [{ id, ...input }], at);
    await audit(trx, actor, at, [
      {
        action: 'supplier.system_add',
        entityType: 'supplier',
        entityId: supplierId,
        label: codec.encode(supplier),
        detail: { systemId: id, name: input.name },
      },
    ]);
    return (await findSupplier(trx, codec, reader, supplierId)) as Supplier;
  });
}

// The exchange-rate table.

/** A page of the rate table: every signed-in user reads it, as its rates are not labelled. */
export async function listRates(ctx: AppContext, actor: Actor, query: ExchangeRateListQuery) {
  return pageExchangeRates(ctx.db, query, actor.party);
}

/** Enters a rate; its author is the signed-in administrator. One rate per pair and day. */
export async function addRate(ctx: AppContext, actor: Actor, input: ExchangeRateCreate): Promise<ExchangeRateRecord> {
  if (!hasRole(actor, 'admin')) throw problem('exchange_rate.only_admins');
  const record: StoredRate = { id: newId(), ...input, enteredBy: actor.displayName, enteredAt: isoNow(ctx) };
  const clash = () => problem('exchange_rate.exists', { from: input.from, to: input.to, date: input.date });
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const same = await listExchangeRates(trx, { currency: input.from, on: input.date });
      if (same.some((r) => r.from === input.from && r.to === input.to && r.date === input.date)) throw clash();
      await insertExchangeRate(trx, record, actor.userId);
      await audit(trx, actor, record.enteredAt, [
        {
          action: 'exchange_rate.create',
          entityType: 'exchange_rate',
          entityId: record.id,
          label: { owner_party: null, classification: 0, releasable_mask: 0, compartment_mask: 0 },
          detail: { from: input.from, to: input.to, rate: input.rate, date: input.date, source: input.source },
        },
      ]);
      return { ...record, enteredByParty: actor.party };
    });
  } catch (err) {
    if (isRateClash(err)) throw clash();
    throw err;
  }
}
