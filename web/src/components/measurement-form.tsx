import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Indicator } from '../api/types.js';
import { Alert } from './field.js';
import { FormActions } from './form-actions.js';
import { type MeasurementDraft, MeasurementFields } from './measurement-fields.js';
import { numberOf } from './typed-number.js';
import { useActionFeedback } from './use-action-feedback.js';

/** Records a new measurement of an indicator, dated today unless the reader says otherwise. */
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
  const [draft, setDraft] = useState<MeasurementDraft>(() => ({ date: new Date().toISOString().slice(0, 10), value: '' }));
  // A refusal is of the measurement sent: it goes as the reader changes it (a field's errors with that field).
  const { failure, issues, run, clear, setIssues } = useActionFeedback<never>(String(indicator.version), draft);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const value = numberOf(draft.value);
    if (!Number.isFinite(value)) {
      clear();
      return setIssues([{ path: 'value', message: t('results.valueRequired') }]);
    }
    await run(async () => {
      await api.addMeasurement(indicator.id, { date: draft.date, value });
      onDone();
      return null;
    });
  }
  return (
    <form className="form inline-form measurement-form" onSubmit={submit} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <MeasurementFields
        draft={draft}
        onChange={(change) => setDraft((d) => ({ ...d, ...change }))}
        unit={indicator.unit}
        issues={issues}
      />
      <FormActions save={t('results.save')} onCancel={onCancel} />
    </form>
  );
}
