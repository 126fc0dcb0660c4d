import { isAutomaticMoveBody } from '../domain/activity.lifecycle.js';
import {
  type ActivityHistory,
  type ActivityHistoryEntry,
  type FieldChange,
  NAMED_FIELDS,
} from '../domain/activity-history.schema.js';
import { problem } from '../domain/problems.js';
import type { StoreReader } from '../store/access.js';
import { findActivity } from '../store/activity.repo.js';
import { activityAuditEntries, activityMoves, organisationNames, readableSourceTitles } from '../store/activity-history.repo.js';
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
  const [moves, entries] = await Promise.all([
    activityMoves(ctx.db, reader, activityId, HISTORY_LIMIT),
    activityAuditEntries(ctx.db, reader, activityId, HISTORY_LIMIT),
  ]);
  const items: ActivityHistoryEntry[] = [
    ...moves.map(
      (m): ActivityHistoryEntry => ({
        at: m.created_at,
        kind: 'status_change',
        action: 'status_change',
        actorId: m.author_id,
        actorParty: m.owner_party,
        fromStatus: m.from_status,
        toStatus: m.to_status,
        // A move without a reason has its statuses for body: the entry names them already, translated by the reader.
        note: m.body && !isAutomaticMoveBody(m.body, m.from_status, m.to_status) ? m.body : null,
        changes: [],
      }),
    ),
    ...entries.map((e): ActivityHistoryEntry => {
      const detail = JSON.parse(e.detail) as { changes?: Record<string, { from: unknown; to: unknown }> };
      return {
        at: e.at,
        kind: 'change',
        action: e.action,
        actorId: e.actor_id,
        actorParty: e.actor_party,
        fromStatus: null,
        toStatus: null,
        note: null,
        changes: Object.entries(detail.changes ?? {}).map(([field, c]) => ({ field, from: c.from, to: c.to })),
      };
    }),
  ];
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
