import {
  type DatabaseIntrospector,
  type Migration,
  type MigrationProvider,
  Migrator,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';
import { isPostgres } from './dialect.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_review_loop.js';
import * as m0003 from './migrations/0003_reminders.js';
import * as m0004 from './migrations/0004_agenda_references.js';
import * as m0005 from './migrations/0005_results_maintenance.js';
import * as m0006 from './migrations/0006_user_version.js';
import * as m0007 from './migrations/0007_clearance_requests.js';
import * as m0008 from './migrations/0008_polyinstantiated_ref_codes.js';
import * as m0009 from './migrations/0009_sign_in_throttle.js';
import * as m0010 from './migrations/0010_audit_signature.js';
import * as m0011 from './migrations/0011_agenda_outcome.js';
import * as m0012 from './migrations/0012_plan_joint_decisions.js';
import * as m0013 from './migrations/0013_programmes.js';
import * as m0014 from './migrations/0014_evaluations.js';
import * as m0015 from './migrations/0015_auth_change_notices.js';
import * as m0016 from './migrations/0016_programme_list_order.js';
import * as m0017 from './migrations/0017_industrial_projects.js';
import * as m0018 from './migrations/0018_offsets.js';
import * as m0019 from './migrations/0019_search_terms.js';
import * as m0020 from './migrations/0020_watchers_and_mail.js';
import * as m0021 from './migrations/0021_evaluation_label.js';
import * as m0022 from './migrations/0022_industrial_follow_ups.js';
import * as m0023 from './migrations/0023_exchange_state.js';
import * as m0024 from './migrations/0024_saved_queries.js';
import * as m0025 from './migrations/0025_offset_credit_totals.js';
import * as m0026 from './migrations/0026_partner_left_at.js';
import * as m0027 from './migrations/0027_exchange_releases_and_approvals.js';
import * as m0028 from './migrations/0028_indicator_frequency_and_audit_filters.js';
import * as m0029 from './migrations/0029_exchange_bundle_records.js';
import * as m0031 from './migrations/0031_partner_approval_versions.js';
import * as m0032 from './migrations/0032_activity_dependencies.js';
import * as m0034 from './migrations/0034_exchange_rate_by_date.js';
import * as m0035 from './migrations/0035_industrial_measurements.js';
import * as m0036 from './migrations/0036_former_partner_kept_for_commitments.js';
import * as m0037 from './migrations/0037_plan_rollover.js';
import * as m0038 from './migrations/0038_user_language.js';
import * as m0040 from './migrations/0040_offset_obligation_totals.js';
import * as m0041 from './migrations/0041_plan_approvals_from.js';
import * as m0044 from './migrations/0044_exchange_withdrawn_approvals.js';
import * as m0046 from './migrations/0046_exchange_received_records.js';
import * as m0047 from './migrations/0047_offset_reader_sums.js';
import type { MigrationDb } from './migrations/schema-as-written.js';
import { ensureSearchIndex } from './search-index.js';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_review_loop': m0002,
  '0003_reminders': m0003,
  '0004_agenda_references': m0004,
  '0005_results_maintenance': m0005,
  '0006_user_version': m0006,
  '0007_clearance_requests': m0007,
  '0008_polyinstantiated_ref_codes': m0008,
  '0009_sign_in_throttle': m0009,
  '0010_audit_signature': m0010,
  '0011_agenda_outcome': m0011,
  '0012_plan_joint_decisions': m0012,
  '0013_programmes': m0013,
  '0014_evaluations': m0014,
  '0015_auth_change_notices': m0015,
  '0016_programme_list_order': m0016,
  '0017_industrial_projects': m0017,
  '0018_offsets': m0018,
  '0019_search_terms': m0019,
  '0020_watchers_and_mail': m0020,
  '0021_evaluation_label': m0021,
  '0022_industrial_follow_ups': m0022,
  '0023_exchange_state': m0023,
  '0024_saved_queries': m0024,
  '0025_offset_credit_totals': m0025,
  '0026_partner_left_at': m0026,
  '0027_exchange_releases_and_approvals': m0027,
  '0028_indicator_frequency_and_audit_filters': m0028,
  '0029_exchange_bundle_records': m0029,
  '0031_partner_approval_versions': m0031,
  '0032_activity_dependencies': m0032,
  '0034_exchange_rate_by_date': m0034,
  '0035_industrial_measurements': m0035,
  '0036_former_partner_kept_for_commitments': m0036,
  '0037_plan_rollover': m0037,
  '0038_user_language': m0038,
  '0040_offset_obligation_totals': m0040,
  '0041_plan_approvals_from': m0041,
  '0044_exchange_withdrawn_approvals': m0044,
  '0046_exchange_received_records': m0046,
  '0047_offset_reader_sums': m0047,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * What kysely's migrator asks of a PostgreSQL database before it migrates (does its schema, do its bookkeeping
 * tables exist), answered of the schema the migrations run in alone. Kysely's own introspector reads every column
 * of every schema of the server and names each schema back to PostgreSQL (`has_schema_privilege(name, …)`): a
 * schema another database on the same server drops meanwhile (a test run's, a tenant's) makes that read fail with
 * "schema … does not exist", and the migration with it.
 */
class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(
    private readonly db: MigrationDb,
    private readonly schema: string,
  ) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_namespace where nspname = ${this.schema}`.execute(
      this.db,
    );
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; type: string }>`
      select table_name as name, table_type as type from information_schema.tables where table_schema = ${this.schema}`.execute(
      this.db,
    );
    return rows.map((r) => ({ name: r.name, schema: this.schema, isView: r.type === 'VIEW', columns: [] }));
  }

  async getMetadata() {
    return { tables: await this.getTables() };
  }
}

/** `db` as the migrator sees it: the same database, with `introspection` answered by `introspector`. */
function withIntrospector(db: MigrationDb, introspector: DatabaseIntrospector): MigrationDb {
  return new Proxy(db, {
    get(target, key) {
      if (key === 'introspection') return introspector;
      const value = Reflect.get(target, key, target);
      // Kysely's methods read private fields: they run on the database itself, not on this view of it.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Brings the database to the latest schema; returns the names applied now. */
export async function migrateToLatest(db: MigrationDb): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema it can see; name
  // ours, and look in ours alone, so that databases sharing a PostgreSQL server
  // never mistake another schema's tables for their own nor fail as another's is dropped.
  const schema = isPostgres(db) ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: schema ? withIntrospector(db, new OwnSchemaIntrospector(db, schema)) : db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  // Records written before the search terms last changed are indexed anew in today's terms.
  await ensureSearchIndex(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
