import {
  type ActivityHistory,
  type ActivityHistoryEntry,
  type FieldChange,
  NAMED_FIELDS,
} from '../domain/activity-history.schema.js';
import { problem } from '../domain/problems.js';
import { findActivity } from '../store/activity.repo.js';
import { activityAuditEntries, activityMoves, readableSourceTitles } from '../store/activity-history.repo.js';
import type { StoreReader } from '../store/label-codec.js';
import { organisationNames } from '../store/organisation.repo.js';
import type { Actor, AppContext } from './context.js';

const HISTORY_LIMIT = 500;

/**
 * The history of an activity for anyone who may read it, not only security
 * officers: its status changes (from the follow-up log) and the other changes
 * the audit log recorded about it, each only if the reader may read that entry.
 */
export async function activityHistory(ctx: AppContext, actor: Actor, activityId: string): Promise<ActivityHistory> {
  const codec = await ctx.codec();
  const reader = codec.reader(actor);
  if (!(await findActivity(ctx.db, reader, activityId))) throw problem('activity.not_found');
  const query = { reader, activityId, limit: HISTORY_LIMIT };
  const [moves, entries] = await Promise.all([activityMoves(ctx.db, query), activityAuditEntries(ctx.db, query)]);
  const items: ActivityHistoryEntry[] = [...moves, ...entries];
  items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const shown = items.slice(0, HISTORY_LIMIT);
  await nameRecords(
    ctx,
    reader,
    shown.flatMap((i) => i.changes),
  );
  return { activityId, items: shown };
}

/**
 * Gives each change of a field that holds a record's id the names of the
 * records it names (a source's title, an organisation's name), so that the
 * reader reads names, not ids: a record the reader may not read, or one
 * gone since, is named null, the same for both.
 */
async function nameRecords(ctx: AppContext, reader: StoreReader, changes: FieldChange[]) {
  const idsOf = (field: keyof typeof NAMED_FIELDS) => [
    ...new Set(
      changes.filter((c) => c.field === field).flatMap((c) => [c.from, c.to].filter((v): v is string => typeof v === 'string')),
    ),
  ];
  const [sources, organisations] = await Promise.all([
    readableSourceTitles(ctx.db, reader, idsOf('sourceId')),
    organisationNames(ctx.db, idsOf('leadOrganisationId')),
  ]);
  const names = { sourceId: sources, leadOrganisationId: organisations };
  for (const c of changes) {
    if (!Object.hasOwn(NAMED_FIELDS, c.field)) continue;
    const known = names[c.field as keyof typeof NAMED_FIELDS];
    const nameOf = (v: unknown) => (typeof v === 'string' ? (known.get(v) ?? null) : null);
    c.fromName = nameOf(c.from);
    c.toName = nameOf(c.to);
  }
}
