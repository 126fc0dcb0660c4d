import { useTranslation } from 'react-i18next';
import { type FieldIssue, issuesAt } from '../api/problem.js';
import { Field } from './field.js';

/** A measurement's date and value, as typed: recorded anew or corrected. */
export interface MeasurementDraft {
  date: string;
  value: string;
}

/** The date and value of a measurement being recorded or corrected, in the indicator's unit. */
export function MeasurementFields({
  draft,
  onChange,
  unit,
  issues,
}: {
  draft: MeasurementDraft;
  onChange: (change: Partial<MeasurementDraft>) => void;
  unit: string;
  issues: readonly FieldIssue[];
}) {
  const { t } = useTranslation();
  return (
    <div className="field-row">
      <Field label={t('results.date')} errors={issuesAt(issues, 'date')}>
        {(p) => <input {...p} type="date" value={draft.date} onChange={(e) => onChange({ date: e.target.value })} />}
      </Field>
      <Field label={t('results.value', { unit })} errors={issuesAt(issues, 'value')}>
        {(p) => <input {...p} inputMode="decimal" value={draft.value} onChange={(e) => onChange({ value: e.target.value })} />}
      </Field>
    </div>
  );
}
