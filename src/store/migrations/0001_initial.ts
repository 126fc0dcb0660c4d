import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import { labelled, type MigrationDb, serialOn, versioned } from './schema-as-written.js';

export async function up(db: MigrationDb): Promise<void> {
  const pg = isPostgres(db);
  const serial = serialOn(db);

  await db.schema
    .createTable('party')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bit', 'integer', (c) => c.notNull().unique().check(sql`bit >= 0 and bit < 53`))
    .execute();
  await db.schema
    .createTable('compartment')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bit', 'integer', (c) => c.notNull().unique().check(sql`bit >= 0 and bit < 53`))
    .execute();
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('clearance', 'integer', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('user_session')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('api_token')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await serial(db.schema.createTable('login_failure'), 'id')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_failure_by_user').on('login_failure').columns(['username', 'at']).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('source')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('publisher', 'text')
        .addColumn('url', 'text')
        .addColumn('published_on', 'text')
        .addColumn('excerpt', 'text'),
    ),
  ).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('commission')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('parties', 'text', (c) => c.notNull())
        .addColumn('classification_table', 'text', (c) => c.notNull()),
    ),
  ).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('commission_session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('commission_id', 'text', (c) => c.notNull().references('commission.id'))
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('place', 'text', (c) => c.notNull())
        .addColumn('host_party', 'text', (c) => c.notNull().references('party.code'))
        .addColumn('delegations', 'text', (c) => c.notNull())
        .addColumn('minutes', 'text')
        .addColumn('source_id', 'text', (c) => c.references('source.id'))
        .addUniqueConstraint('session_number_unique', ['commission_id', 'number']),
    ),
  ).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('work_plan')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('commission_id', 'text', (c) => c.notNull().references('commission.id'))
        .addColumn('session_id', 'text', (c) => c.references('commission_session.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('period_end', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.references('source.id')),
    ),
  ).execute();
  await db.schema.createIndex('work_plan_by_commission').on('work_plan').columns(['commission_id']).execute();

  await db.schema
    .createTable('plan_approval')
    .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
    .addColumn('party', 'text', (c) => c.notNull().references('party.code'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_approval_pk', ['plan_id', 'party'])
    .execute();

  await versioned(
    labelled(
      db.schema
        .createTable('activity')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
        .addColumn('ref_code', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('domain', 'text', (c) => c.notNull())
        .addColumn('lead_party', 'text', (c) => c.notNull().references('party.code'))
        .addColumn('participating_parties', 'text', (c) => c.notNull())
        .addColumn('lead_organisation_id', 'text', (c) => c.references('organisation.id'))
        .addColumn('location', 'text')
        .addColumn('planned_start', 'text', (c) => c.notNull())
        .addColumn('planned_end', 'text', (c) => c.notNull())
        .addColumn('planned_precision', 'text', (c) => c.notNull())
        .addColumn('actual_start', 'text')
        .addColumn('actual_end', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('postponements', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('priority', 'integer', (c) => c.notNull().check(sql`priority between 1 and 3`))
        .addColumn('owner_user_id', 'text', (c) => c.references('app_user.id'))
        .addColumn('source_id', 'text', (c) => c.references('source.id'))
        .addUniqueConstraint('activity_ref_code_unique', ['plan_id', 'ref_code']),
    ),
  ).execute();
  // Each list order and filter of the plan table reads one of these in order,
  // so a page of 50 stops after about 50 readable rows.
  for (const [name, cols] of [
    ['activity_by_status', ['plan_id', 'status', 'ref_code']],
    ['activity_by_domain', ['plan_id', 'domain', 'ref_code']],
    ['activity_by_lead', ['plan_id', 'lead_party', 'ref_code']],
    ['activity_by_start', ['plan_id', 'planned_start', 'ref_code']],
    ['activity_by_priority', ['plan_id', 'priority', 'ref_code']],
    ['activity_by_updated', ['plan_id', 'updated_at', 'ref_code']],
  ] as const) {
    await db.schema
      .createIndex(name)
      .on('activity')
      .columns([...cols])
      .execute();
  }

  await versioned(
    labelled(
      db.schema
        .createTable('follow_up')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.references('app_user.id'))
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text'),
    ),
  ).execute();
  await db.schema.createIndex('follow_up_by_activity').on('follow_up').columns(['activity_id', 'created_at']).execute();

  await versioned(
    labelled(
      db.schema
        .createTable('objective')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull().references('work_plan.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull()),
    ),
  ).execute();
  await db.schema
    .createTable('activity_objective')
    .addColumn('activity_id', 'text', (c) => c.notNull().references('activity.id').onDelete('cascade'))
    .addColumn('objective_id', 'text', (c) => c.notNull().references('objective.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('activity_objective_pk', ['activity_id', 'objective_id'])
    .execute();

  await serial(db.schema.createTable('search_entry'), 'id')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull().unique())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
  if (pg) {
    await sql`create index search_entry_fts on search_entry using gin (to_tsvector('simple', body))`.execute(db);
  } else {
    // External-content FTS5 index kept in step with search_entry by triggers.
    await sql`create virtual table search_fts using fts5(body, content='search_entry', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    );
    await sql`create trigger search_entry_ai after insert on search_entry begin
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
    await sql`create trigger search_entry_ad after delete on search_entry begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body); end`.execute(db);
    await sql`create trigger search_entry_au after update on search_entry begin
      insert into search_fts(search_fts, rowid, body) values ('delete', old.id, old.body);
      insert into search_fts(rowid, body) values (new.id, new.body); end`.execute(db);
  }

  // The audit log keeps its labels without foreign keys: a failed login by an
  // unknown name has no party, and entries must outlive what they describe.
  await db.schema
    .createTable('audit_entry')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_party', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text')
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_by_entity').on('audit_entry').columns(['entity_id', 'seq']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  const tables = [
    'audit_entry',
    'search_entry',
    'activity_objective',
    'objective',
    'follow_up',
    'activity',
    'plan_approval',
    'work_plan',
    'commission_session',
    'commission',
    'source',
    'login_failure',
    'api_token',
    'user_session',
    'app_user',
    'organisation',
    'compartment',
    'party',
  ];
  if (!isPostgres(db)) await sql`drop table if exists search_fts`.execute(db);
  for (const t of tables) await db.schema.dropTable(t).ifExists().execute();
}
