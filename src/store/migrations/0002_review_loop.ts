import { labelled, type MigrationDb, serialOn, versioned } from './schema-as-written.js';

/**
 * The review loop from one session to the next: the history of every
 * activity (for "as of" measures), plan baselines and amendments, session
 * agendas, minutes approvals and action items, and indicators of objectives.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  // One row per state an activity has been in, from `at` on. Written with
  // every change of status or dates, so any past day can be replayed.
  await serial(db.schema.createTable('activity_event'), 'id')
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('planned_start', 'text', (c) => c.notNull())
    .addColumn('planned_end', 'text', (c) => c.notNull())
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .execute();
  await db.schema.createIndex('activity_event_by_activity').on('activity_event').columns(['activity_id', 'at', 'id']).execute();
  await db.schema.createIndex('activity_event_by_plan').on('activity_event').columns(['plan_id', 'activity_id']).execute();

  await db.schema
    .createTable('plan_revision')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('snapshot', 'text')
    .addColumn('content_hash', 'text')
    .addColumn('opened_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('approved_at', 'text')
    .addPrimaryKeyConstraint('plan_revision_pk', ['plan_id', 'number'])
    .execute();
  // The activities of each frozen revision, one row each with the label it
  // had, so that a diff shows every reader only what they may read.
  await db.schema
    .createTable('revision_activity')
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('ref_code', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('revision_activity_pk', ['plan_id', 'number', 'ref_code'])
    .addForeignKeyConstraint('revision_activity_revision', ['plan_id', 'number'], 'plan_revision', ['plan_id', 'number'])
    .execute();
  await db.schema
    .createTable('revision_approval')
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('revision_approval_pk', ['plan_id', 'number', 'party'])
    .addForeignKeyConstraint('revision_approval_revision', ['plan_id', 'number'], 'plan_revision', ['plan_id', 'number'])
    .execute();

  await db.schema
    .alterTable('commission_session')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned'))
    .execute();
  await db.schema
    .createTable('minutes_approval')
    .addColumn('session_id', 'text', (c) => c.notNull().references('commission_session.id'))
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('minutes_approval_pk', ['session_id', 'party'])
    .execute();

  await versioned(
    labelled(
      db.schema
        .createTable('agenda_item')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('commission_session.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('action_item_id', 'text')
        .addColumn('activity_id', 'text')
        .addColumn('plan_id', 'text')
        .addColumn('summary', 'text')
        .addColumn('decisions', 'text'),
    ),
  ).execute();
  await db.schema.createIndex('agenda_item_by_session').on('agenda_item').columns(['session_id', 'position']).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('action_item')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('commission_id', 'text', (c) => c.notNull().references('commission.id'))
        .addColumn('session_id', 'text', (c) => c.notNull().references('commission_session.id'))
        .addColumn('agenda_item_id', 'text', (c) => c.references('agenda_item.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('responsible_party', 'text', (c) => c.notNull().references('party.code'))
        .addColumn('responsible_organisation', 'text')
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .addColumn('reason', 'text')
        .addColumn('activity_id', 'text', (c) => c.references('activity.id'))
        .addColumn('plan_id', 'text', (c) => c.references('work_plan.id')),
    ),
  ).execute();
  await db.schema
    .createIndex('action_item_by_commission')
    .on('action_item')
    .columns(['commission_id', 'status', 'due_date'])
    .execute();

  await versioned(
    labelled(
      db.schema
        .createTable('indicator')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('objective_id', 'text', (c) => c.notNull().references('objective.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('unit', 'text', (c) => c.notNull())
        .addColumn('baseline_value', 'double precision', (c) => c.notNull())
        .addColumn('baseline_date', 'text', (c) => c.notNull())
        .addColumn('target_value', 'double precision', (c) => c.notNull())
        .addColumn('target_date', 'text', (c) => c.notNull()),
    ),
  ).execute();
  await db.schema
    .createTable('measurement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.references('source.id'))
    .addColumn('recorded_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('measurement_by_indicator').on('measurement').columns(['indicator_id', 'date']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'measurement',
    'indicator',
    'action_item',
    'agenda_item',
    'minutes_approval',
    'revision_approval',
    'revision_activity',
    'plan_revision',
    'activity_event',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('commission_session').dropColumn('status').execute();
}
