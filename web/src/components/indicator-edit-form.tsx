import { useTranslation } from 'react-i18next';
import { indicatorPatchSchema } from '../../../src/domain/indicator.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { Indicator, IndicatorPatch } from '../api/types.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { numberOf } from './typed-number.js';
import { useVersionedEdit } from './use-versioned-edit.js';

type IndicatorField = 'name' | 'unit' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate';
type IndicatorDraft = Record<IndicatorField, string>;
const INDICATOR_FIELDS: IndicatorField[] = ['name', 'unit', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate'];
const NUMERIC = new Set<IndicatorField>(['baselineValue', 'targetValue']);

const indicatorDraftOf = (i: Indicator): IndicatorDraft => ({
  name: i.name,
  unit: i.unit,
  baselineValue: String(i.baselineValue),
  baselineDate: i.baselineDate,
  targetValue: String(i.targetValue),
  targetDate: i.targetDate,
});

function indicatorPatchOf(base: IndicatorDraft, d: IndicatorDraft): Omit<IndicatorPatch, 'version'> {
  const patch: Record<string, unknown> = {};
  for (const f of INDICATOR_FIELDS) if (d[f].trim() !== base[f]) patch[f] = NUMERIC.has(f) ? numberOf(d[f]) : d[f].trim();
  return patch;
}

/** Changes an indicator's name, unit, baseline and target, with the version read; reapplies over a newer one. */
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
  const labels: Record<IndicatorField, string> = {
    name: t('resultsEdit.indicatorName'),
    unit: t('resultsEdit.unit'),
    baselineValue: t('resultsEdit.baselineValue'),
    baselineDate: t('resultsEdit.baselineDate'),
    targetValue: t('resultsEdit.targetValue'),
    targetDate: t('resultsEdit.targetDate'),
  };

  return (
    <form className="form inline-form indicator-form" onSubmit={submit} noValidate>
      <EditFeedback
        edit={edit}
        message="resultsEdit.indicatorConflict"
        label={(k) => labels[k as IndicatorField]}
        value={(latest, k) => String(latest[k as IndicatorField])}
      />
      <div className="field-row">
        {(['name', 'unit'] as const).map((f) => (
          <Field key={f} label={labels[f]} errors={issuesAt(issues, f)}>
            {(p) => <input {...p} value={draft[f]} onChange={(e) => set({ [f]: e.target.value })} />}
          </Field>
        ))}
      </div>
      {(
        [
          ['baselineValue', 'baselineDate'],
          ['targetValue', 'targetDate'],
        ] as const
      ).map(([value, date]) => (
        <div key={value} className="field-row">
          <Field label={labels[value]} errors={issuesAt(issues, value)}>
            {(p) => <input {...p} inputMode="decimal" value={draft[value]} onChange={(e) => set({ [value]: e.target.value })} />}
          </Field>
          <Field label={labels[date]} errors={issuesAt(issues, date)}>
            {(p) => <input {...p} type="date" value={draft[date]} onChange={(e) => set({ [date]: e.target.value })} />}
          </Field>
        </div>
      ))}
      <FormActions save={t('resultsEdit.saveIndicator')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
