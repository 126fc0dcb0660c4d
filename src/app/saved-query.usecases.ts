import {
  type ActivityQueryState,
  activityQueryStateSchema,
  type SavedQuery,
  type SavedQueryCreate,
  type SavedQueryPatch,
} from '../domain/activity-query.schema.js';
import { newId } from '../domain/ids.js';
import { problem } from '../domain/problems.js';
import {
  deleteSavedQuery,
  findVisibleSavedQuery,
  insertSavedQuery,
  isSavedQueryNameClash,
  listSavedQueries,
  type SavedQueryRow,
  updateSavedQuery,
} from '../store/saved-query.repo.js';
import { inTransaction } from '../store/tx.js';
import { audit } from './audit.js';
import { accountLabel } from './clearance.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';

/**
 * A stored state is read through the schema again: a column or a value the
 * table no longer knows falls back to its default instead of failing the list.
 */
function stateOf(json: string): ActivityQueryState {
  const parsed = activityQueryStateSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : activityQueryStateSchema.parse({});
}

const present = (row: SavedQueryRow, actor: Actor): SavedQuery => ({
  id: row.id,
  name: row.name,
  shared: row.shared === 1,
  state: stateOf(row.state),
  mine: row.user_id === actor.userId,
  owner: row.owner_name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/**
 * Saved queries name no record and carry no label: their audit entries are labelled as accounts
 * are, with the owner's party, readable by all its users; so they keep the query's id and the kind
 * of change only, never its name or its search text, which may speak of records some cannot read.
 */
const event = (actor: Actor, action: string, id: string, detail: Record<string, unknown>) => ({
  action: `saved_query.${action}`,
  entityType: 'saved_query',
  entityId: id,
  label: accountLabel(actor.party),
  detail,
});

/** The reader's own saved queries and those their party's users shared, by name. */
export async function savedQueries(ctx: AppContext, actor: Actor): Promise<{ items: SavedQuery[] }> {
  const rows = await listSavedQueries(ctx.db, actor.userId, actor.party);
  return { items: rows.map((r) => present(r, actor)) };
}

/** Saves how the reader looks at the activity table, under a name unique among their own. */
export async function createSavedQuery(ctx: AppContext, actor: Actor, input: SavedQueryCreate): Promise<SavedQuery> {
  const at = isoNow(ctx);
  const id = newId();
  return inTransaction(ctx.db, async (trx) => {
    try {
      await insertSavedQuery(trx, {
        id,
        user_id: actor.userId,
        party: actor.party,
        name: input.name,
        shared: input.shared ? 1 : 0,
        state: JSON.stringify(input.state),
        created_at: at,
        updated_at: at,
      });
    } catch (err) {
      if (isSavedQueryNameClash(err)) throw problem('saved_query.name_taken');
      throw err;
    }
    await audit(trx, actor, at, [event(actor, 'create', id, {})]);
    const row = await findVisibleSavedQuery(trx, id, actor.userId, actor.party);
    if (!row) throw problem('saved_query.not_found');
    return present(row, actor);
  });
}

/**
 * The query the actor may change: one they cannot see answers as one that
 * does not exist; one shared with them by another user of their party is
 * refused, as only its owner changes it.
 */
async function ownQuery(db: AppContext['db'], actor: Actor, id: string): Promise<SavedQueryRow> {
  const row = await findVisibleSavedQuery(db, id, actor.userId, actor.party);
  if (!row) throw problem('saved_query.not_found');
  if (row.user_id !== actor.userId) throw problem('saved_query.not_yours');
  return row;
}

/** Renames, shares or unshares, or replaces the state of one's own saved query. */
export async function updateOwnSavedQuery(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: SavedQueryPatch,
): Promise<SavedQuery> {
  const at = isoNow(ctx);
  return inTransaction(ctx.db, async (trx) => {
    const before = await ownQuery(trx, actor, id);
    try {
      await updateSavedQuery(trx, id, actor.userId, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.shared !== undefined ? { shared: patch.shared ? 1 : 0 } : {}),
        ...(patch.state !== undefined ? { state: JSON.stringify(patch.state) } : {}),
        updated_at: at,
      });
    } catch (err) {
      if (isSavedQueryNameClash(err)) throw problem('saved_query.name_taken');
      throw err;
    }
    const changed: string[] = [];
    if (patch.name !== undefined && patch.name !== before.name) changed.push('name');
    if (patch.shared !== undefined && patch.shared !== (before.shared === 1)) changed.push('shared');
    if (patch.state !== undefined) changed.push('state');
    await audit(trx, actor, at, [event(actor, 'update', id, { changed })]);
    const row = await findVisibleSavedQuery(trx, id, actor.userId, actor.party);
    if (!row) throw problem('saved_query.not_found');
    return present(row, actor);
  });
}

/** Deletes one's own saved query. */
export async function deleteOwnSavedQuery(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  const at = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await ownQuery(trx, actor, id);
    if (!(await deleteSavedQuery(trx, id, actor.userId))) throw problem('saved_query.not_found');
    await audit(trx, actor, at, [event(actor, 'delete', id, {})]);
  });
}
