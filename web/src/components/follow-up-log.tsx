import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAutomaticMoveBody } from '../../../src/domain/activity.lifecycle.js';
import { followUpCreateSchema } from '../../../src/domain/follow-up.schema.js';
import type { ProjectFollowUp } from '../../../src/domain/industrial-follow-up.schema.js';
import { canFollowUp } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { issuesAt, issuesOf } from '../api/problem.js';
import type { Activity, FollowUp, FollowUpCreate } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { currentLanguage, LANGUAGES, type Language, languageName } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';
import { useActionFeedback } from './use-action-feedback.js';

/** The follow-up log of an activity, newest first, with the form to add an entry. */
export function FollowUpLog({ activity }: { activity: Activity }) {
  const { user } = useSession();
  return (
    <RecordFollowUps recordId={activity.id} canWrite={canFollowUp(user, activity)} load={api.followUps} add={api.addFollowUp} />
  );
}

/** An entry of a follow-up log: an activity's tells the status change it records, if any. */
type Entry = (FollowUp | ProjectFollowUp) & { fromStatus?: string | null; toStatus?: string | null };

/**
 * The follow-up log of a record (an activity, an industrial project), newest
 * first, with the form to add an entry for the readers who may write one.
 */
export function RecordFollowUps<E extends Entry>({
  recordId,
  canWrite,
  load,
  add,
}: {
  recordId: string;
  canWrite: boolean;
  load: (recordId: string) => Promise<{ items: E[] }>;
  add: (recordId: string, input: FollowUpCreate) => Promise<E>;
}) {
  const { t } = useTranslation();
  const log = useLoad(() => load(recordId), [recordId]);
  const [added, setAdded] = useState<E[]>([]);
  const entries = [...added, ...(log.data?.items ?? [])];
  usePageLabels(entries);

  return (
    <section className="card" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">{t('followUp.title')}</h2>
      {canWrite && <FollowUpForm add={(input) => add(recordId, input)} onAdded={(f) => setAdded((a) => [f, ...a])} />}
      {log.state === 'failed' && <LoadError error={log.error} />}
      {log.state === 'ready' && entries.length === 0 && <p className="muted">{t('followUp.none')}</p>}
      <ol className="follow-ups">
        {entries.map((f) => (
          <li key={f.id} className="follow-up">
            <RecordMarking label={f} compact />
            <div className="follow-up-head">
              <span className={`badge kind-${f.kind}`}>{t(`followUp.kind.${f.kind}`)}</span>
              <time dateTime={f.createdAt}>{formatDateTime(f.createdAt)}</time>
              {f.fromStatus && f.toStatus && (
                <span className="muted">
                  {t('followUp.statusChange', {
                    from: t(`activityStatus.${f.fromStatus}`),
                    to: t(`activityStatus.${f.toStatus}`),
                  })}
                </span>
              )}
            </div>
            {!isAutomaticMoveBody(f.body, f.fromStatus ?? null, f.toStatus ?? null) && (
              <p className="follow-up-body" lang={f.language} dir="auto">
                {f.body}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function FollowUpForm<E>({ add, onAdded }: { add: (input: FollowUpCreate) => Promise<E>; onAdded: (f: E) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'note' | 'report'>('note');
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  // A refusal is of the entry sent: it goes as the reader changes it (a field's errors with that field).
  const { failure, issues, run, clear, setIssues } = useActionFeedback<never>('', { kind, language, body });

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = followUpCreateSchema.safeParse({ kind, language, body });
    if (!parsed.success) {
      clear();
      return setIssues(issuesOf(parsed.error.issues));
    }
    setBusy(true);
    await run(async () => {
      onAdded(await add(parsed.data));
      setBody('');
      return null;
    });
    setBusy(false);
  }

  return (
    <form className="form follow-up-form" onSubmit={submit} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('followUp.body')} errors={issuesAt(issues, 'body')}>
        {(p) => <textarea {...p} rows={3} dir="auto" value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field label={t('followUp.kindLabel')} errors={issuesAt(issues, 'kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as 'note' | 'report')}>
              <option value="note">{t('followUp.kind.note')}</option>
              <option value="report">{t('followUp.kind.report')}</option>
            </select>
          )}
        </Field>
        <Field label={t('followUp.language')} errors={issuesAt(issues, 'language')}>
          {(p) => (
            <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {languageName(l)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <button type="submit" className="button primary" disabled={busy}>
        {t('followUp.add')}
      </button>
    </form>
  );
}
