import { type MigrationDb, serialOn } from './schema-as-written.js';

/**
 * Joint decisions on a plan: closing and reopening are proposed by one party
 * and agreed by every party of the commission, like an approval; an approval
 * may be refused or returned with a comment. A plan remembers when it closed
 * and until when it may be reopened; every decision is kept with its comment;
 * an activity carried to a successor plan keeps a link to its copy.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  await db.schema.alterTable('work_plan').addColumn('closed_at', 'text').execute();
  await db.schema.alterTable('work_plan').addColumn('reopen_until', 'text').execute();

  // The close or reopening awaiting the agreement of every party (one at a time per plan).
  await db.schema
    .createTable('plan_joint_proposal')
    .addColumn('plan_id', 'text', (c) => c.primaryKey().references('work_plan.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('successor_plan_id', 'text', (c) => c.references('work_plan.id'))
    // JSON: [{ activityId, disposition, reason }] for a close; [] for a reopening.
    .addColumn('dispositions', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await db.schema
    .createTable('plan_joint_agreement')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_joint_agreement_pk', ['plan_id', 'party'])
    .execute();

  // Every party's decision on the plan, with its comment: the drafting party sees who refused and why.
  await serial(db.schema.createTable('plan_decision'), 'id')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .execute();
  await db.schema.createIndex('plan_decision_by_plan').on('plan_decision').columns(['plan_id', 'id']).execute();

  // An activity carried to a successor plan at its plan's close, and the copy made of it there.
  await db.schema
    .createTable('activity_carry')
    .addColumn('activity_id', 'text', (c) => c.primaryKey().references('activity.id'))
    .addColumn('copy_id', 'text', (c) => c.notNull().references('activity.id'))
    .addColumn('successor_plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activity_carry_by_copy').on('activity_carry').column('copy_id').execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of ['activity_carry', 'plan_decision', 'plan_joint_agreement', 'plan_joint_proposal'])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('work_plan').dropColumn('reopen_until').execute();
  await db.schema.alterTable('work_plan').dropColumn('closed_at').execute();
}
