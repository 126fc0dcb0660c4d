import type { Organisation, Party } from '../domain/party.schema.js';
import { listOrganisationRows, listPartyRows } from '../store/party.repo.js';
import type { AppContext } from './context.js';

/** Parties are public within the installation: their codes appear on every label. */
export async function listParties(ctx: AppContext) {
  const rows = await listPartyRows(ctx.db);
  const items: Party[] = rows.map((r) => ({ code: r.code, name: JSON.parse(r.name) as Record<string, string> }));
  return { items, nextCursor: null };
}

/**
 * The organisations of the parties (ministries, staffs, units, firms), which lead activities: reference data of the
 * installation like the parties, readable by every user, as an activity's lead organisation is to its readers.
 */
export async function listOrganisations(ctx: AppContext) {
  const items: Organisation[] = await listOrganisationRows(ctx.db);
  return { items, nextCursor: null };
}
