import { useTranslation } from 'react-i18next';
import { INDICATOR_FREQUENCIES } from '../../../src/domain/indicator.schema.js';
import { Field } from './field.js';

/** The typed fields of an indicator, as a new one or a change of one has them. */
export type IndicatorField = 'name' | 'unit' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate' | 'frequency';
export type IndicatorFieldsDraft = Record<IndicatorField, string>;

/** The names of an indicator's fields in the reader's language. */
export function useIndicatorLabels(): Record<IndicatorField, string> {
  const { t } = useTranslation();
  return {
    name: t('resultsEdit.indicatorName'),
    unit: t('resultsEdit.unit'),
    baselineValue: t('resultsEdit.baselineValue'),
    baselineDate: t('resultsEdit.baselineDate'),
    targetValue: t('resultsEdit.targetValue'),
    targetDate: t('resultsEdit.targetDate'),
    frequency: t('resultsEdit.frequency'),
  };
}

/** An indicator's name and unit, then its baseline and its target, each a figure and a date, then how often it is measured. */
export function IndicatorFields({
  draft,
  onChange,
  errors,
}: {
  draft: IndicatorFieldsDraft;
  onChange: (change: Partial<IndicatorFieldsDraft>) => void;
  errors: (field: IndicatorField) => readonly string[];
}) {
  const { t } = useTranslation();
  const labels = useIndicatorLabels();
  return (
    <>
      <div className="field-row">
        {(['name', 'unit'] as const).map((f) => (
          <Field key={f} label={labels[f]} errors={errors(f)}>
            {(p) => <input {...p} dir="auto" value={draft[f]} onChange={(e) => onChange({ [f]: e.target.value })} />}
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
          <Field label={labels[value]} errors={errors(value)}>
            {(p) => (
              <input {...p} inputMode="decimal" value={draft[value]} onChange={(e) => onChange({ [value]: e.target.value })} />
            )}
          </Field>
          <Field label={labels[date]} errors={errors(date)}>
            {(p) => <input {...p} type="date" value={draft[date]} onChange={(e) => onChange({ [date]: e.target.value })} />}
          </Field>
        </div>
      ))}
      <Field label={labels.frequency} errors={errors('frequency')}>
        {(p) => (
          <select {...p} value={draft.frequency} onChange={(e) => onChange({ frequency: e.target.value })}>
            {INDICATOR_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`resultsEdit.frequencies.${f}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
