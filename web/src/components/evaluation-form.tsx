import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CardForm } from './card-form.js';
import { EditFeedback } from './conflict-panel.js';

type Edit = {
  conflict: { latest: { version: number }; patch: object } | null;
  busy: boolean;
  failure: string | null;
  saved: boolean;
  reapply: () => void;
  discard: () => void;
  submit: (e?: FormEvent) => void;
};

/**
 * A form of the evaluation page on `useVersionedEdit`: its heading, what the
 * last save said (a conflict with a newer version, a refusal, saved), its
 * fields and its save button. `name` picks the texts under `evaluation.<name>`.
 */
export function EvaluationForm({ name, edit, children }: { name: keyof typeof TEXTS; edit: Edit; children: ReactNode }) {
  const { t } = useTranslation();
  const text = TEXTS[name];
  return (
    <CardForm id={`${text.className}-heading`} heading={t(text.title)} className={text.className} onSubmit={edit.submit}>
      <EditFeedback edit={edit} message={text.conflict} saved={t(text.saved)} />
      {children}
      <div className="actions">
        <button type="submit" className="button primary" disabled={edit.busy}>
          {t(text.save)}
        </button>
      </div>
    </CardForm>
  );
}

const TEXTS = {
  inputs: {
    className: 'evaluation-inputs',
    title: 'evaluation.inputs.title',
    conflict: 'evaluation.inputs.conflict',
    saved: 'evaluation.inputs.saved',
    save: 'evaluation.inputs.save',
  },
  criteriaForm: {
    className: 'evaluation-criteria-form',
    title: 'evaluation.tree.title',
    conflict: 'evaluation.tree.conflict',
    saved: 'evaluation.tree.saved',
    save: 'evaluation.tree.save',
  },
  methodForm: {
    className: 'evaluation-method',
    title: 'evaluation.methodForm.title',
    conflict: 'evaluation.methodForm.conflict',
    saved: 'evaluation.methodForm.saved',
    save: 'evaluation.methodForm.save',
  },
  labelForm: {
    className: 'evaluation-label',
    title: 'evaluation.labelForm.title',
    conflict: 'evaluation.labelForm.conflict',
    saved: 'evaluation.labelForm.saved',
    save: 'evaluation.labelForm.save',
  },
} as const;
