import type { Party } from '../domain/party.schema.js';
import { listPartyRows } from '../store/party.repo.js';
import type { AppContext } from './context.js';

/** Parties are public within the installation: their codes appear on every label. */
export async function listParties(ctx: AppContext) {
  const rows = await listPartyRows(ctx.db);
  const items: Party[] = rows.map((r) => ({ code: r.code, name: JSON.parse(r.name) as Record<string, string> }));
  return { items, nextCursor: null };
}
