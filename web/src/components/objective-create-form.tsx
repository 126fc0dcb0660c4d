import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { objectiveCreateSchema } from '../../../src/domain/objective.schema.js';
import { resultsApi } from '../api/results.js';
import type { WorkPlan } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { ActivityPicker, type PickedActivity } from './activity-picker.js';
import { Alert } from './field.js';
import { FormActions } from './form-actions.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { DescriptionField, TitleField } from './language-fields.js';
import { useInlineCreate } from './use-inline-create.js';

interface Draft {
  title: string;
  description: string;
  activities: PickedActivity[];
  label: LabelDraft;
}

/**
 * A new objective of the plan, written in the reader's language, with the
 * activities that serve it and its label (the plan's by default). Checked with
 * the API's schema before it is sent; refusals show beside their fields.
 */
export function ObjectiveCreateForm({
  plan,
  parties,
  onCreated,
  onCancel,
}: {
  plan: WorkPlan;
  /** The parties the objective may be released to: the plan's commission's. */
  parties: readonly string[];
  onCreated: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [draft, setDraft] = useState<Draft>(() => ({
    title: '',
    description: '',
    activities: [],
    label: { classification: plan.classification, releasableTo: plan.releasableTo, compartments: plan.compartments },
  }));
  const { failure, busy, field, create } = useInlineCreate(objectiveCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      {
        // A blank title is left out, so that the one message is that a title is needed.
        title: draft.title.trim() ? { [lang]: draft.title.trim() } : {},
        ...(draft.description.trim() ? { description: { [lang]: draft.description.trim() } } : {}),
        activityIds: draft.activities.map((a) => a.id),
        ...draft.label,
      },
      (data) => resultsApi.createObjective(plan.id, data),
      onCreated,
    );
  }

  return (
    <form className="form inline-form objective-form" onSubmit={submit} noValidate aria-labelledby="objective-create-heading">
      <h3 id="objective-create-heading">{t('resultsEdit.newObjective')}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      <TitleField lang={lang} value={draft.title} onChange={(title) => edit({ title })} errors={field('title')} />
      <DescriptionField
        lang={lang}
        rows={3}
        value={draft.description}
        onChange={(description) => edit({ description })}
        errors={field('description')}
      />
      <ActivityPicker
        planId={plan.id}
        selected={draft.activities}
        onChange={(activities) => edit({ activities })}
        errors={field('activityIds')}
      />
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={parties} errors={field} />
      <FormActions
        save={t('resultsEdit.createObjective')}
        cancel={t('resultsEdit.cancelCreate')}
        onCancel={onCancel}
        disabled={busy}
      />
    </form>
  );
}
