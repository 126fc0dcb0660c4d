import { useTranslation } from 'react-i18next';
import type { Activity, WorkPlan } from '../api/types.js';

export function ActivityStatusBadge({ status }: { status: Activity['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`activityStatus.${status}`)}</span>;
}

export function PlanStatusBadge({ status }: { status: WorkPlan['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge plan-${status}`}>{t(`planStatus.${status}`)}</span>;
}
