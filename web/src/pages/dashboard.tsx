import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { answer, api, client } from '../api/client.js';
import type { Activity, Kpis, WorkPlan } from '../api/types.js';
import { ActivityStatusBadge, PlanStatusBadge } from '../components/badges.js';
import { Bidi, Code } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { LoadError } from '../components/load-error.js';
import { formatDate, formatNumber, formatPercent, localized } from '../i18n/format.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

const UPCOMING = 8;
const percentOfHundred = (v: number) => formatPercent(v / 100);
// The charting library is most of the dashboard's weight: fetch it after the page shows.
const BarChart = lazy(() => import('../components/bar-chart.js').then((m) => ({ default: m.BarChart })));
// The form (and the schemas it checks with) only when a planner opens it.
const PlanCreateForm = lazy(() => import('../components/plan-create-form.js').then((m) => ({ default: m.PlanCreateForm })));
// The industrial projects' progress, with the texts it speaks, only for a reader who has projects to see.
const IndustrialProgress = lazy(() => import('../components/industrial-progress-panel.js'));

/** The plans the reader may see, and the measures of the one chosen. */
export function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const plans = useLoad(() => api.plans(), []);
  const industry = useLoad(() => answer(client.GET('/api/industrial-projects/progress')), []);
  const [chosen, setChosen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  usePageLabels(plans.data?.items ?? []);

  if (plans.state === 'failed') return <LoadError error={plans.error} />;
  if (plans.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const items = plans.data.items;
  // The party's own plans first: they are the ones its staff run.
  const sorted = [...items].sort((a, b) => Number(b.ownerParty === user.party) - Number(a.ownerParty === user.party));
  const plan = sorted.find((p) => p.id === chosen) ?? sorted[0];

  return (
    <div className="page dashboard">
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <p className="muted">{t('dashboard.welcome', { name: user.displayName })}</p>
      </div>
      <section aria-labelledby="plans-heading">
        <div className="section-head">
          <h2 id="plans-heading">{t('dashboard.plans')}</h2>
          {canPlan(user, user.party) && (
            <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((c) => !c)}>
              {t('planCreate.open')}
            </button>
          )}
        </div>
        {creating && (
          <div id="plan-create">
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <PlanCreateForm onCancel={() => setCreating(false)} />
            </Suspense>
          </div>
        )}
        {sorted.length === 0 ? <p className="muted">{t('dashboard.noPlans')}</p> : <PlanList plans={sorted} />}
      </section>
      {plan && (
        <section aria-labelledby="kpi-heading" className="kpi-section">
          <div className="section-head">
            <h2 id="kpi-heading">{t('dashboard.measures')}</h2>
            {sorted.length > 1 && (
              <label className="inline-field">
                <span>{t('dashboard.planChoice')}</span>
                <select value={plan.id} onChange={(e) => setChosen(e.target.value)}>
                  {sorted.map((p) => (
                    <option key={p.id} value={p.id}>
                      {localized(p.title).text}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <PlanMeasures key={plan.id} plan={plan} />
        </section>
      )}
      {industry.data?.total ? (
        <Suspense fallback={null}>
          <IndustrialProgress progress={industry.data} />
        </Suspense>
      ) : null}
    </div>
  );
}

function PlanList({ plans }: { plans: WorkPlan[] }) {
  const { t } = useTranslation();
  return (
    <ul className="plan-list">
      {plans.map((p) => {
        const title = localized(p.title);
        return (
          <li key={p.id} className="card plan-card">
            <RecordMarking label={p} compact />
            <div className="plan-card-body">
              <Link to={`/plans/${p.id}`} className="plan-title">
                <Bidi lang={title.lang}>{title.text}</Bidi>
              </Link>
              <div className="meta-row">
                <PlanStatusBadge status={p.status} />
                <span>
                  {formatDate(p.periodStart)} – {formatDate(p.periodEnd)}
                </span>
                <span>{t('plan.ownedBy', { party: p.ownerParty })}</span>
              </div>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

function PlanMeasures({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const kpis = useLoad(() => api.kpis(plan.id), [plan.id]);
  if (kpis.state === 'failed') return <LoadError error={kpis.error} />;
  if (kpis.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const k = kpis.data;
  return (
    <>
      <dl className="kpi-cards">
        <Kpi
          label={t('kpi.executionRate')}
          value={formatPercent(k.execution.executionRate)}
          note={t('kpi.doneOfTotal', { done: formatNumber(k.execution.done), total: formatNumber(k.execution.total) })}
        />
        <Kpi label={t('kpi.overdue')} value={formatNumber(k.execution.overdue)} tone={k.execution.overdue ? 'warn' : undefined} />
        <Kpi
          label={t('kpi.stale')}
          value={formatNumber(k.freshness.stale)}
          note={t('kpi.staleNote', { days: k.staleAfterDays })}
          tone={k.freshness.stale ? 'warn' : undefined}
        />
        <Kpi
          label={t('kpi.onTimeRate')}
          value={formatPercent(k.timeliness.onTimeRate)}
          note={t('kpi.postponements', { count: k.timeliness.postponements })}
        />
      </dl>
      <div className="chart-grid">
        <DomainChart kpis={k} />
        <QuarterChart kpis={k} />
      </div>
      <div className="attention-grid">
        <AttentionList planId={plan.id} attention="overdue" />
        <AttentionList planId={plan.id} attention="stale" />
        <Upcoming planId={plan.id} />
      </div>
    </>
  );
}

function Kpi({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: 'warn' | undefined }) {
  return (
    <div className={`card kpi${tone ? ` kpi-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span className="kpi-value">{value}</span>
        {note && <span className="kpi-note">{note}</span>}
      </dd>
    </div>
  );
}

function ChartFigure({ title, children, rows }: { title: string; children: ReactNode; rows: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <figure className="card chart-card">
      <figcaption>{title}</figcaption>
      <Suspense fallback={<div className="chart" />}>{children}</Suspense>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">{t('kpi.noData')}</p>}
    </figure>
  );
}

function DomainChart({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const rtl = document.documentElement.dir === 'rtl';
  const data = useMemo(() => {
    const buckets = kpis.byDomain.filter((b) => b.total > 0);
    return {
      categories: buckets.map((b) => t(`domain.${b.key}`)),
      series: [
        { name: t('kpi.executionRate'), values: buckets.map((b) => Math.round((b.executionRate ?? 0) * 100)), color: '#1d4ed8' },
      ],
      rows: buckets.map((b): [string, string] => [t(`domain.${b.key}`), formatPercent(b.executionRate)]),
    };
  }, [kpis, t]);
  return (
    <ChartFigure title={t('kpi.byDomain')} rows={data.rows}>
      {data.rows.length > 0 && (
        <BarChart categories={data.categories} series={data.series} format={percentOfHundred} max={100} horizontal rtl={rtl} />
      )}
    </ChartFigure>
  );
}

/** The first day of a quarter keyed `YYYY-Qn`, as an ISO date. */
const quarterStart = (key: string) => `${key.slice(0, 4)}-${String((Number(key.slice(-1)) - 1) * 3 + 1).padStart(2, '0')}-01`;

function QuarterChart({ kpis }: { kpis: Kpis }) {
  const { t } = useTranslation();
  const rtl = document.documentElement.dir === 'rtl';
  const data = useMemo(() => {
    const quarter = (key: string) => t('period.quarter', { quarter: key.slice(-1), year: key.slice(0, 4) });
    // A quarter that starts after the figures' date has no result yet: its "done" is not drawn as a zero.
    const toCome = (key: string) => quarterStart(key) > kpis.asOf;
    return {
      categories: kpis.byQuarter.map((b) => quarter(b.key)),
      series: [
        { name: t('kpi.planned'), values: kpis.byQuarter.map((b) => b.total), color: '#cbd5e1' },
        { name: t('kpi.done'), values: kpis.byQuarter.map((b) => (toCome(b.key) ? null : b.done)), color: '#0f766e' },
      ],
      rows: kpis.byQuarter.map((b): [string, string] => [
        quarter(b.key),
        toCome(b.key) ? t('kpi.plannedToCome', { total: b.total }) : t('kpi.doneOfTotal', { done: b.done, total: b.total }),
      ]),
    };
  }, [kpis, t]);
  return (
    <ChartFigure title={t('kpi.byQuarter')} rows={data.rows}>
      {data.rows.length > 0 && <BarChart categories={data.categories} series={data.series} format={formatNumber} rtl={rtl} />}
    </ChartFigure>
  );
}

function ActivityLines({ activities }: { activities: Activity[] }) {
  usePageLabels(activities);
  return (
    <ul className="activity-list">
      {activities.map((a) => {
        const title = localized(a.title);
        return (
          <li key={a.id}>
            <span className="date">{formatDate(a.plannedPeriod.start)}</span>
            <Link to={`/activities/${a.id}`}>
              <RecordMarking label={a} compact />
              <Code>{a.refCode}</Code> <Bidi lang={title.lang}>{title.text}</Bidi>
            </Link>
            <ActivityStatusBadge status={a.status} />
          </li>
        );
      })}
    </ul>
  );
}

/** Open activities past their planned end, or without follow-up for 30 days, earliest first. */
function AttentionList({ planId, attention }: { planId: string; attention: 'overdue' | 'stale' }) {
  const { t } = useTranslation();
  const list = useLoad(() => api.activities(planId, { attention, sort: 'plannedStart', limit: UPCOMING }), [planId, attention]);
  const headingId = `${attention}-heading`;
  return (
    <section aria-labelledby={headingId} className={`card upcoming attention-${attention}`}>
      <h3 id={headingId}>{t(`dashboard.attention.${attention}`)}</h3>
      {list.state === 'failed' && <LoadError error={list.error} />}
      {list.state === 'ready' &&
        (list.data.items.length === 0 ? (
          <p className="muted">{t('dashboard.attentionNone')}</p>
        ) : (
          <>
            <ActivityLines activities={list.data.items} />
            {list.data.nextCursor && <p className="muted">{t('dashboard.more')}</p>}
          </>
        ))}
    </section>
  );
}

/** The next open activities by planned start. */
function Upcoming({ planId }: { planId: string }) {
  const { t } = useTranslation();
  const list = useLoad(() => api.activities(planId, { attention: 'upcoming', sort: 'plannedStart', limit: UPCOMING }), [planId]);
  if (list.state !== 'ready') return null;
  return (
    <section aria-labelledby="upcoming-heading" className="card upcoming">
      <h3 id="upcoming-heading">{t('dashboard.upcoming')}</h3>
      {list.data.items.length === 0 ? (
        <p className="muted">{t('dashboard.noUpcoming')}</p>
      ) : (
        <ActivityLines activities={list.data.items} />
      )}
    </section>
  );
}
