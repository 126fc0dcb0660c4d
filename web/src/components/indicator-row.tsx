import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canMeasure, canPlan } from '../../../src/domain/policy.js';
import type { Indicator } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { RecordMarking } from './classification-banner.js';
import { IndicatorEditForm } from './indicator-edit-form.js';
import { MeasurementForm } from './measurement-form.js';
import { MeasurementList } from './measurement-list.js';
import { ProgressLine } from './progress-line.js';

export function IndicatorRow({
  planId,
  indicator: i,
  onChanged,
}: {
  planId: string;
  indicator: Indicator;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [mode, setMode] = useState<'view' | 'measure' | 'edit'>('view');
  const last = i.measurements.at(-1);
  const measures = canMeasure(user, i.ownerParty);
  const plans = canPlan(user, i.ownerParty);
  const done = () => {
    setMode('view');
    onChanged();
  };
  return (
    <li className="indicator">
      <div className="indicator-head">
        <RecordMarking label={i} compact />
        <strong>{i.name}</strong>
        <span className="muted">
          {t('results.baselineTarget', {
            baseline: formatNumber(i.baselineValue),
            target: formatNumber(i.targetValue),
            unit: i.unit,
            date: formatDate(i.targetDate),
          })}
        </span>
      </div>
      <ProgressLine value={i.progress} label={t('results.indicatorProgress', { name: i.name })} />
      <p className="muted">
        {last
          ? t('results.lastMeasure', { value: formatNumber(last.value), unit: i.unit, date: formatDate(last.date) })
          : t('results.noMeasure')}
      </p>
      <p className={i.measurementOverdue ? 'overdue-date' : 'muted'}>
        {i.nextMeasurementDue === null
          ? t('resultsEdit.allMeasured', { frequency: t(`resultsEdit.frequencies.${i.frequency}`) })
          : t(i.measurementOverdue ? 'resultsEdit.overdue' : 'resultsEdit.nextDue', {
              frequency: t(`resultsEdit.frequencies.${i.frequency}`),
              date: formatDate(i.nextMeasurementDue),
            })}
      </p>
      {mode === 'measure' && <MeasurementForm indicator={i} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'edit' && <IndicatorEditForm planId={planId} indicator={i} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'view' && (measures || plans) && (
        <div className="actions">
          {measures && (
            <button type="button" className="button ghost" onClick={() => setMode('measure')}>
              {t('results.addMeasurement')}
            </button>
          )}
          {plans && (
            <button type="button" className="button ghost" onClick={() => setMode('edit')}>
              {t('resultsEdit.editIndicator')}
            </button>
          )}
        </div>
      )}
      {(i.measurements.length > 0 || i.withdrawnMeasurements.length > 0) && (
        <MeasurementList planId={planId} indicator={i} canMeasure={measures} onChanged={onChanged} />
      )}
    </li>
  );
}
