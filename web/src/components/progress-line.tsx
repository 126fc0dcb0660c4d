import { useTranslation } from 'react-i18next';
import { formatPercent } from '../i18n/format.js';

export function ProgressLine({ value, label }: { value: number | null; label: string }) {
  const { t } = useTranslation();
  const shown = value === null ? 0 : Math.max(0, Math.min(1, value));
  return (
    <div className="progress-line">
      <progress max={1} value={shown} aria-label={label} className="progress" />
      <span className="progress-value">{value === null ? t('results.noMeasure') : formatPercent(value)}</span>
    </div>
  );
}
