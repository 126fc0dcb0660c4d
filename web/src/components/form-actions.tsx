import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A form's buttons: send it, and leave it without sending (by default
 * worded as discarding the change). `children` are other ways to send it,
 * shown between the two.
 */
export function FormActions({
  save,
  cancel,
  onCancel,
  disabled = false,
  small = false,
  children,
}: {
  save: string;
  cancel?: string;
  onCancel: () => void;
  /** The send button is off: while the form is sent, or until it can be. */
  disabled?: boolean;
  small?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const size = small ? ' small' : '';
  return (
    <div className="actions">
      <button type="submit" className={`button primary${size}`} disabled={disabled}>
        {save}
      </button>
      {children}
      <button type="button" className={`button ghost${size}`} onClick={onCancel}>
        {cancel ?? t('edit.discard')}
      </button>
    </div>
  );
}
