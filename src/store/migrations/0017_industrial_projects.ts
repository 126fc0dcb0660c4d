import { labelled, type MigrationDb, serialOn, versioned } from './schema-as-written.js';

/**
 * Industrial projects: the project under its label, its partners with their
 * roles and cost shares (integer basis points that add up to 10,000), its
 * milestones planned and reached, its technology-transfer items, the
 * programmes it comes from, every move of its lifecycle, and each partner's
 * commitments: labelled records of their own, owned by the partner's party,
 * so that the read rule gives a party its own commitments in full and others
 * only what their labels release. Amounts are integers in the currency's
 * minor units, beside the ISO 4217 code.
 */
export async function up(db: MigrationDb): Promise<void> {
  const serial = serialOn(db);

  await versioned(
    labelled(
      db.schema
        .createTable('industrial_project')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('suspended_from', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('site_place', 'text', (c) => c.notNull())
        .addColumn('site_latitude', 'double precision')
        .addColumn('site_longitude', 'double precision')
        .addColumn('budget_amount', 'bigint', (c) => c.notNull())
        .addColumn('budget_currency', 'text', (c) => c.notNull())
        .addColumn('jobs_planned', 'integer', (c) => c.notNull())
        .addColumn('jobs_created', 'integer', (c) => c.notNull())
        .addColumn('local_content_planned_bp', 'integer', (c) => c.notNull())
        .addColumn('local_content_reached_bp', 'integer', (c) => c.notNull()),
    ),
  ).execute();
  await db.schema.createIndex('industrial_project_newest').on('industrial_project').columns(['created_at', 'id']).execute();
  await db.schema
    .createIndex('industrial_project_by_owner_newest')
    .on('industrial_project')
    .columns(['owner_party', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('industrial_partner')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('share_bp', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('industrial_partner_by_project')
    .on('industrial_partner')
    .columns(['project_id', 'position'])
    .execute();

  // A partner's commitment: labelled on its own, its owner the partner's party.
  await versioned(
    labelled(
      db.schema
        .createTable('industrial_commitment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
        .addColumn('partner_id', 'text', (c) => c.notNull().references('industrial_partner.id'))
        .addColumn('what', 'text', (c) => c.notNull())
        .addColumn('contribution_amount', 'bigint')
        .addColumn('contribution_currency', 'text')
        .addColumn('jobs', 'integer')
        .addColumn('due_by', 'text'),
    ),
  ).execute();
  await db.schema.createIndex('industrial_commitment_by_project').on('industrial_commitment').columns(['project_id']).execute();

  await db.schema
    .createTable('industrial_milestone')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('actual_on', 'text')
    .addColumn('target_bp', 'integer')
    .addColumn('reached_bp', 'integer')
    .execute();
  await db.schema.createIndex('industrial_milestone_by_project').on('industrial_milestone').columns(['project_id']).execute();

  // Deliberately written out like 0013's tables, not shared with it: a past migration is frozen history.
  await db.schema
    .createTable('industrial_transfer')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('from_whom', 'text', (c) => c.notNull())
    .addColumn('to_whom', 'text', (c) => c.notNull())
    .addColumn('planned_on', 'text', (c) => c.notNull())
    .addColumn('accepted_on', 'text')
    .execute();
  await db.schema.createIndex('industrial_transfer_by_project').on('industrial_transfer').columns(['project_id']).execute();

  await db.schema
    .createTable('industrial_project_programme')
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('programme_id', 'text', (c) => c.notNull().references('programme.id'))
    .addPrimaryKeyConstraint('industrial_project_programme_pk', ['project_id', 'programme_id'])
    .execute();
  await db.schema
    .createIndex('industrial_project_programme_by_programme')
    .on('industrial_project_programme')
    .columns(['programme_id'])
    .execute();

  // Every move, with who, when and why: the project's history.
  await serial(db.schema.createTable('industrial_project_event'), 'id')
    .addColumn('project_id', 'text', (c) => c.notNull().references('industrial_project.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .execute();
  await db.schema
    .createIndex('industrial_project_event_by_project')
    .on('industrial_project_event')
    .columns(['project_id', 'id'])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'industrial_project_event',
    'industrial_project_programme',
    'industrial_transfer',
    'industrial_milestone',
    'industrial_commitment',
    'industrial_partner',
    'industrial_project',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
