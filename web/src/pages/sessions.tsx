import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlanIn } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { RecordTable } from '../components/record-table.js';
import { SessionCreateForm } from '../components/session-create-form.js';
import { SessionStatusBadge } from '../components/session-status.js';
import { formatDate, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

/** The sessions of a commission, latest first, each with its status and the parties that approved its minutes. */
export default function SessionsPage({ commissionId }: { commissionId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const loaded = useLoad(() => Promise.all([api.commission(commissionId), api.sessions(commissionId)]), [commissionId]);
  usePageLabels(loaded.data ? [loaded.data[0], ...loaded.data[1].items] : []);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const [commission, sessions] = loaded.data;
  const name = localized(commission.name);
  const sorted = [...sessions.items].sort((a, b) => b.number - a.number);
  const canRecord = canPlanIn(user, commission);
  return (
    <div className="page sessions-page">
      <Breadcrumb />
      <div className="page-head">
        <h1>{t('sessions.title')}</h1>
        <p>
          <Bidi lang={name.lang}>{name.text}</Bidi>
        </p>
        <Link to={`/commissions/${commissionId}/action-items`}>{t('actionItems.title')}</Link>
      </div>
      {canRecord && (
        <div className="section-actions">
          <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
            {t('sessionCreate.open')}
          </button>
        </div>
      )}
      {creating && (
        <SessionCreateForm
          commission={commission}
          nextNumber={(sorted[0]?.number ?? 0) + 1}
          onCancel={() => setCreating(false)}
        />
      )}
      {sorted.length === 0 ? (
        <p className="muted">{t('sessions.none')}</p>
      ) : (
        <RecordTable
          className="mini-table sessions-table"
          records={sorted}
          keyOf={(s) => s.id}
          columns={[
            {
              head: t('sessions.number'),
              cell: (s) => (
                <>
                  <RecordMarking label={s} compact />
                  <Link to={`/sessions/${s.id}`}>{t('sessions.nth', { number: s.number })}</Link>
                </>
              ),
            },
            {
              head: t('sessions.dates'),
              cell: (s) => (
                <>
                  <bdi>{formatDate(s.startDate)}</bdi> – <bdi>{formatDate(s.endDate)}</bdi>
                </>
              ),
            },
            { head: t('sessions.place'), cell: (s) => <Bidi>{s.place}</Bidi> },
            { head: t('sessions.host'), cell: (s) => <span className="party-tag">{s.hostParty}</span> },
            { head: t('sessions.status'), cell: (s) => <SessionStatusBadge status={s.status} /> },
            {
              head: t('sessions.minutesApprovals'),
              cell: (s) => s.minutesApprovals.map((a) => a.party).join(', ') || t('common.none'),
            },
          ]}
        />
      )}
    </div>
  );
}
