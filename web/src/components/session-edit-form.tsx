import { useTranslation } from 'react-i18next';
import { sessionPatchSchema } from '../../../src/domain/commission.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { CommissionSession, SessionPatch } from '../api/types.js';
import { formatDate } from '../i18n/format.js';
import { CardForm } from './card-form.js';
import { EditFeedback } from './conflict-panel.js';
import { FormActions } from './form-actions.js';
import { memberDraftOf, memberOf, SessionFields, type SessionFieldsDraft } from './session-fields.js';
import { useVersionedEdit } from './use-versioned-edit.js';

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
  const edit = useVersionedEdit({
    record: session,
    draftOf,
    patchOf: (before, d) => patchOf(before, d),
    schema: sessionPatchSchema,
    save: (patch, version) => api.updateSession(session.id, { ...patch, version }),
    reload: () => api.session(session.id),
    // Once its minutes are approved a session is frozen: its 409 is a plain refusal.
    editable: (latest) => latest.status !== 'minutes_approved',
    onSaved: (s) => {
      if (s) onChanged(s);
    },
    onNewer: onChanged,
  });
  const { draft, set, issues, busy, submit } = edit;

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
    <CardForm id="session-edit-heading" heading={t('sessionEdit.heading')} className="session-edit-form" onSubmit={submit}>
      <EditFeedback
        edit={edit}
        message="sessionEdit.conflict"
        label={(k) => labels[k] ?? k}
        value={(latest, k) => <bdi>{current(latest, k)}</bdi>}
        saved={t('sessionEdit.saved')}
      />
      <SessionFields draft={draft} parties={parties} onEdit={set} errors={field} />
      <FormActions save={t('sessionEdit.save')} cancel={t('sessionEdit.close')} onCancel={onClose} disabled={busy} />
    </CardForm>
  );
}
