import type { MigrationDb } from './schema-as-written.js';

/**
 * Raising a user's clearance or adding compartments waits for a security
 * officer of the user's party to confirm it (two-person rule): the request is
 * kept here until then, with who asked and who decided.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('clearance_request')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('party', 'text', (c) => c.notNull())
    // The level asked for, or null when only compartments are added.
    .addColumn('clearance', 'integer')
    // The compartments to add; those the user already holds stay.
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('requested_by', 'text', (c) => c.notNull().references('app_user.id'))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decided_by', 'text', (c) => c.references('app_user.id'))
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('clearance_request_by_party').on('clearance_request').columns(['party', 'status']).execute();
  await db.schema.createIndex('clearance_request_by_user').on('clearance_request').columns(['user_id', 'status']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable('clearance_request').execute();
}
