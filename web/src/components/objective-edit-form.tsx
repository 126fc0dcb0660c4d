import { useTranslation } from 'react-i18next';
import { objectivePatchSchema } from '../../../src/domain/objective.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { ObjectivePatch, ResultObjective } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { ActivityPicker, type PickedActivity } from './activity-picker.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { useVersionedEdit } from './use-versioned-edit.js';

interface ObjectiveDraft {
  title: string;
  description: string;
  activities: PickedActivity[];
}

const objectiveDraftOf = (o: ResultObjective, lang: string): ObjectiveDraft => ({
  title: (o.title as Record<string, string | undefined>)[lang] ?? '',
  description: (o.description as Record<string, string | undefined>)[lang] ?? '',
  activities: o.linkedActivities.map((a) => ({ id: a.id, refCode: a.refCode, title: a.title })),
});

/** What the reader changed: texts in the reader's language, and the activities added and removed. */
interface ObjectiveChange {
  title?: string;
  description?: string;
  added: string[];
  removed: string[];
}

function changeOf(base: ObjectiveDraft, d: ObjectiveDraft): ObjectiveChange {
  const before = new Set(base.activities.map((a) => a.id));
  const after = new Set(d.activities.map((a) => a.id));
  return {
    ...(d.title.trim() !== base.title && { title: d.title.trim() }),
    ...(d.description.trim() !== base.description && { description: d.description.trim() }),
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
  };
}

/** The change as a patch of `o`: the other languages' texts kept, the links added and removed on top of its own. */
function patchFor(o: ResultObjective, c: ObjectiveChange, lang: string): Omit<ObjectivePatch, 'version'> {
  const linked = o.linkedActivities.map((a) => a.id);
  return {
    ...(c.title !== undefined && { title: { ...o.title, [lang]: c.title || undefined } }),
    ...(c.description !== undefined && { description: { ...o.description, [lang]: c.description || undefined } }),
    ...((c.added.length > 0 || c.removed.length > 0) && {
      activityIds: [...linked.filter((id) => !c.removed.includes(id)), ...c.added.filter((id) => !linked.includes(id))],
    }),
  };
}

/**
 * Changes an objective's title, description and linked activities. Sends
 * only what changed, with the version read; if someone changed the objective
 * meanwhile, shows the newer version and lets the reader apply the same
 * changes to it (links added and removed on top of the newer ones).
 */
export function ObjectiveEditForm({
  planId,
  objective,
  onDone,
  onCancel,
}: {
  planId: string;
  objective: ResultObjective;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const edit = useVersionedEdit({
    record: objective,
    draftOf: (o: ResultObjective) => objectiveDraftOf(o, lang),
    patchOf: (base, d, onto) => patchFor(onto, changeOf(base, d), lang),
    schema: objectivePatchSchema,
    save: async (patch, version) => {
      await api.updateObjective(objective.id, { ...patch, version });
      return undefined;
    },
    reload: async () => (await api.results(planId)).objectives.find((x) => x.id === objective.id),
    onSaved: onDone,
  });
  const { draft, set, issues, busy, submit } = edit;

  const labels: Record<string, string> = {
    title: t('resultsEdit.title'),
    description: t('edit.descriptionIn', { lang: lang.toUpperCase() }),
    activityIds: t('resultsEdit.linkedActivities'),
  };
  const newerValue = (latest: ResultObjective, k: string) => {
    if (k === 'activityIds') return <bdi dir="ltr">{latest.linkedActivities.map((a) => a.refCode).join(', ') || '—'}</bdi>;
    const text = localized(k === 'title' ? latest.title : latest.description);
    return <span lang={text.lang}>{text.text}</span>;
  };
  return (
    <form className="form inline-form objective-form" onSubmit={submit} noValidate>
      <EditFeedback
        edit={edit}
        message="resultsEdit.objectiveConflict"
        label={(k) => labels[k] ?? k}
        value={(latest, k) => newerValue(latest, k)}
      />
      <Field label={t('edit.titleIn', { lang: lang.toUpperCase() })} errors={issuesAt(issues, 'title')}>
        {(p) => <input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <Field label={t('edit.descriptionIn', { lang: lang.toUpperCase() })} errors={issuesAt(issues, 'description')}>
        {(p) => <textarea {...p} rows={3} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <ActivityPicker
        planId={planId}
        selected={draft.activities}
        onChange={(activities) => set({ activities })}
        errors={issuesAt(issues, 'activityIds')}
      />
      <FormActions save={t('resultsEdit.saveObjective')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
