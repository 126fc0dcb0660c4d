import type { MigrationDb } from './schema-as-written.js';

/** Rows written per statement: 9 columns a row, within the parameter limits of both databases. */
const CHUNK = 500;

/**
 * What an import did with each record of a bundle, one row per line of the bundle, in its order: the
 * report was one JSON document (`exchange_received.report`) holding every record, which an import of
 * 100,000 activities built in memory and every view of the officer's page parsed whole. A row is
 * labelled as its record's copy was here when the bundle was applied (the copy withdrawn: the label it
 * had), and read by the same rule; a withdrawal of a record never held has no label and no one reads it.
 *
 * The reports already kept move here, each record labelled as its copy is now (one withdrawn since, or
 * never held, unlabelled), and the JSON keeps the rest of the report but its counts, which are read from
 * the rows under the read rule.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable('exchange_received_record')
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('owner_party', 'text')
    .addColumn('classification', 'integer')
    .addColumn('releasable_mask', 'bigint')
    .addColumn('compartment_mask', 'bigint')
    .addPrimaryKeyConstraint('exchange_received_record_pk', ['bundle_id', 'position'])
    .execute();

  // One report at a time, by bundle id: a report of 100,000 records is some 5 MB of JSON.
  for (let after = ''; ; ) {
    const received: { bundle_id: string; sender_installation: string; report: string } | undefined = await db
      .selectFrom('exchange_received')
      .select(['bundle_id', 'sender_installation', 'report'])
      .where('bundle_id', '>', after)
      .orderBy('bundle_id')
      .limit(1)
      .executeTakeFirst();
    if (!received) break;
    after = received.bundle_id;
    const {
      records = [],
      counts: _counts,
      ...rest
    } = JSON.parse(received.report) as {
      records?: { kind: string; id: string; action: string }[];
      counts?: unknown;
    };
    for (let start = 0; start < records.length; start += CHUNK) {
      const part = records.slice(start, start + CHUNK);
      const copies: {
        kind: string;
        id: string;
        owner_party: string;
        classification: number;
        releasable_mask: number;
        compartment_mask: number;
      }[] = await db
        .selectFrom('exchange_record')
        .select(['kind', 'id', 'owner_party', 'classification', 'releasable_mask', 'compartment_mask'])
        .where('originator_installation', '=', received.sender_installation)
        .where(
          'id',
          'in',
          part.map((r) => r.id),
        )
        .execute();
      const labels = new Map(copies.map((c) => [`${c.kind}:${c.id}`, c]));
      await db
        .insertInto('exchange_received_record')
        .values(
          part.map((r, i) => {
            const copy = r.action === 'withdrawn' || r.action === 'not_held' ? undefined : labels.get(`${r.kind}:${r.id}`);
            return {
              bundle_id: received.bundle_id,
              position: start + i,
              kind: r.kind,
              record_id: r.id,
              action: r.action,
              owner_party: copy?.owner_party ?? null,
              classification: copy?.classification ?? null,
              releasable_mask: copy?.releasable_mask ?? null,
              compartment_mask: copy?.compartment_mask ?? null,
            };
          }),
        )
        .execute();
    }
    await db
      .updateTable('exchange_received')
      .set({ report: JSON.stringify(rest) })
      .where('bundle_id', '=', received.bundle_id)
      .execute();
  }
}

/** Puts each report's records back in its JSON, counted, as they were kept before. */
export async function down(db: MigrationDb): Promise<void> {
  for (let after = ''; ; ) {
    const received: { bundle_id: string; report: string } | undefined = await db
      .selectFrom('exchange_received')
      .select(['bundle_id', 'report'])
      .where('bundle_id', '>', after)
      .orderBy('bundle_id')
      .limit(1)
      .executeTakeFirst();
    if (!received) break;
    after = received.bundle_id;
    const records: { kind: string; id: string; action: string }[] = (
      await db
        .selectFrom('exchange_received_record')
        .select(['kind', 'record_id', 'action'])
        .where('bundle_id', '=', received.bundle_id)
        .orderBy('position')
        .execute()
    ).map((r: { kind: string; record_id: string; action: string }) => ({ kind: r.kind, id: r.record_id, action: r.action }));
    const counts: Record<string, number> = { created: 0, updated: 0, unchanged: 0, withdrawn: 0, not_held: 0 };
    for (const r of records) counts[r.action] = (counts[r.action] ?? 0) + 1;
    const report = { ...(JSON.parse(received.report) as object), records, counts };
    await db
      .updateTable('exchange_received')
      .set({ report: JSON.stringify(report) })
      .where('bundle_id', '=', received.bundle_id)
      .execute();
  }
  await db.schema.dropTable('exchange_received_record').ifExists().execute();
}
