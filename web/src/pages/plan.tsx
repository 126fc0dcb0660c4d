import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Commission, WorkPlan } from '../api/types.js';
import { ActivitiesTable } from '../components/activities-table.js';
import { PlanStatusBadge } from '../components/badges.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { formatDate, formatDateTime, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useLoad } from '../use-load.js';

/** A work plan: its header with each party's approval, and its activities. */
export default function PlanPage({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(async () => {
    const plan = await api.plan(planId);
    const [commission, parties] = await Promise.all([api.commission(plan.commissionId), api.parties()]);
    return { plan, commission, parties: parties.items.map((p) => p.code) };
  }, [planId]);
  usePageLabels(loaded.data ? [loaded.data.plan] : []);

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const { plan, commission, parties } = loaded.data;
  const title = localized(plan.title);
  return (
    <div className="page plan-page">
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.dashboard')}</Link>
      </nav>
      <header className="card record-header">
        <RecordMarking label={plan} />
        <div className="record-header-body">
          <h1 lang={title.lang}>{title.text}</h1>
          <div className="meta-row">
            <PlanStatusBadge status={plan.status} />
            <span>
              {formatDate(plan.periodStart)} – {formatDate(plan.periodEnd)}
            </span>
            <span lang={localized(commission.name).lang}>{localized(commission.name).text}</span>
          </div>
          <Approvals plan={plan} commission={commission} />
        </div>
      </header>
      <section aria-labelledby="activities-heading">
        <h2 id="activities-heading">{t('plan.activities')}</h2>
        <ActivitiesTable planId={plan.id} parties={parties} />
      </section>
    </div>
  );
}

function Approvals({ plan, commission }: { plan: WorkPlan; commission: Commission }) {
  const { t } = useTranslation();
  return (
    <ul className="approvals" aria-label={t('plan.approvals')}>
      {commission.parties.map((party) => {
        const approval = plan.approvals.find((a) => a.party === party);
        return (
          <li key={party} className={approval ? 'approved' : 'pending'}>
            <span className="party-tag">{party}</span>{' '}
            {approval ? t('plan.approvedOn', { date: formatDateTime(approval.at) }) : t('plan.notApproved')}
          </li>
        );
      })}
    </ul>
  );
}
