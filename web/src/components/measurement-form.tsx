import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { Indicator } from '../api/types.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { useActionFeedback } from './use-action-feedback.js';

export function MeasurementForm({
  indicator,
  onDone,
  onCancel,
}: {
  indicator: Indicator;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [value, setValue] = useState('');
  // A refusal is of the measurement sent: it goes as the reader changes it (a field's errors with that field).
  const { failure, issues, run, clear, setIssues } = useActionFeedback<never>(String(indicator.version), { date, value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value.replace(',', '.'));
    if (value.trim() === '' || !Number.isFinite(n)) {
      clear();
      return setIssues([{ path: 'value', message: t('results.valueRequired') }]);
    }
    await run(async () => {
      await api.addMeasurement(indicator.id, { date, value: n });
      onDone();
      return null;
    });
  }
  return (
    <form className="form inline-form measurement-form" onSubmit={submit} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('results.date')} errors={issuesAt(issues, 'date')}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t('results.value', { unit: indicator.unit })} errors={issuesAt(issues, 'value')}>
          {(p) => <input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      </div>
      <FormActions save={t('results.save')} onCancel={onCancel} />
    </form>
  );
}
