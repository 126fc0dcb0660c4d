import { useTranslation } from 'react-i18next';
import { measurementCorrectionSchema, measurementWithdrawalQuerySchema } from '../../../src/domain/indicator.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt } from '../api/problem.js';
import type { Indicator } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { type MeasurementDraft, MeasurementFields } from './measurement-fields.js';
import { numberOf } from './typed-number.js';
import { useVersionedEdit } from './use-versioned-edit.js';

interface Draft extends MeasurementDraft {
  reason: string;
  /** Which of the form's two buttons sent it. */
  action: 'correct' | 'withdraw';
}

/** A correction (the date and value changed, with the reason), or a withdrawal (the reason alone). */
type Change = { withdraw?: true; date?: string; value?: number; reason: string };

function changeOf(base: Draft, d: Draft): Change {
  const reason = d.reason.trim();
  if (d.action === 'withdraw') return { withdraw: true, reason };
  const value = numberOf(d.value);
  return {
    ...(d.date !== base.date && { date: d.date }),
    ...(value !== numberOf(base.value) && { value }),
    reason,
  };
}

/** Each way of sending checked with the API's own schema for it. */
const changeSchema = {
  safeParse: ({ withdraw, ...rest }: Change & { version: number }) =>
    withdraw ? measurementWithdrawalQuerySchema.safeParse(rest) : measurementCorrectionSchema.safeParse(rest),
};

/**
 * Corrects or withdraws one measurement, always with a reason, which is kept
 * with it. The indicator's version is sent; if it moved meanwhile while the
 * measurement still counts, the newer version is said and the same
 * correction can be applied to it.
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
  const edit = useVersionedEdit({
    record: indicator,
    draftOf: (i: Indicator): Draft => {
      const m = i.measurements.find((x) => x.id === measurementId);
      return { date: m?.date ?? '', value: m ? String(m.value) : '', reason: '', action: 'correct' };
    },
    patchOf: changeOf,
    check: (d) => {
      const local: FieldIssue[] = [];
      if (!d.reason.trim()) local.push({ path: 'reason', message: t('resultsEdit.reasonRequired') });
      if (d.action === 'correct' && !Number.isFinite(numberOf(d.value)))
        local.push({ path: 'value', message: t('results.valueRequired') });
      return local;
    },
    schema: changeSchema,
    save: ({ withdraw, ...correction }, version) =>
      withdraw
        ? api.withdrawMeasurement(indicator.id, measurementId, correction.reason, version)
        : api.correctMeasurement(indicator.id, measurementId, { ...correction, version }),
    reload: async () => (await api.results(planId)).objectives.flatMap((o) => o.indicators).find((x) => x.id === indicator.id),
    // Withdrawn or corrected meanwhile: there is nothing left to correct, and the refusal says so.
    editable: (latest) => latest.measurements.some((m) => m.id === measurementId),
    onSaved: onDone,
  });
  const { draft, set, issues, busy, submit } = edit;
  if (!measurement) return null;

  return (
    <form className="form inline-form correction-form" onSubmit={(e) => submit(e, { action: 'correct' })} noValidate>
      <p className="small-heading">
        {t('resultsEdit.correctionOf', { date: formatDate(measurement.date), value: formatNumber(measurement.value) })}
      </p>
      <EditFeedback edit={edit} message="resultsEdit.measurementConflict" onDiscard={onDone} />
      <MeasurementFields draft={draft} onChange={set} unit={indicator.unit} issues={issues} />
      <Field label={t('resultsEdit.reason')} hint={t('resultsEdit.reasonHint')} errors={issuesAt(issues, 'reason')}>
        {(p) => <input {...p} value={draft.reason} onChange={(e) => set({ reason: e.target.value })} />}
      </Field>
      <FormActions save={t('resultsEdit.saveCorrection')} onCancel={onCancel} disabled={busy}>
        <button type="button" className="button ghost" disabled={busy} onClick={() => submit(undefined, { action: 'withdraw' })}>
          {t('resultsEdit.withdraw')}
        </button>
      </FormActions>
    </form>
  );
}
