import { sql } from 'kysely';
import type { MigrationDb } from './schema-as-written.js';

/**
 * The first version of a plan whose approvals count (`approvals_from`): the version it was proposed at, raised to
 * the next one by each change of its content while proposed. A partner's approval received from its own
 * installation names the version of the copy it approved, and counts toward the plan's status only from there
 * to the plan's version now (app/plan-approvals.ts). A plan written before is taken as counting from the version
 * it is at.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('work_plan')
    .addColumn('approvals_from', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await sql`update work_plan set approvals_from = version`.execute(db);
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable('work_plan').dropColumn('approvals_from').execute();
}
