import type { Label } from '../domain/labels.js';
import type { LabelColumns } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { type AuditEvent, changedFields } from './audit.js';
import { labelOfBoth } from './labels.js';

/**
 * The audit entry of an edit of a labelled record: the fields it changed,
 * from what to what. It tells the old values as well as the new, so it keeps
 * the label of both (`labelOfBoth`): lowering a record never shows its old
 * content to a reader of the new label alone.
 */
export function editEntry(
  codec: LabelCodec,
  edit: {
    action: string;
    entityType: string;
    id: string;
    before: Label;
    columns: LabelColumns;
    fields: Record<string, unknown>;
    detail?: Record<string, unknown>;
  },
): AuditEvent {
  return {
    action: edit.action,
    entityType: edit.entityType,
    entityId: edit.id,
    label: codec.encode(labelOfBoth(edit.before, codec.decode(edit.columns))),
    detail: { changes: changedFields(edit.before as unknown as Record<string, unknown>, edit.fields), ...edit.detail },
  };
}
