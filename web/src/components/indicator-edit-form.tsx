import { useTranslation } from 'react-i18next';
import { indicatorPatchSchema } from '../../../src/domain/indicator.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { Indicator, IndicatorPatch } from '../api/types.js';
import { EditFeedback } from './conflict-panel.js';
import { FormActions } from './form-actions.js';
import { type IndicatorField, IndicatorFields, useIndicatorLabels } from './indicator-fields.js';
import { numberOf } from './typed-number.js';
import { useVersionedEdit } from './use-versioned-edit.js';

type IndicatorDraft = Record<IndicatorField, string>;
const INDICATOR_FIELDS: IndicatorField[] = [
  'name',
  'unit',
  'baselineValue',
  'baselineDate',
  'targetValue',
  'targetDate',
  'frequency',
];
const NUMERIC = new Set<IndicatorField>(['baselineValue', 'targetValue']);

const indicatorDraftOf = (i: Indicator): IndicatorDraft => ({
  name: i.name,
  unit: i.unit,
  baselineValue: String(i.baselineValue),
  baselineDate: i.baselineDate,
  targetValue: String(i.targetValue),
  targetDate: i.targetDate,
  frequency: i.frequency,
});

function indicatorPatchOf(base: IndicatorDraft, d: IndicatorDraft): Omit<IndicatorPatch, 'version'> {
  const patch: Record<string, unknown> = {};
  for (const f of INDICATOR_FIELDS) if (d[f].trim() !== base[f]) patch[f] = NUMERIC.has(f) ? numberOf(d[f]) : d[f].trim();
  return patch;
}

/** Changes an indicator's name, unit, baseline, target and frequency, with the version read; reapplies over a newer one. */
export function IndicatorEditForm({
  planId,
  indicator,
  onDone,
  onCancel,
}: {
  planId: string;
  indicator: Indicator;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const edit = useVersionedEdit({
    record: indicator,
    draftOf: indicatorDraftOf,
    patchOf: (base, d) => indicatorPatchOf(base, d),
    schema: indicatorPatchSchema,
    save: (patch, version) => api.updateIndicator(indicator.id, { ...patch, version }),
    reload: async () => (await api.results(planId)).objectives.flatMap((o) => o.indicators).find((x) => x.id === indicator.id),
    onSaved: onDone,
  });
  const { draft, set, issues, busy, submit } = edit;
  const labels = useIndicatorLabels();

  return (
    <form className="form inline-form indicator-form" onSubmit={submit} noValidate>
      <EditFeedback
        edit={edit}
        message="resultsEdit.indicatorConflict"
        label={(k) => labels[k as IndicatorField]}
        value={(latest, k) => String(latest[k as IndicatorField])}
      />
      <IndicatorFields draft={draft} onChange={set} errors={(f) => issuesAt(issues, f)} />
      <FormActions save={t('resultsEdit.saveIndicator')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
