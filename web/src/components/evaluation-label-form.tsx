import { useTranslation } from 'react-i18next';
import { type EvaluationLabelWrite, evaluationLabelWriteSchema } from '../../../src/domain/evaluation/evaluation-label.js';
import type { Label } from '../../../src/domain/labels.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import { procurementApi } from '../api/procurement.js';
import type { EvaluationRecord } from '../api/types.js';
import { EvaluationForm } from './evaluation-form.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { useVersionedEdit } from './use-versioned-edit.js';

type Draft = { own: boolean; label: LabelDraft };

const sorted = (list: readonly string[]) => [...list].sort();
const draftOf = (r: EvaluationRecord): Draft => ({
  own: r.label.own,
  label: {
    classification: r.label.classification,
    releasableTo: sorted(r.label.releasableTo),
    compartments: sorted(r.label.compartments),
  },
});

/**
 * The programme's planners' form for the evaluation's own label: none (the
 * evaluation reads as its programme) or one at least as strict as the
 * programme's, so that the scores can be kept from some of the programme's
 * readers. The parties offered are those the programme is released to: a
 * label may only narrow them. What the API refuses (a looser label) shows
 * beside the field it names.
 */
export function EvaluationLabelForm({
  record,
  programme,
  onSaved,
}: {
  record: EvaluationRecord;
  programme: Label;
  onSaved: (r: EvaluationRecord) => void;
}) {
  const { t } = useTranslation();
  const edit = useVersionedEdit({
    record,
    draftOf,
    patchOf: (base, draft): Omit<EvaluationLabelWrite, 'version'> | Record<string, never> => {
      if (JSON.stringify(base) === JSON.stringify(draft)) return {};
      return { label: draft.own ? draft.label : null };
    },
    schema: evaluationLabelWriteSchema,
    save: (patch, version) =>
      procurementApi.setEvaluationLabel(record.programmeId, { label: null, ...patch, version } as EvaluationLabelWrite),
    reload: () => api.evaluation(record.programmeId),
    onSaved: (r) => r && onSaved(r),
    onNewer: onSaved,
  });
  const { draft, set } = edit;
  // A new own label starts from the programme's, the least strict one the API takes.
  const start = (own: boolean) =>
    set({
      own,
      label: own && !record.label.own ? draftOf({ ...record, label: { ...programme, own: true } }).label : draft.label,
    });
  return (
    <EvaluationForm name="labelForm" edit={edit}>
      <p className="muted">{t('evaluation.labelForm.hint')}</p>
      <label className="check">
        <input type="checkbox" checked={draft.own} onChange={(e) => start(e.target.checked)} /> {t('evaluation.labelForm.own')}
      </label>
      {draft.own && (
        <LabelFields
          value={draft.label}
          onChange={(label) => set({ label })}
          parties={sorted([...new Set([...programme.releasableTo, ...record.label.releasableTo])])}
          errors={(path) => issuesAt(edit.issues, `label.${path}`)}
        />
      )}
    </EvaluationForm>
  );
}
