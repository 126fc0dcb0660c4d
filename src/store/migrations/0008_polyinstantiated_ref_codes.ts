import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import type { MigrationDb } from './schema-as-written.js';

const LABEL = ['owner_party', 'classification', 'releasable_mask', 'compartment_mask'];
const quoted = (cols: string[]) => cols.map((c) => `"${c}"`).join(', ');
const REVISION_KEY_BEFORE = ['plan_id', 'number', 'ref_code'];
const REVISION_KEY_AFTER = [...REVISION_KEY_BEFORE, ...LABEL];

/**
 * SQLite cannot drop a table constraint: the table is made again with the
 * constraint edited and its rows, indexes and triggers carried over (the
 * procedure SQLite documents for ALTER TABLE). Foreign keys are off meanwhile
 * so that dropping the old table cascades to nothing; they are checked before
 * the change is committed.
 */
async function remakeSqliteTable(db: MigrationDb, table: string, edit: (createSql: string) => string) {
  const { rows } = await sql<{ type: string; sql: string }>`
    select type, sql from sqlite_master where tbl_name = ${table} and sql is not null`.execute(db);
  const create = rows.find((r) => r.type === 'table')?.sql ?? '';
  const edited = edit(create);
  if (!create || edited === create) throw new Error(`The schema of ${table} is not the one this migration changes`);
  const next = `${table}_next`;
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(edited.replace(`CREATE TABLE "${table}"`, `CREATE TABLE "${next}"`)).execute(trx);
      await sql.raw(`insert into "${next}" select * from "${table}"`).execute(trx);
      await sql.raw(`drop table "${table}"`).execute(trx);
      await sql.raw(`alter table "${next}" rename to "${table}"`).execute(trx);
      for (const r of rows.filter((x) => x.type !== 'table')) await sql.raw(r.sql).execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length) throw new Error(`Remaking ${table} would break ${broken.rows.length} references`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

/**
 * Reference codes are polyinstantiated (docs/polyinstantiation.md): a code is
 * unique among the activities of a plan at the same label, not in the whole
 * plan, so that taking a code never answers differently because an activity
 * the writer cannot read holds it. Frozen revisions key their activities the
 * same way, and session numbers are unique per label in their commission. Follow-ups partners wrote are released to the activity's owner,
 * which now always reads what is attached to its activities.
 */
export async function up(db: MigrationDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table activity drop constraint activity_ref_code_unique`.execute(db);
    await sql`alter table commission_session drop constraint session_number_unique`.execute(db);
    await sql`alter table revision_activity drop constraint revision_activity_pk`.execute(db);
    await sql
      .raw(`alter table revision_activity add constraint revision_activity_pk primary key (${quoted(REVISION_KEY_AFTER)})`)
      .execute(db);
  } else {
    await remakeSqliteTable(db, 'activity', (s) =>
      s.replace(/, constraint "activity_ref_code_unique" unique \("plan_id", "ref_code"\)/, ''),
    );
    await remakeSqliteTable(db, 'revision_activity', (s) =>
      s.replace(`primary key (${quoted(REVISION_KEY_BEFORE)})`, `primary key (${quoted(REVISION_KEY_AFTER)})`),
    );
    await remakeSqliteTable(db, 'commission_session', (s) =>
      s.replace(/, constraint "session_number_unique" unique \("commission_id", "number"\)/, ''),
    );
  }
  await db.schema
    .createIndex('session_number_by_label')
    .on('commission_session')
    .columns(['commission_id', 'number', ...LABEL])
    .unique()
    .execute();
  await db.schema
    .createIndex('activity_ref_code_by_label')
    .on('activity')
    .columns(['plan_id', 'ref_code', ...LABEL])
    .unique()
    .execute();
  await sql`
    update follow_up
    set releasable_mask = releasable_mask | (
      select cast(1 as bigint) << p.bit from activity a join party p on p.code = a.owner_party where a.id = follow_up.activity_id)
    where owner_party <> (select a.owner_party from activity a where a.id = follow_up.activity_id)`.execute(db);
}

/** Fails, as it should, once two activities of a plan share a code. */
export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex('activity_ref_code_by_label').execute();
  await db.schema.dropIndex('session_number_by_label').execute();
  if (isPostgres(db)) {
    await sql`alter table commission_session add constraint session_number_unique unique (commission_id, number)`.execute(db);
    await sql`alter table revision_activity drop constraint revision_activity_pk`.execute(db);
    await sql
      .raw(`alter table revision_activity add constraint revision_activity_pk primary key (${quoted(REVISION_KEY_BEFORE)})`)
      .execute(db);
    await sql`alter table activity add constraint activity_ref_code_unique unique (plan_id, ref_code)`.execute(db);
    return;
  }
  await remakeSqliteTable(db, 'commission_session', (s) =>
    s.replace(/\)$/, ', constraint "session_number_unique" unique ("commission_id", "number"))'),
  );
  await remakeSqliteTable(db, 'revision_activity', (s) =>
    s.replace(`primary key (${quoted(REVISION_KEY_AFTER)})`, `primary key (${quoted(REVISION_KEY_BEFORE)})`),
  );
  await remakeSqliteTable(db, 'activity', (s) =>
    s.replace(/\)$/, ', constraint "activity_ref_code_unique" unique ("plan_id", "ref_code"))'),
  );
}
