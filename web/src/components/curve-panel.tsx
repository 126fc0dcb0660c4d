import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { formatDate, formatMonth, formatNumber } from '../i18n/format.js';
import { useLoad } from '../use-load.js';
import { Field } from './field.js';
import { LoadError } from './load-error.js';
import { TableHead } from './table-head.js';

// The charting library loads only when a chart is shown.
const LineChart = lazy(() => import('./line-chart.js').then((m) => ({ default: m.LineChart })));

/** Planned versus actual over the plan's period, as the record stood on any chosen day. */
export function CurvePanel({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState('');
  const [granularity, setGranularity] = useState<'month' | 'week'>('month');
  const curve = useLoad(() => api.curve(plan.id, asOf || undefined, granularity), [plan.id, asOf, granularity]);
  const rtl = document.documentElement.dir === 'rtl';
  const data = useMemo(() => {
    const points = curve.data?.points ?? [];
    const label = (p: string) => (granularity === 'month' ? formatMonth(p) : formatDate(p));
    return {
      categories: points.map((p) => label(p.period)),
      series: [
        { name: t('curve.planned'), values: points.map((p) => p.planned), color: '#64748b' },
        { name: t('curve.actual'), values: points.map((p) => p.actual), color: '#0f766e' },
      ],
      rows: points.map(
        (p) => [label(p.period), formatNumber(p.planned), p.actual === null ? '—' : formatNumber(p.actual)] as const,
      ),
    };
  }, [curve.data, granularity, t]);
  return (
    <figure className="card chart-card curve" aria-labelledby="curve-heading">
      <div className="section-head">
        <h2 id="curve-heading">{t('curve.title')}</h2>
        <div className="field-row">
          <Field label={t('curve.asOf')}>
            {(p) => <input {...p} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />}
          </Field>
          <Field label={t('curve.granularity')}>
            {(p) => (
              <select {...p} value={granularity} onChange={(e) => setGranularity(e.target.value as 'month' | 'week')}>
                <option value="month">{t('curve.month')}</option>
                <option value="week">{t('curve.week')}</option>
              </select>
            )}
          </Field>
        </div>
      </div>
      {curve.state === 'failed' && <LoadError error={curve.error} />}
      {curve.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {curve.state === 'ready' && (
        <>
          <p className="muted">{t('curve.seenOn', { date: formatDate(curve.data.asOf) })}</p>
          <Suspense fallback={<div className="chart" />}>
            <LineChart categories={data.categories} series={data.series} format={formatNumber} rtl={rtl} />
          </Suspense>
          <table className="visually-hidden curve-figures">
            <caption>{t('curve.title')}</caption>
            <TableHead columns={[t('curve.period'), t('curve.planned'), t('curve.actual')]} />
            <tbody>
              {data.rows.map(([period, planned, actual]) => (
                <tr key={period}>
                  <th scope="row">{period}</th>
                  <td>{planned}</td>
                  <td>{actual}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
