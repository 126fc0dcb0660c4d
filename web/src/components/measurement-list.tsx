import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Indicator } from '../api/types.js';
import { formatDate, formatDateTime, formatNumber } from '../i18n/format.js';
import { MeasurementCorrectionForm } from './measurement-correction-form.js';
import { TableHead } from './table-head.js';

/** The measurements of an indicator, the ones that count and the ones withdrawn, with a way to correct or withdraw one. */
export function MeasurementList({
  planId,
  indicator: i,
  canMeasure,
  onChanged,
}: {
  planId: string;
  indicator: Indicator;
  canMeasure: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState<string | null>(null);
  const rows = [
    ...i.measurements.map((m) => ({ ...m, withdrawn: null })),
    ...i.withdrawnMeasurements.map((m) => ({ ...m, corrects: null, withdrawn: m })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  return (
    <details className="measurements">
      <summary>{t('resultsEdit.measurements', { count: i.measurements.length })}</summary>
      <table className="measurement-table">
        <TableHead
          columns={[
            t('results.date'),
            t('results.value', { unit: i.unit }),
            t('resultsEdit.note'),
            canMeasure && t('resultsEdit.actions'),
          ]}
        />
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} className={m.withdrawn ? 'withdrawn' : undefined}>
              <td>{m.withdrawn ? <del>{formatDate(m.date)}</del> : formatDate(m.date)}</td>
              <td className="number">{m.withdrawn ? <del>{formatNumber(m.value)}</del> : formatNumber(m.value)}</td>
              <td>
                {m.withdrawn
                  ? t(m.withdrawn.replacedBy ? 'resultsEdit.corrected' : 'resultsEdit.withdrawn', {
                      date: formatDateTime(m.withdrawn.withdrawnAt),
                      reason: m.withdrawn.reason,
                    })
                  : m.corrects
                    ? t('resultsEdit.correction')
                    : ''}
              </td>
              {canMeasure && (
                <td>
                  {!m.withdrawn && (
                    <button
                      type="button"
                      className="button ghost small"
                      aria-expanded={changing === m.id}
                      onClick={() => setChanging(changing === m.id ? null : m.id)}
                    >
                      {t('resultsEdit.correct')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {changing && (
        <MeasurementCorrectionForm
          planId={planId}
          indicator={i}
          measurementId={changing}
          onDone={() => {
            setChanging(null);
            onChanged();
          }}
          onCancel={() => setChanging(null)}
        />
      )}
    </details>
  );
}
