import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import type { Indicator } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { ConflictPanel } from './conflict-panel.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { numberOf } from './typed-number.js';
import { useActionFeedback } from './use-action-feedback.js';

/**
 * Corrects or withdraws one measurement, always with a reason, which is kept
 * with it. The indicator's version is sent; if it moved meanwhile, the newer
 * version is shown and the same correction can be applied to it.
 */
export function MeasurementCorrectionForm({
  planId,
  indicator,
  measurementId,
  onDone,
  onCancel,
}: {
  planId: string;
  indicator: Indicator;
  measurementId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const measurement = indicator.measurements.find((m) => m.id === measurementId);
  const [version, setVersion] = useState(indicator.version);
  const [date, setDate] = useState(measurement?.date ?? '');
  const [value, setValue] = useState(measurement ? String(measurement.value) : '');
  const [reason, setReason] = useState('');
  const [newer, setNewer] = useState<{ version: number; action: 'correct' | 'withdraw' } | null>(null);
  const [busy, setBusy] = useState(false);
  // A refusal is of the correction sent: it goes as the reader changes it (a field's errors with that field),
  // and when the indicator reads otherwise.
  const feedback = useActionFeedback<never>(String(indicator.version), { date, value, reason });
  const { failure, issues, setIssues } = feedback;
  if (!measurement) return null;

  async function run(action: 'correct' | 'withdraw', at: number) {
    const local: FieldIssue[] = [];
    if (!reason.trim()) local.push({ path: 'reason', message: t('resultsEdit.reasonRequired') });
    const n = numberOf(value);
    if (action === 'correct' && !Number.isFinite(n)) local.push({ path: 'value', message: t('results.valueRequired') });
    if (local.length) {
      feedback.clear();
      return setIssues(local);
    }
    setBusy(true);
    await feedback.run(async () => {
      try {
        if (action === 'correct')
          await api.correctMeasurement(indicator.id, measurementId, {
            ...(date !== measurement?.date && { date }),
            ...(n !== measurement?.value && { value: n }),
            reason: reason.trim(),
            version: at,
          });
        else await api.withdrawMeasurement(indicator.id, measurementId, reason.trim(), at);
      } catch (err) {
        const latest =
          err instanceof ProblemError && err.isConflict
            ? (await api.results(planId)).objectives.flatMap((o) => o.indicators).find((x) => x.id === indicator.id)
            : undefined;
        const stillCounts = latest?.measurements.some((m) => m.id === measurementId);
        // Changed meanwhile: the conflict panel offers the same change on the newer version.
        if (latest && latest.version !== at && stillCounts) {
          setNewer({ version: latest.version, action });
          return null;
        }
        throw err;
      }
      onDone();
      return null;
    });
    setBusy(false);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run('correct', version);
  };
  return (
    <form className="form inline-form correction-form" onSubmit={submit} noValidate>
      <p className="small-heading">
        {t('resultsEdit.correctionOf', { date: formatDate(measurement.date), value: formatNumber(measurement.value) })}
      </p>
      {newer && (
        <ConflictPanel
          message={t('resultsEdit.measurementConflict', { version: newer.version })}
          busy={busy}
          onReapply={() => {
            setVersion(newer.version);
            setNewer(null);
            void run(newer.action, newer.version);
          }}
          onDiscard={onDone}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('results.date')} errors={issuesAt(issues, 'date')}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t('results.value', { unit: indicator.unit })} errors={issuesAt(issues, 'value')}>
          {(p) => <input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('resultsEdit.reason')} hint={t('resultsEdit.reasonHint')} errors={issuesAt(issues, 'reason')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <FormActions save={t('resultsEdit.saveCorrection')} onCancel={onCancel} disabled={busy}>
        <button type="button" className="button ghost" disabled={busy} onClick={() => void run('withdraw', version)}>
          {t('resultsEdit.withdraw')}
        </button>
      </FormActions>
    </form>
  );
}
