import type { MigrationDb } from './schema-as-written.js';

/**
 * Indicators say how often they are measured (monthly, quarterly,
 * half-yearly, yearly or once, at the target date); those written before
 * were measured yearly.
 *
 * And the audit viewer's filters by acting account, action, record and time
 * each walk an index instead of the whole log: by account and by action with
 * the sequence after them, so that the newest page of one account's or one
 * action's entries is read in order; by time alone. The filter by record
 * already has its index (`audit_by_entity`, migration 0001).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable('indicator')
    .addColumn('frequency', 'text', (c) => c.notNull().defaultTo('yearly'))
    .execute();
  await db.schema.createIndex('audit_by_actor').on('audit_entry').columns(['actor_id', 'seq']).execute();
  await db.schema.createIndex('audit_by_action').on('audit_entry').columns(['action', 'seq']).execute();
  await db.schema.createIndex('audit_by_type').on('audit_entry').columns(['entity_type', 'seq']).execute();
  await db.schema.createIndex('audit_by_time').on('audit_entry').columns(['at']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const index of ['audit_by_time', 'audit_by_type', 'audit_by_action', 'audit_by_actor'])
    await db.schema.dropIndex(index).execute();
  await db.schema.alterTable('indicator').dropColumn('frequency').execute();
}
