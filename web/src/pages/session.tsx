import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlanIn } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { isolate, Localized } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { SessionAgenda } from '../components/session-agenda.js';
import { SessionDelegations } from '../components/session-delegations.js';
import { SessionEditForm } from '../components/session-edit-form.js';
import { SessionMoves } from '../components/session-moves.js';
import { SessionStatusBadge } from '../components/session-status.js';
import { formatDate } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

/** A session of a commission: delegations, status and minutes approvals, agenda with minutes, decisions and action items. */
export default function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const loaded = useLoad(async () => {
    const session = await api.session(sessionId);
    const [commission, agenda, actionItems] = await Promise.all([
      api.commission(session.commissionId),
      api.agenda(sessionId),
      api.actionItems(session.commissionId),
    ]);
    return { session, commission, agenda: agenda.items, actionItems: actionItems.items };
  }, [sessionId]);
  usePageLabels(
    loaded.data ? [loaded.data.session, loaded.data.commission, ...loaded.data.agenda, ...loaded.data.actionItems] : [],
  );
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const { session, commission, agenda, actionItems } = loaded.data;
  const planner = canPlanIn(user, commission);
  const lang = currentLanguage();
  return (
    <div className="page session-page">
      <Breadcrumb trail={[{ to: `/commissions/${commission.id}/sessions`, label: t('sessions.title') }]} />
      <header className="card record-header">
        <RecordMarking label={session} />
        <div className="record-header-body">
          <h1>{t('sessions.heading', { number: session.number, place: isolate(session.place) })}</h1>
          <div className="meta-row">
            <SessionStatusBadge status={session.status} />
            <span>
              <bdi>{formatDate(session.startDate)}</bdi> – <bdi>{formatDate(session.endDate)}</bdi>
            </span>
            <Localized text={commission.name} />
            <a href={`/api/sessions/${session.id}/documents/minutes.pdf?lang=${lang}`} download>
              {t('documents.minutesPdf')}
            </a>
          </div>
          <SessionMoves session={session} commission={commission} planner={planner} onChanged={loaded.reload} />
          {planner && session.status !== 'minutes_approved' && !editing && (
            <div className="actions">
              <button type="button" className="button ghost" onClick={() => setEditing(true)}>
                {t('sessionEdit.open')}
              </button>
            </div>
          )}
        </div>
      </header>
      {planner && session.status === 'minutes_approved' && <p className="muted">{t('sessionEdit.frozen')}</p>}
      {editing && session.status !== 'minutes_approved' && (
        <SessionEditForm
          session={session}
          parties={commission.parties}
          onChanged={loaded.reload}
          onClose={() => setEditing(false)}
        />
      )}
      <SessionDelegations session={session} />
      <SessionAgenda
        session={session}
        agenda={agenda}
        actionItems={actionItems}
        parties={commission.parties}
        planner={planner}
        onChanged={loaded.reload}
      />
      {session.minutes && (
        <section className="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t('sessions.summary')}</h2>
          <p className="prewrap" dir="auto">
            {session.minutes}
          </p>
        </section>
      )}
    </div>
  );
}
