import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionPatchSchema } from '../../../src/domain/commission.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { CommissionSession, SessionPatch } from '../api/types.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { Alert } from './field.js';
import { memberDraftOf, memberOf, SessionFields, type SessionFieldsDraft } from './session-fields.js';

type Draft = SessionFieldsDraft;

const draftOf = (s: CommissionSession): Draft => ({
  startDate: s.startDate,
  endDate: s.endDate,
  place: s.place,
  hostParty: s.hostParty,
  delegations: s.delegations.map(memberDraftOf),
});

/** Only what the reader changed. */
function patchOf(before: Draft, d: Draft): Omit<SessionPatch, 'version'> {
  const patch: Omit<SessionPatch, 'version'> = {};
  if (d.startDate !== before.startDate) patch.startDate = d.startDate;
  if (d.endDate !== before.endDate) patch.endDate = d.endDate;
  if (d.place.trim() !== before.place) patch.place = d.place.trim();
  if (d.hostParty !== before.hostParty) patch.hostParty = d.hostParty;
  if (JSON.stringify(d.delegations) !== JSON.stringify(before.delegations)) patch.delegations = d.delegations.map(memberOf);
  return patch;
}

/**
 * Corrects a session record: dates, place, host and the members of each
 * delegation. Sends only what changed, with the version it was read at; if
 * someone changed the session meanwhile, shows the newer values and lets
 * the reader apply the same changes to them.
 */
export function SessionEditForm({
  session,
  parties,
  onChanged,
  onClose,
}: {
  session: CommissionSession;
  parties: string[];
  onChanged: (s: CommissionSession) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [base, setBase] = useState(() => draftOf(session));
  const [draft, setDraft] = useState(base);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState<{ latest: CommissionSession; patch: Omit<SessionPatch, 'version'> } | null>(null);
  const [busy, setBusy] = useState(false);
  const edit = (patch: Partial<Draft>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...patch }));
  };

  async function send(patch: Omit<SessionPatch, 'version'>, version: number) {
    setBusy(true);
    setFailure(null);
    try {
      const updated = await api.updateSession(session.id, { ...patch, version });
      setIssues([]);
      setConflict(null);
      setSaved(true);
      setBase(draftOf(updated));
      setDraft(draftOf(updated));
      onChanged(updated);
    } catch (err) {
      // A newer version is a conflict to resolve; the same version refused (frozen) is a plain refusal.
      const latest = err instanceof ProblemError && err.isConflict ? await api.session(session.id) : null;
      if (latest && latest.version !== version && latest.status !== 'minutes_approved') setConflict({ latest, patch });
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
    const patch = patchOf(base, draft);
    if (Object.keys(patch).length === 0) return setFailure(t('edit.nothingChanged'));
    const parsed = sessionPatchSchema.safeParse({ ...patch, version: session.version });
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    void send(patch, session.version);
  }

  const field = (path: string) => issuesAt(issues, path);
  const current = (latest: CommissionSession, k: string) => {
    if (k === 'startDate' || k === 'endDate') return formatDate(latest[k]);
    if (k === 'delegations') return t('sessionEdit.members', { count: latest.delegations.length });
    return String(latest[k as 'place' | 'hostParty']);
  };
  const labels: Record<string, string> = {
    startDate: t('sessionEdit.startDate'),
    endDate: t('sessionEdit.endDate'),
    place: t('sessionEdit.place'),
    hostParty: t('sessionEdit.host'),
    delegations: t('sessionEdit.delegations'),
  };
  return (
    <form className="card form session-edit-form" onSubmit={submit} noValidate aria-labelledby="session-edit-heading">
      <h2 id="session-edit-heading">{t('sessionEdit.heading')}</h2>
      {conflict && (
        <Alert kind="error">
          <p>
            {t('sessionEdit.conflict', { version: conflict.latest.version, date: formatDateTime(conflict.latest.updatedAt) })}
          </p>
          <ul className="conflict-values">
            {Object.keys(conflict.patch).map((k) => (
              <li key={k}>
                {labels[k]}: <bdi>{current(conflict.latest, k)}</bdi>
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
                setBase(draftOf(conflict.latest));
                setDraft(draftOf(conflict.latest));
                setConflict(null);
              }}
            >
              {t('edit.discard')}
            </button>
          </div>
        </Alert>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {saved && <Alert kind="success">{t('sessionEdit.saved')}</Alert>}
      <SessionFields draft={draft} parties={parties} onEdit={edit} errors={field} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('sessionEdit.save')}
        </button>
        <button type="button" className="button ghost" onClick={onClose}>
          {t('sessionEdit.close')}
        </button>
      </div>
    </form>
  );
}
