import { useTranslation } from 'react-i18next';
import type { ActionItem, CommissionSession } from '../api/types.js';

export function SessionStatusBadge({ status }: { status: CommissionSession['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge session-${status}`}>{t(`sessionStatus.${status}`)}</span>;
}

export function ActionItemStatusBadge({ item }: { item: Pick<ActionItem, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={`badge action-${item.status}`}>{t(`actionItemStatus.${item.status}`)}</span>
      {item.overdue && <span className="badge overdue">{t('actionItems.overdue')}</span>}
    </>
  );
}
