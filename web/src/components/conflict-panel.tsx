import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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
