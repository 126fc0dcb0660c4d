import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, onSignedOut } from './api/client.js';
import type { User } from './api/types.js';
import { PageLabelsProvider } from './components/classification-banner.js';
import { Alert } from './components/field.js';
import { BareLayout, Layout } from './components/layout.js';
import { withProcurementTexts } from './i18n/index.js';
import { DashboardPage } from './pages/dashboard.js';
import { SignInPage } from './pages/sign-in.js';
import { useLocation } from './router.js';
import { SessionContext } from './signed-in-user.js';

// Pages past the dashboard load on first visit, keeping sign-in and dashboard light.
const PlanPage = lazy(() => import('./pages/plan.js'));
const ActivityPage = lazy(() => import('./pages/activity.js'));
const SearchPage = lazy(() => import('./pages/search.js'));
const AdminPage = lazy(() => import('./pages/admin.js'));
const NotificationsPage = lazy(() => import('./pages/notifications.js'));
const ExchangePage = lazy(() => import('./pages/exchange.js').then((m) => m.withTexts()));
const ReceivedPlansPage = lazy(() => import('./pages/received-plans.js').then((m) => m.withTexts()));
const ReceivedPlanPage = lazy(() => import('./pages/received-plan.js').then((m) => m.withTexts()));
const SessionsPage = lazy(() => import('./pages/sessions.js'));
const SessionPage = lazy(() => import('./pages/session.js'));
const ActionItemsPage = lazy(() => import('./pages/action-items.js'));
const ProgrammesPage = lazy(withProcurementTexts(() => import('./pages/programmes.js')));
const ProgrammePage = lazy(withProcurementTexts(() => import('./pages/programme.js')));
const EvaluationPage = lazy(withProcurementTexts(() => import('./pages/evaluation.js')));
const ProgrammeTracePage = lazy(withProcurementTexts(() => import('./pages/programme-trace.js').then((m) => m.withTexts())));
const ProgrammeMeasuresPage = lazy(withProcurementTexts(() => import('./pages/programme-measures.js')));
const IndustrialProjectsPage = lazy(withProcurementTexts(() => import('./pages/industrial-projects.js')));
const IndustrialProjectPage = lazy(withProcurementTexts(() => import('./pages/industrial-project.js')));
const OffsetsPage = lazy(withProcurementTexts(() => import('./pages/offsets.js').then((m) => m.withTexts())));

type SessionState = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; user: User };

export function App() {
  const [session, setSession] = useState<SessionState>({ kind: 'loading' });

  useEffect(() => {
    api.me().then(
      (user) => setSession({ kind: 'signed-in', user }),
      () => setSession({ kind: 'signed-out' }),
    );
    return onSignedOut(() => setSession({ kind: 'signed-out' }));
  }, []);

  const signOut = useCallback(() => {
    void api.logout().finally(() => setSession({ kind: 'signed-out' }));
  }, []);

  return (
    <PageLabelsProvider>
      {session.kind === 'loading' ? null : session.kind === 'signed-out' ? (
        <BareLayout>
          <SignInPage onSignedIn={(user) => setSession({ kind: 'signed-in', user })} />
        </BareLayout>
      ) : (
        <SessionContext.Provider value={{ user: session.user, signOut }}>
          <Layout>
            <Pages />
          </Layout>
        </SessionContext.Provider>
      )}
    </PageLabelsProvider>
  );
}

function Pages() {
  const { t } = useTranslation();
  const route = useLocation();
  const loading = <p className="muted">{t('common.loading')}</p>;
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'plan':
      return (
        <Suspense fallback={loading}>
          <PlanPage key={route.id} planId={route.id} />
        </Suspense>
      );
    case 'activity':
      return (
        <Suspense fallback={loading}>
          <ActivityPage key={route.id} activityId={route.id} />
        </Suspense>
      );
    case 'search':
      return (
        <Suspense fallback={loading}>
          <SearchPage initialQuery={route.q} />
        </Suspense>
      );
    case 'admin':
      return (
        <Suspense fallback={loading}>
          <AdminPage />
        </Suspense>
      );
    case 'notifications':
      return (
        <Suspense fallback={loading}>
          <NotificationsPage />
        </Suspense>
      );
    case 'exchange':
      return (
        <Suspense fallback={loading}>
          <ExchangePage />
        </Suspense>
      );
    case 'received':
      return (
        <Suspense fallback={loading}>
          <ReceivedPlansPage />
        </Suspense>
      );
    case 'received-plan':
      return (
        <Suspense fallback={loading}>
          <ReceivedPlanPage key={route.id} planId={route.id} />
        </Suspense>
      );
    case 'sessions':
      return (
        <Suspense fallback={loading}>
          <SessionsPage key={route.commissionId} commissionId={route.commissionId} />
        </Suspense>
      );
    case 'session':
      return (
        <Suspense fallback={loading}>
          <SessionPage key={route.id} sessionId={route.id} />
        </Suspense>
      );
    case 'action-items':
      return (
        <Suspense fallback={loading}>
          <ActionItemsPage key={route.commissionId} commissionId={route.commissionId} />
        </Suspense>
      );
    case 'programmes':
      return (
        <Suspense fallback={loading}>
          <ProgrammesPage key={`${route.status}|${route.owner}`} status={route.status} owner={route.owner} />
        </Suspense>
      );
    case 'programme':
      return (
        <Suspense fallback={loading}>
          <ProgrammePage key={route.id} programmeId={route.id} />
        </Suspense>
      );
    case 'programme-measures':
      return (
        <Suspense fallback={loading}>
          <ProgrammeMeasuresPage currency={route.currency} on={route.on} party={route.party} commission={route.commission} />
        </Suspense>
      );
    case 'programme-trace':
      return (
        <Suspense fallback={loading}>
          <ProgrammeTracePage key={route.id} programmeId={route.id} currency={route.currency} on={route.on} />
        </Suspense>
      );
    case 'evaluation':
      return (
        <Suspense fallback={loading}>
          <EvaluationPage key={route.programmeId} programmeId={route.programmeId} />
        </Suspense>
      );
    case 'industry':
      return (
        <Suspense fallback={loading}>
          <IndustrialProjectsPage key={`${route.status}|${route.kind}`} status={route.status} kind={route.kind} />
        </Suspense>
      );
    case 'industrial-project':
      return (
        <Suspense fallback={loading}>
          <IndustrialProjectPage key={route.id} projectId={route.id} />
        </Suspense>
      );
    case 'offsets':
      return (
        <Suspense fallback={loading}>
          <OffsetsPage contract={route.contract} party={route.party} on={route.on} currency={route.currency} />
        </Suspense>
      );
    default:
      return <Alert kind="error">{t('common.pageNotFound')}</Alert>;
  }
}
