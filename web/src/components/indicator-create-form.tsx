import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_INDICATOR_FREQUENCY,
  type IndicatorFrequency,
  indicatorCreateSchema,
} from '../../../src/domain/indicator.schema.js';
import { api } from '../api/client.js';
import type { ResultObjective } from '../api/types.js';
import { Alert } from './field.js';
import { FormActions } from './form-actions.js';
import { IndicatorFields } from './indicator-fields.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { numberOf } from './typed-number.js';
import { useInlineCreate } from './use-inline-create.js';

interface Draft {
  name: string;
  unit: string;
  baselineValue: string;
  baselineDate: string;
  targetValue: string;
  targetDate: string;
  frequency: string;
  label: LabelDraft;
}

/** A typed figure as the API takes it: a blank one left out, so that the message is that it is needed. */
const figure = (typed: string) => (typed.trim() === '' ? undefined : numberOf(typed));

/**
 * A new indicator of an objective: what is measured, in what unit, from which
 * baseline to which target, how often, with its label (the objective's by default).
 */
export function IndicatorCreateForm({
  objective,
  parties,
  onCreated,
  onCancel,
}: {
  objective: ResultObjective;
  parties: readonly string[];
  onCreated: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: '',
    unit: '',
    baselineValue: '',
    baselineDate: new Date().toISOString().slice(0, 10),
    targetValue: '',
    targetDate: '',
    frequency: DEFAULT_INDICATOR_FREQUENCY,
    label: {
      classification: objective.classification,
      releasableTo: objective.releasableTo,
      compartments: objective.compartments,
    },
  }));
  const { failure, busy, field, create } = useInlineCreate(indicatorCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      {
        name: draft.name,
        unit: draft.unit,
        baselineValue: figure(draft.baselineValue),
        baselineDate: draft.baselineDate,
        targetValue: figure(draft.targetValue),
        targetDate: draft.targetDate,
        frequency: draft.frequency as IndicatorFrequency,
        ...draft.label,
      },
      (data) => api.addIndicator(objective.id, data),
      onCreated,
    );
  }

  const headingId = `indicator-create-${objective.id}`;
  return (
    <form className="form inline-form indicator-form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h4 id={headingId}>{t('resultsEdit.newIndicator')}</h4>
      {failure && <Alert kind="error">{failure}</Alert>}
      <IndicatorFields draft={draft} onChange={edit} errors={field} />
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={parties} errors={field} />
      <FormActions
        save={t('resultsEdit.createIndicator')}
        cancel={t('resultsEdit.cancelCreate')}
        onCancel={onCancel}
        disabled={busy}
      />
    </form>
  );
}
