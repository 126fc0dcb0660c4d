import { readableBy, type StoreReader } from './access.js';
import type { Db } from './db.js';
import { COPY_REFRESHED } from './exchange-record.repo.js';

/** The columns of a copy kept as they were (its key within its originator's, and all a refresh writes); its parent is the plan approved. */
const KEPT = [
  'originator_installation' as const,
  'id' as const,
  ...COPY_REFRESHED.filter((c): c is Exclude<(typeof COPY_REFRESHED)[number], 'parent_id'> => c !== 'parent_id'),
];

/**
 * Keeps, before their copies are removed, the partner's approvals a bundle's withdrawal lines take back
 * (`exchange_withdrawn_approval`, migration 0044): each copy as it was, with the time of the import and the
 * bundle that withdrew it. Only approvals, of the sender's own, are kept; other withdrawals are left alone.
 */
export async function keepWithdrawnApprovals(
  db: Db,
  originator: string,
  withdrawn: readonly { kind: string; id: string }[],
  bundleId: string,
  at: string,
): Promise<void> {
  const ids = withdrawn.filter((w) => w.kind === 'approval').map((w) => w.id);
  if (ids.length === 0) return;
  await db
    .insertInto('exchange_withdrawn_approval')
    .columns([...KEPT, 'plan_id', 'withdrawn_at', 'withdrawn_bundle_id'])
    .expression((eb) =>
      eb
        .selectFrom('exchange_record')
        .select([...KEPT, 'parent_id'])
        .select((e) => [e.val(at).as('withdrawn_at'), e.val(bundleId).as('withdrawn_bundle_id')])
        .where('originator_installation', '=', originator)
        .where('kind', '=', 'approval')
        .where('id', 'in', [...new Set(ids)])
        .where('parent_id', 'is not', null),
    )
    // One bundle withdrawing the same approval twice keeps it once.
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The partners' approvals of the listed plans withdrawn since they were received, that the reader may read, oldest first. */
export function withdrawnApprovals(db: Db, reader: StoreReader, planIds: readonly string[]) {
  if (planIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('exchange_withdrawn_approval')
    .selectAll()
    .where(readableBy(reader, 'exchange_withdrawn_approval'))
    .where('plan_id', 'in', [...planIds])
    .orderBy('withdrawn_at')
    .orderBy('id')
    .execute();
}
