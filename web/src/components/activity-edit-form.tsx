import { useTranslation } from 'react-i18next';
import { activityPatchSchema } from '../../../src/domain/activity.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { Activity, ActivityPatch } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { ActivityFields, type ActivityFieldsDraft } from './activity-fields.js';
import { historyValue } from './activity-history.js';
import { CardForm } from './card-form.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { useVersionedEdit } from './use-versioned-edit.js';

interface Draft extends ActivityFieldsDraft {
  title: string;
  description: string;
  location: string;
}

const draftOf = (a: Activity, lang: string): Draft => ({
  title: (a.title as Record<string, string | undefined>)[lang] ?? '',
  description: (a.description as Record<string, string | undefined>)[lang] ?? '',
  domain: a.domain,
  type: a.type,
  location: a.location ?? '',
  priority: String(a.priority),
  recurring: a.recurring,
  start: a.plannedPeriod.start,
  end: a.plannedPeriod.end,
  precision: a.plannedPeriod.precision,
});

/** Only what the reader changed, written in the reader's language beside the other languages' texts. */
function patchOf(a: Activity, before: Draft, d: Draft, lang: string): Omit<ActivityPatch, 'version'> {
  const patch: Record<string, unknown> = {};
  if (d.title.trim() !== before.title) patch.title = { ...a.title, [lang]: d.title.trim() || undefined };
  if (d.description.trim() !== before.description)
    patch.description = { ...a.description, [lang]: d.description.trim() || undefined };
  if (d.domain !== before.domain) patch.domain = d.domain;
  if (d.type !== before.type) patch.type = d.type;
  if (d.location.trim() !== before.location) patch.location = d.location.trim() || null;
  if (d.priority !== before.priority) patch.priority = Number(d.priority);
  if (d.recurring !== before.recurring) patch.recurring = d.recurring;
  if (d.start !== before.start || d.end !== before.end || d.precision !== before.precision)
    patch.plannedPeriod = { start: d.start, end: d.end || d.start, precision: d.precision };
  return patch;
}

/**
 * Changes an activity's fields. Sends only what changed, with the version it
 * was read at; if someone changed the activity meanwhile, shows the newer
 * values and lets the reader apply the same changes to them.
 */
export function ActivityEditForm({ activity, onChanged }: { activity: Activity; onChanged: (a: Activity) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const edit = useVersionedEdit({
    record: activity,
    draftOf: (a: Activity) => draftOf(a, lang),
    patchOf: (before, d, onto) => patchOf(onto, before, d, lang),
    schema: activityPatchSchema,
    save: (patch, version) => api.updateActivity(activity.id, { ...patch, version }),
    reload: () => api.activity(activity.id),
    onSaved: (a) => {
      if (a) onChanged(a);
    },
    onNewer: onChanged,
  });
  const { draft, set, issues, busy, submit } = edit;

  const field = (path: string) => issuesAt(issues, path);
  return (
    <CardForm id="edit-heading" heading={t('edit.title')} onSubmit={submit}>
      <EditFeedback
        edit={edit}
        message="edit.conflict"
        label={(k) => t(`history.fields.${k}`)}
        value={(latest, k) => historyValue(k, (latest as Record<string, unknown>)[k], t)}
        saved={t('edit.saved')}
      />
      <Field label={t('edit.titleIn', { lang: lang.toUpperCase() })} errors={field('title')}>
        {(p) => <input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <ActivityFields
        draft={draft}
        onChange={set}
        onPeriodChange={set}
        issues={issues}
        between={
          <Field label={t('activity.field.location')} errors={field('location')}>
            {(p) => <input {...p} value={draft.location} onChange={(e) => set({ location: e.target.value })} />}
          </Field>
        }
      />
      <Field label={t('edit.descriptionIn', { lang: lang.toUpperCase() })} errors={field('description')}>
        {(p) => <textarea {...p} rows={4} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <button type="submit" className="button primary" disabled={busy}>
        {t('edit.save')}
      </button>
    </CardForm>
  );
}
