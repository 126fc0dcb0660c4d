import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TRANSITIONS, type ActivityStatus } from '../../../src/domain/activity.lifecycle.js';
import { activityTransitionSchema } from '../../../src/domain/activity.schema.js';
import { api } from '../api/client.js';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { Activity, ActivityTransitionInput } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { ConflictPanel } from './conflict-panel.js';
import { Alert, Field } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';

type Precision = 'day' | 'month' | 'quarter';

/**
 * Moves an activity through its lifecycle. The input is checked with the
 * API's own schema first; the API's refusals are shown next to their fields;
 * if someone changed the activity meanwhile, the newer version is shown and
 * the same move can be applied to it.
 */
export function TransitionForm({ activity, onChanged }: { activity: Activity; onChanged: (a: Activity) => void }) {
  const { t } = useTranslation();
  const next = ACTIVITY_TRANSITIONS[activity.status];
  const [to, setTo] = useState<ActivityStatus | ''>(next[0] ?? '');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [precision, setPrecision] = useState<Precision>('day');
  const [actualStart, setActualStart] = useState('');
  const [actualEnd, setActualEnd] = useState('');
  const [conflict, setConflict] = useState<{ latest: Activity; input: ActivityTransitionInput } | null>(null);
  const [busy, setBusy] = useState(false);
  const target = to && next.includes(to) ? to : (next[0] as ActivityStatus);
  // A refusal is of the move asked of the activity as it stood: it goes as the reader changes the move
  // (a field's errors with that field), and when the activity reads otherwise.
  const { failure, issues, run, clear, refuseOver, setIssues } = useActionFeedback<never>(
    JSON.stringify([activity.version, activity.status]),
    { to: target, reason, plannedPeriod: { start, end, precision }, actualStart, actualEnd },
  );

  if (!next.length) return null;

  function input(version: number): unknown {
    return {
      to: target,
      reason: reason.trim() || undefined,
      plannedPeriod: target === 'postponed' ? { start, end: end || start, precision } : undefined,
      actualStart: target === 'conducted' && actualStart ? actualStart : undefined,
      actualEnd: target === 'conducted' && actualEnd ? actualEnd : undefined,
      version,
    };
  }

  async function send(body: ActivityTransitionInput) {
    setBusy(true);
    await run(
      async () => {
        try {
          const updated = await api.transition(activity.id, body);
          setConflict(null);
          setReason('');
          onChanged(updated);
        } catch (err) {
          if (!(err instanceof ProblemError && err.isConflict)) throw err;
          // Changed meanwhile: the conflict panel says so and offers the same move on the newer version.
          setConflict({ latest: await api.activity(activity.id), input: body });
        }
        return null;
      },
      (outcome) => outcome === 'done',
    );
    setBusy(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = activityTransitionSchema.safeParse(input(activity.version));
    if (!parsed.success) {
      clear();
      return setIssues(issuesOf(parsed.error.issues));
    }
    void send(parsed.data);
  }

  /** The reader saw the newer version: show it, then try the same move on it. */
  function reapply() {
    if (!conflict) return;
    const { latest, input: body } = conflict;
    setConflict(null);
    if (ACTIVITY_TRANSITIONS[latest.status].includes(body.to)) {
      onChanged(latest);
      void send({ ...body, version: latest.version });
    }
    // Said over the newer version it is about, until another move or another reading.
    else refuseOver(() => onChanged(latest), t('transition.noLongerAllowed', { status: t(`activityStatus.${latest.status}`) }));
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="transition-heading">
      <h2 id="transition-heading">{t('transition.title')}</h2>
      {conflict && (
        <ConflictPanel
          message={t('transition.conflict', {
            version: conflict.latest.version,
            status: t(`activityStatus.${conflict.latest.status}`),
            date: formatDateTime(conflict.latest.updatedAt),
          })}
          busy={busy}
          reapplyLabel={t('transition.reapply')}
          discardLabel={t('transition.discard')}
          onReapply={reapply}
          onDiscard={() => {
            onChanged(conflict.latest);
            setConflict(null);
          }}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('transition.to')} errors={issuesAt(issues, 'to')}>
        {(p) => (
          <select {...p} value={target} onChange={(e) => setTo(e.target.value as ActivityStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`activityStatus.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {target === 'postponed' && (
        <fieldset className="field-group">
          <legend>{t('transition.newPeriod')}</legend>
          <Field label={t('transition.periodStart')} errors={issuesAt(issues, 'plannedPeriod.start')}>
            {(p) => <input {...p} type="date" value={start} onChange={(e) => setStart(e.target.value)} />}
          </Field>
          <Field label={t('transition.periodEnd')} errors={issuesAt(issues, 'plannedPeriod.end')}>
            {(p) => <input {...p} type="date" value={end} onChange={(e) => setEnd(e.target.value)} />}
          </Field>
          <Field label={t('transition.precision')} errors={issuesAt(issues, 'plannedPeriod.precision')}>
            {(p) => (
              <select {...p} value={precision} onChange={(e) => setPrecision(e.target.value as Precision)}>
                <option value="day">{t('precision.day')}</option>
                <option value="month">{t('precision.month')}</option>
                <option value="quarter">{t('precision.quarter')}</option>
              </select>
            )}
          </Field>
          {issuesAt(issues, 'plannedPeriod').length > 0 && !start && (
            <p className="field-error">{issuesAt(issues, 'plannedPeriod').join(' · ')}</p>
          )}
        </fieldset>
      )}
      {target === 'conducted' && (
        <div className="field-row">
          <Field label={t('transition.actualStart')} errors={issuesAt(issues, 'actualStart')} hint={t('transition.actualHint')}>
            {(p) => <input {...p} type="date" value={actualStart} onChange={(e) => setActualStart(e.target.value)} />}
          </Field>
          <Field label={t('transition.actualEnd')} errors={issuesAt(issues, 'actualEnd')}>
            {(p) => <input {...p} type="date" value={actualEnd} onChange={(e) => setActualEnd(e.target.value)} />}
          </Field>
        </div>
      )}
      <Field label={t('transition.reason')} errors={issuesAt(issues, 'reason')}>
        {(p) => <textarea {...p} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary" disabled={busy}>
        {t('transition.submit')}
      </button>
    </form>
  );
}
