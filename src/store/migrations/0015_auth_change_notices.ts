import { sql } from 'kysely';
import { isPostgres } from '../dialect.js';
import type { MigrationDb } from './schema-as-written.js';

/**
 * On PostgreSQL, every change to what an account, an API token or a sign-in
 * session lets in notifies the channel `jointplan_auth` from the writing
 * transaction, whatever wrote it (a use case, the command line, an operator's
 * SQL): server processes keep what tokens and sessions resolve to in memory,
 * and forget it when they hear this. A token's last use is no such change. The
 * payload is the schema, so that databases sharing a server tell theirs apart.
 * SQLite gets nothing: its server processes read every request's token afresh.
 */
export async function up(db: MigrationDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`create function jointplan_auth_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('jointplan_auth', tg_table_schema);
      return null;
    end $$`.execute(db);
  await sql`create trigger api_token_auth_changed after update on api_token for each row
    when ((old.token_hash, old.user_id, old.revoked_at) is distinct from (new.token_hash, new.user_id, new.revoked_at))
    execute function jointplan_auth_changed()`.execute(db);
  for (const table of ['app_user', 'user_session']) {
    await sql`create trigger ${sql.id(`${table}_auth_changed`)} after update on ${sql.table(table)} for each row
      when (old.* is distinct from new.*) execute function jointplan_auth_changed()`.execute(db);
  }
  for (const table of ['api_token', 'app_user', 'user_session']) {
    await sql`create trigger ${sql.id(`${table}_auth_deleted`)} after delete on ${sql.table(table)}
      for each row execute function jointplan_auth_changed()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_auth_truncated`)} after truncate on ${sql.table(table)}
      for each statement execute function jointplan_auth_changed()`.execute(db);
  }
}

export async function down(db: MigrationDb): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`drop function jointplan_auth_changed() cascade`.execute(db);
}
