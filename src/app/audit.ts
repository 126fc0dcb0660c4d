import { appendAudit } from '../store/audit.repo.js';
import type { LabelColumns } from '../store/database.js';
import type { Db } from '../store/db.js';
import type { Actor } from './context.js';

export interface AuditEvent {
  action: string;
  entityType: string;
  entityId: string | null;
  /** The label of the record the event is about; readers of the log see it only if they may read that. */
  label: Omit<LabelColumns, 'owner_party'> & { owner_party: string | null };
  detail?: Record<string, unknown>;
}

/** Records what an actor did, in the same transaction as the change itself. */
export function audit(trx: Db, actor: Pick<Actor, 'userId' | 'party'> | null, at: string, events: AuditEvent[]) {
  return appendAudit(
    trx,
    events.map((e) => ({
      at,
      actor_id: actor?.userId ?? null,
      actor_party: actor?.party ?? null,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      owner_party: e.label.owner_party,
      classification: e.label.classification,
      releasable_mask: e.label.releasable_mask,
      compartment_mask: e.label.compartment_mask,
      detail: JSON.stringify(e.detail ?? {}),
    })),
  );
}

/** The fields that differ between two versions of a record, for the audit detail. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v === undefined) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = { from: before[k], to: v };
  }
  return changes;
}
