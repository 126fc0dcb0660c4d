import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, activityPatchSchema, DOMAINS } from '../../../src/domain/activity.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { Activity, ActivityPatch } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { historyValue } from './activity-history.js';
import { Alert, Field } from './field.js';

type Precision = 'day' | 'month' | 'quarter';

interface Draft {
  title: string;
  description: string;
  domain: Activity['domain'];
  type: Activity['type'];
  location: string;
  priority: string;
  start: string;
  end: string;
  precision: Precision;
}

const draftOf = (a: Activity, lang: string): Draft => ({
  title: (a.title as Record<string, string | undefined>)[lang] ?? '',
  description: (a.description as Record<string, string | undefined>)[lang] ?? '',
  domain: a.domain,
  type: a.type,
  location: a.location ?? '',
  priority: String(a.priority),
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
  // What the form started from: only fields the reader changed since are sent.
  const [base, setBase] = useState(() => draftOf(activity, lang));
  const [draft, setDraft] = useState(base);
  const untouched = JSON.stringify(base) === JSON.stringify(draft);
  // A change made elsewhere on the page (a postponement) shows here unless the reader is editing.
  useEffect(() => {
    if (!untouched) return;
    const fresh = draftOf(activity, lang);
    setBase(fresh);
    setDraft(fresh);
  }, [activity.version]);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState<{ latest: Activity; patch: Omit<ActivityPatch, 'version'> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) => {
      setSaved(false);
      setDraft((d) => ({ ...d, [k]: v }));
    };

  async function send(patch: Omit<ActivityPatch, 'version'>, version: number) {
    setBusy(true);
    setFailure(null);
    try {
      const updated = await api.updateActivity(activity.id, { ...patch, version });
      setIssues([]);
      setConflict(null);
      setSaved(true);
      setBase(draftOf(updated, lang));
      setDraft(draftOf(updated, lang));
      onChanged(updated);
    } catch (err) {
      // A conflict is a newer version only if there is one; a taken reference code is a plain refusal.
      const latest = err instanceof ProblemError && err.isConflict ? await api.activity(activity.id) : null;
      if (latest && latest.version !== version) setConflict({ latest, patch });
      else if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(err.detail || err.title);
      } else setFailure(t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = patchOf(activity, base, draft, lang);
    if (Object.keys(patch).length === 0) return setFailure(t('edit.nothingChanged'));
    const parsed = activityPatchSchema.safeParse({ ...patch, version: activity.version });
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    void send(patch, activity.version);
  }

  const field = (path: string) => issuesAt(issues, path);
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="edit-heading">
      <h2 id="edit-heading">{t('edit.title')}</h2>
      {conflict && (
        <Alert kind="error">
          <p>{t('edit.conflict', { version: conflict.latest.version, date: formatDateTime(conflict.latest.updatedAt) })}</p>
          <ul className="conflict-values">
            {Object.keys(conflict.patch).map((k) => (
              <li key={k}>
                {t(`history.fields.${k}`)}: {historyValue(k, (conflict.latest as Record<string, unknown>)[k], t)}
              </li>
            ))}
          </ul>
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() => {
                onChanged(conflict.latest);
                void send(conflict.patch, conflict.latest.version);
              }}
            >
              {t('edit.reapply')}
            </button>
            <button
              type="button"
              className="button ghost"
              onClick={() => {
                onChanged(conflict.latest);
                setBase(draftOf(conflict.latest, lang));
                setDraft(draftOf(conflict.latest, lang));
                setConflict(null);
              }}
            >
              {t('edit.discard')}
            </button>
          </div>
        </Alert>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {saved && <Alert kind="success">{t('edit.saved')}</Alert>}
      <Field label={t('edit.titleIn', { lang: lang.toUpperCase() })} errors={field('title')}>
        {(p) => <input {...p} value={draft.title} onChange={(e) => set('title')(e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field label={t('activity.field.domain')} errors={field('domain')}>
          {(p) => (
            <select {...p} value={draft.domain} onChange={(e) => set('domain')(e.target.value as Draft['domain'])}>
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {t(`domain.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activity.field.type')} errors={field('type')}>
          {(p) => (
            <select {...p} value={draft.type} onChange={(e) => set('type')(e.target.value as Draft['type'])}>
              {ACTIVITY_TYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`activityType.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="field-row">
        <Field label={t('activity.field.location')} errors={field('location')}>
          {(p) => <input {...p} value={draft.location} onChange={(e) => set('location')(e.target.value)} />}
        </Field>
        <Field label={t('activity.field.priority')} errors={field('priority')}>
          {(p) => (
            <select {...p} value={draft.priority} onChange={(e) => set('priority')(e.target.value)}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={String(n)}>
                  {t(`priority.${n}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="field-group">
        <legend>{t('activity.field.plannedPeriod')}</legend>
        <div className="field-row">
          <Field label={t('transition.periodStart')} errors={field('plannedPeriod.start')}>
            {(p) => <input {...p} type="date" value={draft.start} onChange={(e) => set('start')(e.target.value)} />}
          </Field>
          <Field label={t('transition.periodEnd')} errors={field('plannedPeriod.end')}>
            {(p) => <input {...p} type="date" value={draft.end} onChange={(e) => set('end')(e.target.value)} />}
          </Field>
          <Field label={t('transition.precision')} errors={field('plannedPeriod.precision')}>
            {(p) => (
              <select {...p} value={draft.precision} onChange={(e) => set('precision')(e.target.value as Precision)}>
                <option value="day">{t('precision.day')}</option>
                <option value="month">{t('precision.month')}</option>
                <option value="quarter">{t('precision.quarter')}</option>
              </select>
            )}
          </Field>
        </div>
        {field('plannedPeriod').length > 0 && field('plannedPeriod.start').length === 0 && (
          <p className="field-error">{field('plannedPeriod').join(' · ')}</p>
        )}
      </fieldset>
      <Field label={t('edit.descriptionIn', { lang: lang.toUpperCase() })} errors={field('description')}>
        {(p) => <textarea {...p} rows={4} value={draft.description} onChange={(e) => set('description')(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary" disabled={busy}>
        {t('edit.save')}
      </button>
    </form>
  );
}
