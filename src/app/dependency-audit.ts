import type { DependencyRow } from '../store/dependency.repo.js';
import type { LabelCodec } from '../store/label-codec.js';
import type { AuditEvent } from './audit.js';
import { labelOfBoth } from './labels.js';

/**
 * The audit entry of a dependency's creation or removal, at the label of both its activities: the log shows it
 * only to those who may read both, as the dependency itself is.
 */
export function dependencyAuditEntry(
  codec: LabelCodec,
  action: 'dependency.create' | 'dependency.delete',
  d: DependencyRow,
  more: Record<string, unknown> = {},
): AuditEvent {
  return {
    action,
    entityType: 'activity_dependency',
    entityId: d.dependency.id,
    label: codec.encode(labelOfBoth(codec.decode(d.successor.label), codec.decode(d.predecessor.label))),
    detail: {
      planId: d.dependency.planId,
      predecessorId: d.dependency.predecessorId,
      successorId: d.dependency.successorId,
      type: d.dependency.type,
      lagDays: d.dependency.lagDays,
      ...more,
    },
  };
}
