import { useTranslation } from 'react-i18next';
import type { Programme } from '../api/types.js';

export function ProgrammeStatusBadge({ status }: { status: Programme['status'] }) {
  const { t } = useTranslation();
  return <span className={`badge programme-${status}`}>{t(`programmes.status.${status}`)}</span>;
}
