import { useTranslation } from 'react-i18next';
import { RANDOM_INDEX_TABLE_NAMES, RANDOM_INDEX_TABLES } from '../../../src/domain/evaluation/ahp.js';
import { AGGREGATIONS, SMAA_VALUE_MODES } from '../../../src/domain/evaluation/evaluation.schema.js';
import { evaluationPatchSchema } from '../../../src/domain/evaluation/workspace.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { EvaluationPatch, EvaluationRecord } from '../api/types.js';
import { EvaluationForm } from './evaluation-form.js';
import { Field } from './field.js';
import { useVersionedEdit } from './use-versioned-edit.js';

const VALUE_TEXT = { exact: 'evaluation.methodForm.exact', evaluators: 'evaluation.methodForm.evaluators' } as const;

type Method = NonNullable<EvaluationRecord['method']>;
type Draft = { aggregation: string; randomIndex: string; draws: string; seed: string; values: string };

const draftOf = (r: EvaluationRecord): Draft => ({
  aggregation: r.method?.aggregation ?? 'AIJ',
  randomIndex: r.method?.randomIndex ?? 'saaty',
  draws: String(r.method?.smaa.draws ?? 10_000),
  seed: String(r.method?.smaa.seed ?? ''),
  values: r.method?.smaa.values ?? 'exact',
});

/**
 * The planners' form for the evaluation's method: how the evaluators are
 * aggregated, which random-index table judges consistency, and the SMAA
 * draws, seed and values. The criteria are shown, not edited, here.
 */
export function EvaluationMethodForm({ record, onSaved }: { record: EvaluationRecord; onSaved: (r: EvaluationRecord) => void }) {
  const { t } = useTranslation();
  const edit = useVersionedEdit({
    record,
    draftOf,
    patchOf: (base, draft, onto): Omit<EvaluationPatch, 'version'> => {
      if (JSON.stringify(base) === JSON.stringify(draft)) return {};
      const smaa = { ...onto.method?.smaa, draws: Number(draft.draws), seed: Number(draft.seed), values: draft.values };
      return { method: { aggregation: draft.aggregation, randomIndex: draft.randomIndex, smaa } as Method };
    },
    schema: evaluationPatchSchema,
    save: (patch, version) => api.updateEvaluation(record.programmeId, { ...patch, version }),
    reload: () => api.evaluation(record.programmeId),
    onSaved: (r) => r && onSaved(r),
    onNewer: onSaved,
  });
  const { draft, set } = edit;
  const field = (path: string) => issuesAt(edit.issues, `method.${path}`);
  const choice = (
    key: 'aggregation' | 'randomIndex' | 'values',
    label: string,
    options: readonly string[],
    text: (o: string) => string,
  ) => (
    <Field label={label} errors={field(key === 'values' ? 'smaa.values' : key)}>
      {(p) => (
        <select {...p} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })}>
          {options.map((o) => (
            <option key={o} value={o}>
              {text(o)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  const number = (key: 'draws' | 'seed', label: string) => (
    <Field label={label} errors={field(`smaa.${key}`)}>
      {(p) => <input {...p} inputMode="numeric" value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} />}
    </Field>
  );
  return (
    <EvaluationForm name="methodForm" edit={edit}>
      <div className="field-row">
        {choice('aggregation', t('evaluation.methodForm.aggregation'), AGGREGATIONS, (o) => o)}
        {choice(
          'randomIndex',
          t('evaluation.methodForm.randomIndex'),
          RANDOM_INDEX_TABLE_NAMES,
          (o) => RANDOM_INDEX_TABLES[o as keyof typeof RANDOM_INDEX_TABLES].name,
        )}
        {choice('values', t('evaluation.methodForm.values'), SMAA_VALUE_MODES, (o) =>
          t(VALUE_TEXT[o as keyof typeof VALUE_TEXT]),
        )}
        {number('draws', t('evaluation.methodForm.draws'))}
        {number('seed', t('evaluation.methodForm.seed'))}
      </div>
    </EvaluationForm>
  );
}
