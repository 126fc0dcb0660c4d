import { readableBy, type StoreReader } from './access.js';
import type { Db } from './db.js';

/**
 * A partner's plan received here and what came with it, each by the read rule over the local
 * equivalent of its label: the copy of the plan, its activities the reader may read, and the
 * follow-ups of those activities the reader may read (one of an activity not shown is not shown).
 * Found through the index of copies by kind and parent. Empty when the plan may not be read.
 */
export async function readableReceivedPlan(db: Db, reader: StoreReader, planId: string) {
  const copies = () => db.selectFrom('exchange_record').selectAll().where(readableBy(reader, 'exchange_record'));
  const plan = await copies().where('kind', '=', 'plan').where('id', '=', planId).executeTakeFirst();
  if (!plan) return null;
  const activities = await copies()
    .where('kind', '=', 'activity')
    .where('parent_id', '=', planId)
    .where('originator_installation', '=', plan.originator_installation)
    .orderBy('id')
    .execute();
  const followUps = activities.length
    ? await copies()
        .where('kind', '=', 'follow_up')
        .where(
          'parent_id',
          'in',
          activities.map((a) => a.id),
        )
        .where('originator_installation', '=', plan.originator_installation)
        .orderBy('updated_at')
        .orderBy('id')
        .execute()
    : [];
  return { plan, activities, followUps };
}
