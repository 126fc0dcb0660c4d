import { type Kysely, sql } from 'kysely';
import { type AuditFields, GENESIS_HASH, hashAuditEntry, verifyChain } from '../domain/audit-chain.js';
import type { AuditEntryRow, Database, LabelColumns } from './database.js';
import { isPostgres } from './dialect.js';

export type NewAuditEntry = Omit<AuditFields, 'seq' | 'prev_hash'>;

// Any constant works; it names the lock that serialises appends to the chain.
const AUDIT_CHAIN_LOCK = 73_531;

/**
 * Appends entries to the hash chain inside the caller's transaction. On
 * PostgreSQL an advisory lock held until commit keeps concurrent writers from
 * forking the chain; on SQLite the write lock of BEGIN IMMEDIATE does.
 */
export async function appendAudit(trx: Kysely<Database>, entries: NewAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const head = await trx.selectFrom('audit_entry').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? GENESIS_HASH;
  const rows = entries.map((e) => {
    const fields: AuditFields = { ...e, seq: ++seq, prev_hash: prev };
    prev = hashAuditEntry(fields);
    return { ...fields, hash: prev };
  });
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('audit_entry')
      .values(rows.slice(i, i + 500))
      .execute();
}

export type ChainAnchor = { seq: number; hash: string };

/**
 * Walks the whole chain in pages; reports the first bad entry if any. The
 * chain alone cannot show that entries were cut from its end: `anchor`, a
 * head recorded earlier (`jointplan audit head`), must still be in it.
 */
export async function verifyAuditChain(
  db: Kysely<Database>,
  onProgress?: (done: number, total: number) => void,
  anchor?: ChainAnchor,
) {
  const total = Number(
    (
      await db
        .selectFrom('audit_entry')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  let prev = { seq: 0, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const page = await db.selectFrom('audit_entry').selectAll().where('seq', '>', prev.seq).orderBy('seq').limit(5000).execute();
    if (page.length === 0) break;
    const result = verifyChain(page, prev);
    if (!result.ok) return result;
    const anchored = anchor && page.find((e) => e.seq === anchor.seq);
    if (anchored && anchored.hash !== anchor.hash)
      return {
        ok: false as const,
        first: { seq: anchor.seq, problem: 'differs from the head recorded earlier (chain rewritten)' },
      };
    prev = result.last;
    count += result.count;
    onProgress?.(count, total);
  }
  if (anchor && prev.seq < anchor.seq)
    return {
      ok: false as const,
      first: { seq: anchor.seq, problem: `missing: the chain ends at entry ${prev.seq} (entries removed from its end)` },
    };
  return { ok: true as const, count, head: prev };
}

export type AuditRow = AuditEntryRow;
export type { LabelColumns };
