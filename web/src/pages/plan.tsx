import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { ActivitiesTable } from '../components/activities-table.js';
import { ActivityCreateForm } from '../components/activity-create-form.js';
import { ApprovalPanel } from '../components/approval-panel.js';
import { PlanStatusBadge } from '../components/badges.js';
import { Bidi, Localized } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { CurvePanel } from '../components/curve-panel.js';
import { LoadError } from '../components/load-error.js';
import { PlanCalendar } from '../components/plan-calendar.js';
import { PlanDecisionsPanel } from '../components/plan-decisions.js';
import { PlanDocuments } from '../components/plan-documents.js';
import { PlanTimeline } from '../components/plan-timeline.js';
import { ResultsPanel } from '../components/results-panel.js';
import { RevisionsPanel } from '../components/revisions-panel.js';
import { Tabs } from '../components/tabs.js';
import { formatDate, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

// Offered once a plan is adopted, with its own texts: loaded only then.
const RolloverPanel = lazy(() => import('../components/rollover-panel.js').then((m) => m.withTexts()));
// The partners' approvals received back, with their own texts: loaded with the plan's header.
const PartnerApprovalsPanel = lazy(() => import('../components/partner-approvals.js').then((m) => m.withTexts()));

const VIEWS = ['table', 'timeline', 'calendar', 'results', 'curve', 'revisions', 'documents'] as const;
type View = (typeof VIEWS)[number];

const viewOfAddress = (): View => {
  const v = new URLSearchParams(window.location.search).get('view');
  return VIEWS.includes(v as View) ? (v as View) : 'table';
};

/** A work plan: its header with each party's approval, and its activities as a table, a timeline and a calendar. */
export default function PlanPage({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(async () => {
    const plan = await api.plan(planId);
    const [commission, parties] = await Promise.all([api.commission(plan.commissionId), api.parties()]);
    return { plan, commission, parties: parties.items.map((p) => p.code) };
  }, [planId]);
  const [fresh, setFresh] = useState<WorkPlan | null>(null);
  const [view, setView] = useState<View>(viewOfAddress);
  const [creating, setCreating] = useState(false);
  const [activitiesRead, setActivitiesRead] = useState(0);
  const plan = fresh ?? loaded.data?.plan;
  // The header names the plan's commission: its label counts too.
  usePageLabels(plan && loaded.data ? [plan, loaded.data.commission] : plan ? [plan] : []);

  // The chosen view is part of the address, so that it can be shared and survives a reload.
  const choose = (v: View) => {
    setView(v);
    const url = new URL(window.location.href);
    if (v === 'table') url.searchParams.delete('view');
    else url.searchParams.set('view', v);
    window.history.replaceState(null, '', url);
  };

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  const loading = <p className="muted">{t('common.loading')}</p>;
  const title = plan ? localized(plan.title) : null;
  const views = VIEWS.map((key) => ({ key, label: t(`plan.view.${key}`) }));
  // Only the owner's planners write a plan's activities; the API has the last word on when.
  const canAdd = plan && canPlan(user, plan.ownerParty) && plan.status !== 'closed';
  return (
    <div className="page plan-page">
      <Breadcrumb />
      {plan && title && loaded.data ? (
        <header className="card record-header">
          <RecordMarking label={plan} />
          <div className="record-header-body">
            <h1>
              <Bidi lang={title.lang}>{title.text}</Bidi>
            </h1>
            <div className="meta-row">
              <PlanStatusBadge status={plan.status} />
              <span>
                {formatDate(plan.periodStart)} – {formatDate(plan.periodEnd)}
              </span>
              <Localized text={loaded.data.commission.name} />
              <Link to={`/commissions/${plan.commissionId}/sessions`}>{t('sessions.title')}</Link>
              <Link to={`/commissions/${plan.commissionId}/action-items`}>{t('actionItems.title')}</Link>
            </div>
            <ApprovalPanel plan={plan} commission={loaded.data.commission} onChanged={setFresh} />
            <Suspense fallback={null}>
              <PartnerApprovalsPanel key={plan.version} planId={plan.id} />
            </Suspense>
            <PlanDecisionsPanel
              plan={plan}
              commission={loaded.data.commission}
              onChanged={(next) => {
                // Closing or reopening the plan changes its activities: the table reads them again.
                if (next.status !== plan.status) setActivitiesRead((n) => n + 1);
                setFresh(next);
              }}
            />
            {['approved', 'in_execution', 'closed'].includes(plan.status) && (
              <Suspense fallback={null}>
                <RolloverPanel plan={plan} commission={loaded.data.commission} />
              </Suspense>
            )}
          </div>
        </header>
      ) : (
        loading
      )}
      <Tabs label={t('plan.views')} tabs={views} chosen={view} onChoose={choose}>
        {/* The table asks for its rows at once, alongside the plan's header: the first rows need not wait for it. */}
        {view === 'table' && (
          <section aria-labelledby="activities-heading">
            <div className="section-head">
              <h2 id="activities-heading">{t('plan.activities')}</h2>
              {canAdd && (
                <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
                  {t('activityCreate.open')}
                </button>
              )}
            </div>
            {creating && plan && loaded.data && (
              <div id="activity-create">
                <ActivityCreateForm
                  plan={plan}
                  commission={loaded.data.commission}
                  onCancel={() => setCreating(false)}
                  onShowRevisions={() => {
                    setCreating(false);
                    choose('revisions');
                  }}
                />
              </div>
            )}
            <ActivitiesTable
              key={activitiesRead}
              planId={planId}
              parties={loaded.data?.parties ?? []}
              fileName={title?.text ?? planId}
            />
          </section>
        )}
        {view !== 'table' && !(plan && loaded.data) && loading}
        {plan && loaded.data && (
          <>
            {view === 'timeline' && <PlanTimeline plan={plan} />}
            {view === 'calendar' && <PlanCalendar plan={plan} />}
            {view === 'results' && <ResultsPanel plan={plan} parties={loaded.data.commission.parties} />}
            {view === 'curve' && <CurvePanel plan={plan} />}
            {view === 'revisions' && <RevisionsPanel plan={plan} commission={loaded.data.commission} />}
            {view === 'documents' && <PlanDocuments plan={plan} />}
          </>
        )}
      </Tabs>
    </div>
  );
}
