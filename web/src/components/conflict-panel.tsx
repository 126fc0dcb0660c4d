import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../i18n/format.js';
import { Alert } from './field.js';

/**
 * Says that someone changed the record meanwhile, with the newer values of
 * the fields the reader changed, and offers to reapply the reader's change to
 * the newer version or to discard it.
 */
export function ConflictPanel({
  message,
  values,
  busy = false,
  small = false,
  reapplyLabel,
  discardLabel,
  onReapply,
  onDiscard,
}: {
  message: ReactNode;
  values?: readonly { key: string; label: string; value: ReactNode }[];
  busy?: boolean;
  small?: boolean;
  reapplyLabel?: string;
  discardLabel?: string;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const size = small ? ' small' : '';
  return (
    <Alert kind="error">
      <p>{message}</p>
      {values && (
        <ul className="conflict-values">
          {values.map((v) => (
            <li key={v.key}>
              {v.label}: {v.value}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        <button type="button" className={`button primary${size}`} disabled={busy} onClick={onReapply}>
          {reapplyLabel ?? t('edit.reapply')}
        </button>
        <button type="button" className={`button ghost${size}`} onClick={onDiscard}>
          {discardLabel ?? t('edit.discard')}
        </button>
      </div>
    </Alert>
  );
}

type EditConflictProps<R extends { version: number }> = {
  edit: { conflict: { latest: R; patch: object } | null; busy: boolean; reapply: () => void; discard: () => void };
  /** What to say of the newer version; a catalogue key is given its version and, when it has one, the date it was changed. */
  message: string | ((latest: R) => ReactNode);
  label?: (key: string) => string;
  value?: (latest: R, key: string) => ReactNode;
  small?: boolean;
  reapplyLabel?: string;
  discardLabel?: string;
  /** Instead of showing the newer version in the form, e.g. closing it. */
  onDiscard?: () => void;
};

/**
 * The conflict of a form on `useVersionedEdit`, when there is one: its
 * message about the newer version, and that version's values of the fields
 * the reader changed (`label` and `value` of each key of the change).
 */
function EditConflict<R extends { version: number }>({
  edit,
  message,
  label,
  value,
  small,
  reapplyLabel,
  discardLabel,
  onDiscard,
}: EditConflictProps<R>) {
  const { t } = useTranslation();
  if (!edit.conflict) return null;
  const { latest, patch } = edit.conflict;
  const changedAt = (latest as { updatedAt?: string }).updatedAt;
  return (
    <ConflictPanel
      message={
        typeof message === 'string'
          ? t(message, { version: latest.version, date: changedAt ? formatDateTime(changedAt) : undefined })
          : message(latest)
      }
      values={label && value && Object.keys(patch).map((key) => ({ key, label: label(key), value: value(latest, key) }))}
      busy={edit.busy}
      small={small}
      reapplyLabel={reapplyLabel}
      discardLabel={discardLabel}
      onReapply={edit.reapply}
      onDiscard={onDiscard ?? edit.discard}
    />
  );
}

/**
 * What a form on `useVersionedEdit` says above its fields: its conflict with a
 * newer version when there is one, the refusal of its last save, and, for a
 * form that stays open once saved, `saved` after a save.
 */
export function EditFeedback<R extends { version: number }>({
  saved,
  ...conflict
}: EditConflictProps<R> & { edit: { failure: string | null; saved: boolean }; saved?: string }) {
  const { edit } = conflict;
  return (
    <>
      <EditConflict {...conflict} />
      {edit.failure && <Alert kind="error">{edit.failure}</Alert>}
      {saved && edit.saved && <Alert kind="success">{saved}</Alert>}
    </>
  );
}
