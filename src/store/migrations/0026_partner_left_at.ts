import { sql } from 'kysely';
import type { MigrationDb } from './schema-as-written.js';

/**
 * A partner that left an industrial project is kept with the day and time it
 * left (`left_at`), instead of at a position below zero, so that the project's
 * page can list its former partners, when each left and the commitments each
 * keeps. A partner that left before this is given the time of the partners
 * change that removed it (the audit entry naming it among those `removed`), or,
 * failing that, the project's last change.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('industrial_partner').addColumn('left_at', 'text').execute();
  await sql`
    update industrial_partner set left_at = coalesce(
      (select max(a.at) from audit_entry a
        where a.entity_type = 'industrial_project' and a.entity_id = industrial_partner.project_id
          and a.action = 'industrial_project.partners'
          and a.detail like ('%"removed":[%"' || industrial_partner.id || '"%')),
      (select p.updated_at from industrial_project p where p.id = industrial_partner.project_id)),
      "position" = 0
    where "position" < 0`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await sql`update industrial_partner set "position" = -1 where left_at is not null`.execute(db);
  await db.schema.alterTable('industrial_partner').dropColumn('left_at').execute();
}
