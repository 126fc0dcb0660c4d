import type { Kysely } from 'kysely';
import type { EvaluationMethod, FrozenEvaluation } from '../domain/evaluation/evaluation.schema.js';
import type { CriteriaDesign, EvaluatorInputs } from '../domain/evaluation/workspace.js';
import { labelColumns, readableBy, type StoreReader } from './access.js';
import type { Database, LabelColumns, RowOf } from './database.js';
import { compareAndSet } from './versioned.js';

/**
 * The evaluation of a programme's offers. Every read joins its programme
 * under the read rule; an evaluation with a label of its own (migration 0021;
 * none by default) is read only by those who may read both labels, so that a
 * programme's owner can keep the scores from some readers of the programme.
 */

export interface EvaluationRow {
  id: string;
  programmeId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  criteria: CriteriaDesign | null;
  method: EvaluationMethod | null;
  /** `byParty`: the party of who froze it, read with the row. */
  frozen: { document: FrozenEvaluation; hash: string; at: string; by: string; byParty: string | null } | null;
  /** Its own label, or null while it reads as its programme does. */
  label: LabelColumns | null;
}

export interface EvaluatorRow {
  id: string;
  userId: string;
  name: string;
  party: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  inputs: EvaluatorInputs;
}

const parsed = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function evaluationQuery(db: Kysely<Database>, reader: StoreReader) {
  return db
    .selectFrom('evaluation as e')
    .innerJoin('programme as p', 'p.id', 'e.programme_id')
    .leftJoin('app_user as fu', 'fu.id', 'e.frozen_by')
    .select([
      'fu.party as frozen_by_party',
      'e.id',
      'e.programme_id',
      'e.version',
      'e.created_at',
      'e.updated_at',
      'e.criteria',
      'e.method',
      'e.frozen',
      'e.frozen_hash',
      'e.frozen_at',
      'e.frozen_by',
      ...labelColumns('e'),
    ])
    .where(readableBy(reader, 'p'))
    .where((eb) => eb.or([eb('e.classification', 'is', null), readableBy(reader, 'e')]));
}

const toEvaluation = (r: RowOf<typeof evaluationQuery>): EvaluationRow => ({
  id: r.id,
  programmeId: r.programme_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  criteria: parsed<CriteriaDesign>(r.criteria),
  method: parsed<EvaluationMethod>(r.method),
  frozen:
    r.frozen === null
      ? null
      : {
          document: JSON.parse(r.frozen) as FrozenEvaluation,
          hash: r.frozen_hash ?? '',
          at: r.frozen_at ?? '',
          by: r.frozen_by ?? '',
          byParty: r.frozen_by_party,
        },
  label:
    r.classification === null || r.owner_party === null
      ? null
      : {
          owner_party: r.owner_party,
          classification: Number(r.classification),
          releasable_mask: Number(r.releasable_mask ?? 0),
          compartment_mask: Number(r.compartment_mask ?? 0),
        },
});

/** The evaluation of a programme, or by its own id, if the reader may read the programme and the evaluation's own label. */
export async function findEvaluation(
  db: Kysely<Database>,
  reader: StoreReader,
  by: { programmeId: string } | { id: string },
): Promise<EvaluationRow | undefined> {
  const q = evaluationQuery(db, reader);
  const row = await ('id' in by
    ? q.where('e.id', '=', by.id)
    : q.where('e.programme_id', '=', by.programmeId)
  ).executeTakeFirst();
  return row && toEvaluation(row);
}

/** The evaluators of an evaluation the caller already found readable, in the order they were added. */
export async function listEvaluators(db: Kysely<Database>, evaluationId: string): Promise<EvaluatorRow[]> {
  const rows = await db
    .selectFrom('evaluation_evaluator')
    .select(['id', 'user_id', 'name', 'party', 'version', 'created_at', 'updated_at', 'inputs'])
    .where('evaluation_id', '=', evaluationId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    party: r.party,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    inputs: JSON.parse(r.inputs) as EvaluatorInputs,
  }));
}

export async function insertEvaluation(
  trx: Kysely<Database>,
  e: { id: string; programmeId: string; userId: string; at: string },
) {
  await trx
    .insertInto('evaluation')
    .values({
      id: e.id,
      programme_id: e.programmeId,
      version: 1,
      created_at: e.at,
      updated_at: e.at,
      created_by: e.userId,
      criteria: null,
      method: null,
      frozen: null,
      frozen_hash: null,
      frozen_at: null,
      frozen_by: null,
      owner_party: null,
      classification: null,
      releasable_mask: null,
      compartment_mask: null,
    })
    .execute();
}

/** Sets the evaluation's own label, or clears it (null: as its programme), if it is still at `version`, moving it on. */
export function setEvaluationLabel(trx: Kysely<Database>, id: string, version: number, label: LabelColumns | null, at: string) {
  return compareAndSet(trx, 'evaluation', id, version, {
    owner_party: label?.owner_party ?? null,
    classification: label?.classification ?? null,
    releasable_mask: label?.releasable_mask ?? null,
    compartment_mask: label?.compartment_mask ?? null,
    updated_at: at,
  });
}

export interface EvaluationChanges {
  criteria?: CriteriaDesign | undefined;
  method?: EvaluationMethod | undefined;
  frozen?: { document: FrozenEvaluation; by: string } | undefined;
  at: string;
}

/** Writes the changes if the evaluation is still at `version`, moving it on; false when another writer came first. */
export function updateEvaluationRow(trx: Kysely<Database>, id: string, version: number, c: EvaluationChanges) {
  return compareAndSet(trx, 'evaluation', id, version, {
    ...(c.criteria !== undefined && { criteria: JSON.stringify(c.criteria) }),
    ...(c.method !== undefined && { method: JSON.stringify(c.method) }),
    ...(c.frozen !== undefined && {
      frozen: JSON.stringify(c.frozen.document),
      frozen_hash: c.frozen.document.hash,
      frozen_at: c.at,
      frozen_by: c.frozen.by,
    }),
    updated_at: c.at,
  });
}

/**
 * Holds the evaluation, still at `version` and not frozen, against other
 * writers until the transaction ends, without moving its version on: an
 * evaluator's inputs change the evaluation (its `updated_at`) but do not
 * refuse the planners' or other evaluators' writes. On PostgreSQL the row
 * stays locked, so a planner's change or the freeze, which move the version
 * on, make a concurrent inputs write answer false; false too when another
 * writer came first.
 */
export async function holdEvaluationRow(trx: Kysely<Database>, id: string, version: number, at: string) {
  const r = await trx
    .updateTable('evaluation')
    .set({ updated_at: at })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('frozen', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertEvaluator(
  trx: Kysely<Database>,
  e: { id: string; evaluationId: string; userId: string; name: string; party: string; addedBy: string; at: string },
) {
  const last = await trx
    .selectFrom('evaluation_evaluator')
    .select((eb) => eb.fn.max('position').as('n'))
    .where('evaluation_id', '=', e.evaluationId)
    .executeTakeFirst();
  await trx
    .insertInto('evaluation_evaluator')
    .values({
      id: e.id,
      evaluation_id: e.evaluationId,
      user_id: e.userId,
      name: e.name,
      party: e.party,
      position: Number(last?.n ?? 0) + 1,
      inputs: JSON.stringify({ criteria: [], assessments: [] } satisfies EvaluatorInputs),
      version: 1,
      created_at: e.at,
      updated_at: e.at,
      added_by: e.addedBy,
    })
    .execute();
}

/** Writes an evaluator's inputs if their row is still at `version`; false when another writer came first. */
export function updateEvaluatorInputs(trx: Kysely<Database>, id: string, version: number, inputs: EvaluatorInputs, at: string) {
  return compareAndSet(trx, 'evaluation_evaluator', id, version, { inputs: JSON.stringify(inputs), updated_at: at });
}
