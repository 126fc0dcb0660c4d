import { hiddenAgendaItemsByOwner, sessionRow } from '../store/minutes-blockers.repo.js';
import { insertNotifications } from '../store/notification.repo.js';
import { readablePlannersOf } from '../store/planners.repo.js';
import type { Actor, AppContext } from './context.js';
import { minutesBlockedParams } from './notification.usecases.js';

/**
 * After a party was refused its approval of minutes holding agenda items it
 * cannot read, asks the parties owning those items to release them to it or
 * remove them: their planners who may read the session are told the session
 * and how many of their items that party cannot read. The refused party is
 * told only the count it was already told. Written on its own, since the
 * refused approval's transaction wrote nothing; a repeated refusal with the
 * same count tells nobody again.
 */
export async function askOwnersToRelease(ctx: AppContext, actor: Actor, sessionId: string): Promise<number> {
  const codec = await ctx.codec();
  const blockers = (await hiddenAgendaItemsByOwner(ctx.db, codec.reader(actor), sessionId)).filter(
    (b) => b.party !== actor.party,
  );
  const session = await sessionRow(ctx.db, sessionId);
  if (session?.status !== 'held' || blockers.length === 0) return 0;
  const at = ctx.now().toISOString();
  const rows = [];
  for (const { party, count } of blockers)
    for (const userId of await readablePlannersOf(ctx.db, codec, party, { table: 'commission_session', id: sessionId })) {
      rows.push({
        user_id: userId,
        kind: 'minutes_blocked',
        entity_type: 'commission_session',
        entity_id: sessionId,
        title: minutesBlockedParams({ sessionNumber: session.number, party: actor.party, count }),
        due_date: null,
        dedupe_key: `minutes_blocked:commission_session:${sessionId}:${actor.party}:${count}`,
        created_at: at,
      });
    }
  await insertNotifications(ctx.db, rows);
  return rows.length;
}
