import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { DomainError } from '../domain/errors.js';
import { EVALUATION_FORMAT, evaluate, evaluationHash, verifyFrozenEvaluation } from '../domain/evaluation/evaluate.js';
import type { EvaluationInput, EvaluationResult, FrozenEvaluation } from '../domain/evaluation/evaluation.schema.js';
import {
  type EvaluationLabelOut,
  type EvaluationLabelWrite,
  looserThanProgramme,
} from '../domain/evaluation/evaluation-label.js';
import { offerCode } from '../domain/evaluation/offer-code.js';
import {
  assembleEvaluation,
  designIssues,
  type EvaluationPatch,
  type EvaluationRecord,
  type EvaluatorAdd,
  type EvaluatorInputsWrite,
  evaluationState,
  inputIssues,
} from '../domain/evaluation/workspace.js';
import { newId } from '../domain/ids.js';
import { classificationAt } from '../domain/labels.js';
import { canEvaluate } from '../domain/policy.js';
import { issue, problem } from '../domain/problems.js';
import type { ProgrammeHead } from '../domain/programme.schema.js';
import type { Role } from '../domain/user.schema.js';
import { userIdFor } from '../domain/user-naming.js';
import type { LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import {
  type EvaluationChanges,
  type EvaluationRow,
  findEvaluation,
  holdEvaluationRow,
  insertEvaluation,
  insertEvaluator,
  listEvaluators,
  setEvaluationLabel as setEvaluationLabelRow,
  updateEvaluationRow,
  updateEvaluatorInputs,
} from '../store/evaluation.repo.js';
import type { LabelCodec, StoreReader } from '../store/label-codec.js';
import { findProgrammeHead, offerStates, updateProgramme as updateProgrammeRow } from '../store/programme.repo.js';
import { inSnapshot } from '../store/snapshot.js';
import { inTransaction } from '../store/tx.js';
import { findUserById } from '../store/user.repo.js';
import { audit } from './audit.js';
import { currentActor } from './clearance.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { labelFor, labelOfBoth } from './labels.js';
import { assertCanPlan, assertCanRecordInputs } from './policy.js';

// The evaluation of a programme's offers: opened when the programme moves to
// evaluation (or explicitly, for one moved there before evaluations were
// kept), designed by the programme's planners, filled in by its evaluators,
// and frozen when the programme moves to selected. It is read through its
// programme: whoever may read the programme may read its evaluation, every
// evaluator's inputs included, and nobody else, writes included.

type Tx = Db;

async function readableProgramme(db: Tx, codec: LabelCodec, reader: StoreReader, programmeId: string) {
  const head = await findProgrammeHead(db, codec, reader, programmeId);
  if (!head) throw problem('programme.not_found');
  return head;
}

/** The programme's offers as the evaluation names them: by a neutral code of their order on the programme ("O2"), the withdrawn left out. */
async function liveOffers(db: Tx, programmeId: string) {
  const offers = await offerStates(db, programmeId);
  return offers.flatMap((o, i) => (o.withdrawn_at === null ? [{ id: o.id, name: offerCode(i + 1) }] : []));
}

/** The recorded parts of an evaluation: the input of `evaluate` they make, or what is missing. Reads only. */
async function assembled(db: Tx, evaluation: EvaluationRow) {
  const [offers, evaluators] = await Promise.all([liveOffers(db, evaluation.programmeId), listEvaluators(db, evaluation.id)]);
  const { input, missing } = assembleEvaluation({
    criteria: evaluation.criteria,
    method: evaluation.method,
    offers,
    evaluators: evaluators.map((e) => ({ id: e.userId, name: e.name, inputs: e.inputs })),
  });
  return { offers, evaluators, input, missing };
}

type Outcome =
  | { done: { input: EvaluationInput; result: EvaluationResult; hash: string }; refusal: null }
  | { done: null; refusal: NonNullable<EvaluationRecord['refusal']> };

/**
 * What `evaluate` gives for an input, remembered for the last few inputs by
 * the hash of the input's canonical JSON: the result depends on nothing else
 * (method and seed are part of it), so repeated reads of an evaluation that
 * has not changed do not run the analysis again. Computed outside any
 * transaction, so that no database lock is held while it runs.
 */
const OUTCOMES_KEPT = 64;
const outcomes = new Map<string, Outcome>();

function outcomeOf(input: unknown): Outcome {
  const key = bytesToHex(sha256(utf8ToBytes(canonicalJson(input))));
  const kept = outcomes.get(key);
  if (kept) {
    outcomes.delete(key);
    outcomes.set(key, kept);
    return kept;
  }
  let outcome: Outcome;
  try {
    const done = evaluate(input);
    outcome = { done: { ...done, hash: evaluationHash(done.input, done.result) }, refusal: null };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    outcome = { done: null, refusal: { code: err.code, detail: err.message, errors: err.issues } };
  }
  outcomes.set(key, outcome);
  if (outcomes.size > OUTCOMES_KEPT) outcomes.delete(outcomes.keys().next().value as string);
  return outcome;
}

/** What the API answers an evaluation from, read in one go (in the caller's transaction, if any). */
async function gather(db: Tx, codec: LabelCodec, head: ProgrammeHead, evaluation: EvaluationRow) {
  return { head, evaluation, label: labelOfEvaluation(codec, head, evaluation), ...(await assembled(db, evaluation)) };
}

/** Who may read the evaluation: its own label, when it has one, or its programme's. */
function labelOfEvaluation(codec: LabelCodec, head: ProgrammeHead, evaluation: EvaluationRow): EvaluationLabelOut {
  return evaluation.label ? { ...codec.decode(evaluation.label), own: true } : { ...head.label, own: false };
}

/** The label an entry about the evaluation is filed under: the evaluation's own, else the programme's. */
const auditLabelOf = (codec: LabelCodec, head: ProgrammeHead, evaluation: EvaluationRow) =>
  evaluation.label ?? codec.encode(head.label);

/**
 * The evaluation as the API answers it: its parts, and its result live, or
 * as frozen. The live result is computed here, once the parts are read and
 * any transaction is over.
 */
function present(
  { head, evaluation, label, offers, evaluators, input, missing }: Awaited<ReturnType<typeof gather>>,
  readerParty: string,
): EvaluationRecord {
  const frozen = evaluation.frozen;
  const { done, refusal } = !frozen && input ? outcomeOf(input) : { done: null, refusal: null };
  return {
    id: evaluation.id,
    programmeId: evaluation.programmeId,
    version: evaluation.version,
    createdAt: evaluation.createdAt,
    updatedAt: evaluation.updatedAt,
    state: evaluationState(head.status, frozen !== null),
    label,
    criteria: evaluation.criteria,
    method: evaluation.method,
    offers: frozen ? frozen.document.input.offers : offers,
    evaluators: evaluators.map((e) => ({
      userId: e.userId,
      name: e.name,
      party: e.party,
      version: e.version,
      addedAt: e.createdAt,
      updatedAt: e.updatedAt,
      inputs: e.inputs,
    })),
    missing: frozen ? [] : missing,
    refusal: frozen ? null : refusal,
    result: frozen ? frozen.document.result : (done?.result ?? null),
    hash: frozen ? frozen.hash : (done?.hash ?? null),
    // Who froze it is named only to a reader of their party; the evaluators are named to every reader of the
    // evaluation: their inputs are its content, and the document frozen, which every party recomputes, names them.
    frozen: frozen && {
      at: frozen.at,
      by: userIdFor(readerParty, frozen.byParty, frozen.by),
      hash: frozen.hash,
      document: frozen.document,
    },
  };
}

async function evaluationOf(db: Tx, reader: StoreReader, programmeId: string) {
  const evaluation = await findEvaluation(db, reader, { programmeId });
  if (!evaluation) throw problem('evaluation.not_found');
  return evaluation;
}

export async function getEvaluation(ctx: AppContext, actor: Actor, programmeId: string): Promise<EvaluationRecord> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const head = await readableProgramme(ctx.db, codec, reader, programmeId);
  return present(await gather(ctx.db, codec, head, await evaluationOf(ctx.db, reader, programmeId)), reader.party);
}

/** The evaluation by its own id; one whose programme the actor may not read is not found, like one that does not exist. */
export async function getEvaluationById(ctx: AppContext, actor: Actor, id: string): Promise<EvaluationRecord> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const evaluation = await findEvaluation(ctx.db, reader, { id });
  if (!evaluation) throw problem('evaluation.not_found');
  const head = await readableProgramme(ctx.db, codec, reader, evaluation.programmeId);
  return present(await gather(ctx.db, codec, head, evaluation), reader.party);
}

/**
 * Opens the evaluation of a programme moving to (or in) evaluation, in the
 * caller's transaction, audited; the caller links it from the programme.
 */
export async function startEvaluation(trx: Tx, codec: LabelCodec, actor: Actor, head: ProgrammeHead, at: string) {
  const id = newId();
  await insertEvaluation(trx, { id, programmeId: head.id, userId: actor.userId, at });
  await audit(trx, actor, at, [
    {
      action: 'evaluation.open',
      entityType: 'evaluation',
      entityId: id,
      label: codec.encode(head.label),
      detail: { programmeId: head.id },
    },
  ]);
  return id;
}

/** Opens the evaluation of a programme in evaluation that has none: one moved there before evaluations were kept. */
export async function openEvaluation(ctx: AppContext, actor: Actor, programmeId: string): Promise<EvaluationRecord> {
  return writeEvaluation(ctx, actor, programmeId, async ({ trx, codec, head }) => {
    assertCanPlan(actor, head.label.ownerParty);
    if (head.status !== 'evaluation') throw problem('evaluation.open_in_evaluation', { programmeStatus: head.status });
    if (head.evaluationId) throw problem('evaluation.exists');
    const at = isoNow(ctx);
    const id = await startEvaluation(trx, codec, actor, head, at);
    if (!(await updateProgrammeRow(trx, head.id, head.version, { evaluationId: id, at })))
      throw problem('programme.changed_meanwhile');
  });
}

/**
 * A write on the evaluation of a programme the actor may read, in one transaction: `write` gets
 * the programme as the actor reads it; the evaluation is read again after it, as the actor may
 * read it, and its result computed after the transaction.
 */
async function writeEvaluation(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  write: (s: { trx: Tx; codec: LabelCodec; reader: StoreReader; head: ProgrammeHead }) => Promise<void>,
): Promise<EvaluationRecord> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  const parts = await inTransaction(ctx.db, async (trx) => {
    const head = await readableProgramme(trx, codec, reader, programmeId);
    await write({ trx, codec, reader, head });
    return gather(trx, codec, head, await evaluationOf(trx, reader, programmeId));
  });
  return present(parts, reader.party);
}

/**
 * Freezes the evaluation of a programme moving to selected, in the caller's
 * transaction: its input (method and seed included), result and hash are kept
 * as the programme's record of the choice, and it no longer changes. An
 * evaluation never designed (no criteria) closes without a result; one
 * designed but incomplete or refused stops the selection.
 */
export async function freezeOnSelection(trx: Tx, codec: LabelCodec, actor: Actor, head: ProgrammeHead, at: string) {
  if (!head.evaluationId) return null;
  const evaluation = await evaluationOf(trx, codec.reader(actor), head.id);
  if (evaluation.frozen || !evaluation.criteria) return null;
  const { input, missing } = await assembled(trx, evaluation);
  // The result of an unchanged input is usually remembered from the reads before the selection.
  const { done, refusal } = input ? outcomeOf(input) : { done: null, refusal: null };
  if (!done) {
    const issues = refusal ? refusal.errors : missing;
    throw problem('evaluation.incomplete', { count: Math.max(issues.length, 1) }, issues);
  }
  const document: FrozenEvaluation = {
    format: EVALUATION_FORMAT,
    input: done.input,
    result: done.result,
    hashAlgorithm: 'sha-256',
    hash: done.hash,
  };
  if (!(await updateEvaluationRow(trx, evaluation.id, evaluation.version, { frozen: { document, by: actor.userId }, at })))
    throw problem('evaluation.changed_meanwhile');
  await audit(trx, actor, at, [
    {
      action: 'evaluation.freeze',
      entityType: 'evaluation',
      entityId: evaluation.id,
      label: auditLabelOf(codec, head, evaluation),
      detail: { programmeId: head.id, hash: document.hash, ranking: document.result.ranking },
    },
  ]);
  return document.hash;
}

interface Scope {
  trx: Tx;
  codec: LabelCodec;
  reader: StoreReader;
  head: ProgrammeHead;
  evaluation: EvaluationRow;
  at: string;
}

/**
 * One change of an open evaluation, in one transaction: the programme the
 * actor may read, in evaluation, its evaluation not frozen; `allow` says
 * whether the actor may make it and `check` refuses bad input before
 * anything is written. The evaluation's version moves on first (so that
 * writers of one evaluation, its freezing included, never interleave: the
 * second answers 409), then `write` runs; one audit entry under `action`.
 * A write that keeps the version (`keepsVersion`: an evaluator's inputs,
 * which carry their own version) still holds the evaluation, so that it
 * does not interleave with a change of the design or the freeze, but
 * refuses no other writer. The result is computed after the transaction.
 */
async function changeEvaluation(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  how: {
    action: string;
    version?: number | undefined;
    keepsVersion?: boolean;
    allow: (s: Scope) => void | Promise<void>;
  },
  check: (s: Scope) => Promise<{ changes?: Omit<EvaluationChanges, 'at'>; detail: Record<string, unknown> }>,
  write: (s: Scope) => Promise<void> = async () => undefined,
): Promise<EvaluationRecord> {
  return writeEvaluation(ctx, actor, programmeId, async ({ trx, codec, reader, head }) => {
    const evaluation = await evaluationOf(trx, reader, programmeId);
    const scope: Scope = { trx, codec, reader, head, evaluation, at: isoNow(ctx) };
    await how.allow(scope);
    if (evaluation.frozen) throw problem('evaluation.frozen');
    if (head.status !== 'evaluation') throw problem('evaluation.not_open', { programmeStatus: head.status });
    if (how.version !== undefined && how.version !== evaluation.version)
      throw problem('evaluation.stale_version', { had: how.version, now: evaluation.version });
    const { changes, detail } = await check(scope);
    const held = how.keepsVersion
      ? await holdEvaluationRow(trx, evaluation.id, evaluation.version, scope.at)
      : await updateEvaluationRow(trx, evaluation.id, evaluation.version, { ...changes, at: scope.at });
    if (!held) throw problem('evaluation.changed_meanwhile');
    await write(scope);
    await audit(trx, actor, scope.at, [
      {
        action: how.action,
        entityType: 'evaluation',
        entityId: evaluation.id,
        label: auditLabelOf(codec, head, evaluation),
        detail,
      },
    ]);
  });
}

const plannersOnly = (actor: Actor) => (s: Scope) => assertCanPlan(actor, s.head.label.ownerParty);

/** Sets the criteria (the whole list) or the method, or both: the programme's planners. */
export async function updateEvaluation(ctx: AppContext, actor: Actor, programmeId: string, patch: EvaluationPatch) {
  const how = { action: 'evaluation.update', version: patch.version, allow: plannersOnly(actor) };
  return changeEvaluation(ctx, actor, programmeId, how, async ({ evaluation }) => {
    const criteria = patch.criteria ?? evaluation.criteria;
    const method = patch.method ?? evaluation.method ?? undefined;
    const issues = criteria ? designIssues(criteria, method) : [];
    if (issues.length) throw problem('evaluation.invalid_design', { count: issues.length }, issues);
    return {
      changes: { criteria: patch.criteria, method: patch.method },
      detail: { ...(patch.criteria && { criteria: patch.criteria }), ...(patch.method && { method: patch.method }) },
    };
  });
}

/**
 * Adds an evaluator: an enabled planner or contributor of a party the
 * programme is released to (its owner's or one of its releasable-to
 * parties) who may read the programme. Every other user id (none, disabled,
 * another role, another party, not cleared or not in its compartments) gets
 * one and the same refusal, so that the answer tells the programme's planners
 * nothing of a user beyond whether they may evaluate it; the party is checked
 * before the user's clearance is looked at.
 */
export async function addEvaluator(ctx: AppContext, actor: Actor, programmeId: string, input: EvaluatorAdd) {
  const how = { action: 'evaluation.evaluator_add', version: input.version, allow: plannersOnly(actor) };
  let name = '';
  let party = '';
  return changeEvaluation(
    ctx,
    actor,
    programmeId,
    how,
    async ({ trx, codec, head, evaluation }) => {
      const user = await findUserById(trx, input.userId);
      const refused = () =>
        problem('evaluation.not_an_evaluator', {}, [issue('userId', 'field.unknown_ids', { ids: input.userId })]);
      if (user?.disabled !== 0) throw refused();
      if (user.party !== head.label.ownerParty && !head.label.releasableTo.includes(user.party)) throw refused();
      const who = {
        party: user.party,
        roles: JSON.parse(user.roles) as Role[],
        clearance: classificationAt(user.clearance),
        compartments: codec.compartmentsOf(user.compartment_mask),
      };
      if (!canEvaluate(who) || !(await findProgrammeHead(trx, codec, codec.reader(who), head.id))) throw refused();
      // An evaluation with a label of its own: they must read it too.
      if (!(await findEvaluation(trx, codec.reader(who), { id: evaluation.id }))) throw refused();
      if ((await listEvaluators(trx, evaluation.id)).some((e) => e.userId === user.id))
        throw problem('evaluation.evaluator_exists');
      name = user.display_name;
      party = user.party;
      return { detail: { userId: user.id, name, party } };
    },
    async ({ trx, evaluation, at }) => {
      await insertEvaluator(trx, {
        id: newId(),
        evaluationId: evaluation.id,
        userId: input.userId,
        name,
        party,
        addedBy: actor.userId,
        at,
      });
    },
  );
}

/**
 * An evaluator records their inputs, all of them at once, replacing those
 * recorded: only their own. Inputs may be partial; what they leave out is
 * listed as missing.
 */
export async function recordEvaluatorInputs(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  evaluatorId: string,
  body: EvaluatorInputsWrite,
) {
  const { version, ...inputs } = body;
  let row: { id: string; version: number } | undefined;
  const allow = async ({ trx, evaluation }: Scope) => {
    const evaluators = await listEvaluators(trx, evaluation.id);
    assertCanRecordInputs(
      actor,
      evaluators.map((e) => e.userId),
      evaluatorId,
    );
    row = evaluators.find((e) => e.userId === evaluatorId);
    // The role that made them an evaluator, as it is now: one demoted since may no longer record.
    if (row && !canEvaluate(await currentActor(ctx, trx, actor))) throw problem('evaluation.evaluator_role_lost');
  };
  return changeEvaluation(
    ctx,
    actor,
    programmeId,
    { action: 'evaluation.inputs', keepsVersion: true, allow },
    async ({ trx, evaluation }) => {
      if (!row) throw problem('evaluation.only_evaluators');
      if (version !== undefined && version !== row.version)
        throw problem('evaluation.inputs_stale_version', { had: version, now: row.version });
      if (!evaluation.criteria) throw problem('evaluation.no_criteria_yet');
      const offers = (await liveOffers(trx, programmeId)).map((o) => o.id);
      const issues = inputIssues(inputs, evaluation.criteria, offers);
      if (issues.length) throw problem('evaluation.invalid_inputs', { count: issues.length }, issues);
      return { detail: { evaluator: evaluatorId, inputs } };
    },
    async ({ trx, at }) => {
      if (!row || !(await updateEvaluatorInputs(trx, row.id, row.version, inputs, at)))
        throw problem('evaluation.changed_meanwhile');
    },
  );
}

/**
 * Gives the evaluation a label of its own, or takes it back to its
 * programme's (`label: null`): the programme's planners, at any state (a
 * frozen evaluation's readers may be narrowed too). The label is owned by
 * the programme's owner party, at least as strict as the programme's
 * (`evaluation.label_looser` otherwise), and within what the actor may read.
 * One transaction, one audit entry filed under the stricter of the old and
 * new labels, so that nobody reads of a change what they could not read before.
 */
export async function setEvaluationLabel(
  ctx: AppContext,
  actor: Actor,
  programmeId: string,
  body: EvaluationLabelWrite,
): Promise<EvaluationRecord> {
  return writeEvaluation(ctx, actor, programmeId, async ({ trx, codec, reader, head }) => {
    const evaluation = await evaluationOf(trx, reader, programmeId);
    assertCanPlan(actor, head.label.ownerParty);
    if (body.version !== evaluation.version)
      throw problem('evaluation.stale_version', { had: body.version, now: evaluation.version });
    let columns: LabelColumns | null = null;
    if (body.label) {
      const issues = looserThanProgramme(head.label, body.label);
      if (issues.length) throw problem('evaluation.label_looser', { count: issues.length }, issues);
      columns = labelFor(codec, actor, body.label, head.label).columns;
    }
    const at = isoNow(ctx);
    if (!(await setEvaluationLabelRow(trx, evaluation.id, evaluation.version, columns, at)))
      throw problem('evaluation.changed_meanwhile');
    // Every enabled evaluator must still read it under the new label, asked of the database as any read is;
    // the refusal names them (the planners know who evaluates) and rolls the change back.
    const lockedOut: string[] = [];
    for (const e of await listEvaluators(trx, evaluation.id)) {
      const user = await findUserById(trx, e.userId);
      if (user?.disabled !== 0) continue;
      const who = {
        party: user.party,
        roles: JSON.parse(user.roles) as Role[],
        clearance: classificationAt(user.clearance),
        compartments: codec.compartmentsOf(user.compartment_mask),
      };
      if (!(await findEvaluation(trx, codec.reader(who), { id: evaluation.id }))) lockedOut.push(e.name);
    }
    if (lockedOut.length) throw problem('evaluation.label_locks_out', { names: lockedOut.join(', ') });
    const before = labelOfEvaluation(codec, head, evaluation);
    const after = columns ? codec.decode(columns) : head.label;
    await audit(trx, actor, at, [
      {
        action: 'evaluation.label',
        entityType: 'evaluation',
        entityId: evaluation.id,
        label: codec.encode(labelOfBoth(before, after)),
        detail: { programmeId: head.id, label: body.label },
      },
    ]);
  });
}

export interface Recomputation {
  evaluation: EvaluationRecord;
  /** The result recomputed from the input (the frozen one, or the live one). */
  result: EvaluationResult | null;
  recomputedHash: string | null;
  /** The hash frozen at selection; null while not frozen. */
  frozenHash: string | null;
  /** Whether the frozen hash is that of the frozen input and result, and the recomputed result hashes the same; null while not frozen. */
  matches: boolean | null;
}

/**
 * Recomputes an evaluation, found by its own id, from its input: a frozen one
 * from the document frozen, whose hash is checked against the stored and the
 * recomputed result. One the actor may not read is not found.
 */
export async function recomputeEvaluation(ctx: AppContext, actor: Actor, evaluationId: string): Promise<Recomputation> {
  return recompute(ctx, actor, { id: evaluationId });
}

/** Recomputes the evaluation of a programme, found by the programme's id, as `recomputeEvaluation` does. */
export async function recomputeProgrammeEvaluation(ctx: AppContext, actor: Actor, programmeId: string): Promise<Recomputation> {
  return recompute(ctx, actor, { programmeId });
}

async function recompute(ctx: AppContext, actor: Actor, by: { id: string } | { programmeId: string }): Promise<Recomputation> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  // Read in one snapshot: the evaluation, its evaluators and the offers of one state.
  const { evaluation, record } = await inSnapshot(ctx.db, async (db) => {
    const evaluation = await findEvaluation(db, reader, by);
    if (!evaluation) throw problem('evaluation.not_found');
    const head = await readableProgramme(db, codec, reader, evaluation.programmeId);
    return { evaluation, record: present(await gather(db, codec, head, evaluation), reader.party) };
  });
  if (!evaluation.frozen)
    return { evaluation: record, result: record.result, recomputedHash: record.hash, frozenHash: null, matches: null };
  const verdict = verifyFrozenEvaluation(evaluation.frozen.document);
  // The recomputed result hashes as the frozen one only when it serialises to the same bytes: then it is the frozen one.
  const result =
    verdict.recomputedHash === verdict.hash
      ? evaluation.frozen.document.result
      : evaluate(evaluation.frozen.document.input).result;
  return {
    evaluation: record,
    result,
    recomputedHash: verdict.recomputedHash,
    frozenHash: evaluation.frozen.hash,
    matches: verdict.matches && verdict.hash === evaluation.frozen.hash,
  };
}
