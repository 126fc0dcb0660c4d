import type { MigrationDb } from './schema-as-written.js';

/**
 * What the sovereign exchange keeps between bundles (docs/exchange.md).
 *
 * - `exchange_key`: the keyring: this installation's own public keys and the partners' trusted
 *   keys, each with its fingerprint and what key statements did to it (rotated out, revoked);
 *   `exchange_key_statement` keeps every statement applied, as it came.
 * - `exchange_outbound` / `exchange_sent`: per recipient, the last bundle sent and the last one the
 *   recipient acknowledged; each bundle sent with the time its records were read up to, so that
 *   the next bundle holds the changes since the last acknowledged one.
 * - `exchange_inbound` / `exchange_checkpoint` / `exchange_received`: per sender, the high-water mark
 *   (last sequence, bundle id and hash, audit checkpoint), every checkpoint received, and every
 *   bundle applied with its per-record report.
 * - `exchange_refusal`: every bundle refused, with its code.
 * - `exchange_record`: the read-only copies of partners' records: the originator's label as it came,
 *   and in the label columns the local equivalent the read rule uses.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('exchange_key')
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('use', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('installation', 'text', (c) => c.notNull())
    .addColumn('party', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('expires', 'text', (c) => c.notNull())
    .addColumn('own', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rotated_out_at', 'text')
    .addColumn('replaced_by', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_key_pk', ['key_id', 'use'])
    .execute();
  await db.schema
    .createTable('exchange_key_statement')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('exchange_outbound')
    .addColumn('recipient_installation', 'text', (c) => c.primaryKey())
    .addColumn('recipient_party', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'bigint', (c) => c.notNull())
    .addColumn('last_bundle_id', 'text', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .addColumn('last_sent_at', 'text', (c) => c.notNull())
    .addColumn('acked_sequence', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('acked_hash', 'text')
    .addColumn('acked_at', 'text')
    .execute();
  await db.schema
    .createTable('exchange_sent')
    .addColumn('recipient_installation', 'text', (c) => c.notNull())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('bundle_hash', 'text', (c) => c.notNull())
    .addColumn('since', 'text')
    .addColumn('upto', 'text', (c) => c.notNull())
    .addColumn('records', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_sent_pk', ['recipient_installation', 'sequence'])
    .execute();
  await db.schema
    .createTable('exchange_inbound')
    .addColumn('sender_installation', 'text', (c) => c.primaryKey())
    .addColumn('sender_party', 'text', (c) => c.notNull())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('bundle_hash', 'text', (c) => c.notNull())
    .addColumn('checkpoint_size', 'bigint', (c) => c.notNull())
    .addColumn('checkpoint_head', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('exchange_checkpoint')
    .addColumn('sender_installation', 'text', (c) => c.notNull())
    .addColumn('tree_size', 'bigint', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_checkpoint_pk', ['sender_installation', 'tree_size'])
    .execute();
  await db.schema
    .createTable('exchange_received')
    .addColumn('bundle_id', 'text', (c) => c.primaryKey())
    .addColumn('sender_installation', 'text', (c) => c.notNull())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('bundle_hash', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('exchange_refusal')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('sender_installation', 'text')
    .addColumn('bundle_id', 'text')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exchange_refusal_by_time').on('exchange_refusal').columns(['at']).execute();
  await db.schema
    .createTable('exchange_record')
    .addColumn('originator_installation', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('originator_label', 'text', (c) => c.notNull())
    .addColumn('local_level', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('releasable_mask', 'bigint', (c) => c.notNull())
    .addColumn('compartment_mask', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exchange_record_pk', ['originator_installation', 'kind', 'id'])
    .execute();
  await db.schema.createIndex('exchange_record_by_parent').on('exchange_record').columns(['kind', 'parent_id']).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const t of [
    'exchange_record',
    'exchange_refusal',
    'exchange_received',
    'exchange_checkpoint',
    'exchange_inbound',
    'exchange_sent',
    'exchange_outbound',
    'exchange_key_statement',
    'exchange_key',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
