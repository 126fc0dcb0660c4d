import type { MigrationDb } from './schema-as-written.js';

/**
 * The evaluation of a programme's offers: one per programme (the programme's
 * `evaluation_id` names it). The criteria and the method are validated
 * documents the programme's planners write whole, kept as JSON; each
 * evaluator has a row of their own, versioned, holding their inputs as JSON,
 * so that evaluators writing at the same time do not refuse each other's
 * versions: an inputs write leaves the evaluation's version alone (it only
 * holds the row, so that it does not interleave with a change of the design
 * or the freeze, which move that version on). Once frozen at selection, the frozen document (input, result,
 * hash) is kept as it was hashed, with when and by whom. The evaluation has
 * no label of its own: it is read through its programme's.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('evaluation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('programme_id', 'text', (c) => c.notNull().unique().references('programme.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('app_user.id'))
    // JSON: criteriaDesignSchema (domain/evaluation/workspace.ts), null until set.
    .addColumn('criteria', 'text')
    // JSON: evaluationMethodSchema, defaults applied, null until set.
    .addColumn('method', 'text')
    // JSON: frozenEvaluationSchema, written once at selection, as hashed.
    .addColumn('frozen', 'text')
    .addColumn('frozen_hash', 'text')
    .addColumn('frozen_at', 'text')
    .addColumn('frozen_by', 'text', (c) => c.references('app_user.id'))
    .execute();

  await db.schema
    .createTable('evaluation_evaluator')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('evaluation_id', 'text', (c) => c.notNull().references('evaluation.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    // The name and party the evaluator is shown with, as they were when added.
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // JSON: evaluatorInputsSchema.
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addUniqueConstraint('evaluation_evaluator_once', ['evaluation_id', 'user_id'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('evaluation_evaluator').ifExists().execute();
  await db.schema.dropTable('evaluation').ifExists().execute();
}
