import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import type { Indicator, Results, WorkPlan } from '../api/types.js';
import { formatDate, formatNumber, formatPercent, localized } from '../i18n/format.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';

function Progress({ value, label }: { value: number | null; label: string }) {
  const { t } = useTranslation();
  const shown = value === null ? 0 : Math.max(0, Math.min(1, value));
  return (
    <div className="progress-line">
      <progress max={1} value={shown} aria-label={label} className="progress" />
      <span className="progress-value">{value === null ? t('results.noMeasure') : formatPercent(value)}</span>
    </div>
  );
}

/** The plan's objectives, each with its indicators' progress from baseline to target and its activities' execution. */
export function ResultsPanel({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState('');
  const results = useLoad(() => api.results(plan.id, asOf || undefined), [plan.id, asOf]);
  return (
    <section className="card" aria-labelledby="results-heading">
      <div className="section-head">
        <h2 id="results-heading">{t('results.title')}</h2>
        <label className="inline-field">
          <span>{t('results.asOf')}</span>
          <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
      </div>
      {results.state === 'failed' && <LoadError error={results.error} />}
      {results.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {results.state === 'ready' && <Objectives results={results.data} onChanged={results.reload} />}
    </section>
  );
}

function Objectives({ results, onChanged }: { results: Results; onChanged: () => void }) {
  const { t } = useTranslation();
  if (results.objectives.length === 0) return <p className="muted">{t('results.none')}</p>;
  return (
    <ul className="objectives">
      {results.objectives.map((o) => {
        const title = localized(o.title);
        return (
          <li key={o.id} className="objective">
            <h3 lang={title.lang}>{title.text}</h3>
            <Progress value={o.progress} label={t('results.objectiveProgress', { title: title.text })} />
            <p className="muted">
              {t('results.activities', {
                done: formatNumber(o.activities.done),
                total: formatNumber(o.activities.total),
                rate: formatPercent(o.activities.executionRate),
              })}
            </p>
            {o.indicators.length > 0 && (
              <ul className="indicators">
                {o.indicators.map((i) => (
                  <IndicatorRow key={i.id} indicator={i} onChanged={onChanged} />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function IndicatorRow({ indicator: i, onChanged }: { indicator: Indicator; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [adding, setAdding] = useState(false);
  const last = i.measurements.at(-1);
  const canMeasure = user.party === i.ownerParty && (user.roles.includes('planner') || user.roles.includes('contributor'));
  return (
    <li className="indicator">
      <div className="indicator-head">
        <strong>{i.name}</strong>
        <span className="muted">
          {t('results.baselineTarget', {
            baseline: formatNumber(i.baselineValue),
            target: formatNumber(i.targetValue),
            unit: i.unit,
            date: formatDate(i.targetDate),
          })}
        </span>
      </div>
      <Progress value={i.progress} label={t('results.indicatorProgress', { name: i.name })} />
      <p className="muted">
        {last
          ? t('results.lastMeasure', { value: formatNumber(last.value), unit: i.unit, date: formatDate(last.date) })
          : t('results.noMeasure')}
      </p>
      {canMeasure &&
        (adding ? (
          <MeasurementForm
            indicator={i}
            onDone={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button ghost" onClick={() => setAdding(true)}>
            {t('results.addMeasurement')}
          </button>
        ))}
    </li>
  );
}

function MeasurementForm({ indicator, onDone, onCancel }: { indicator: Indicator; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [value, setValue] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value.replace(',', '.'));
    if (value.trim() === '' || !Number.isFinite(n)) return setIssues([{ path: 'value', message: t('results.valueRequired') }]);
    try {
      await api.addMeasurement(indicator.id, { date, value: n });
      onDone();
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(err.detail || err.title);
      } else setFailure(t('common.unexpectedError'));
    }
  }
  return (
    <form className="form inline-form measurement-form" onSubmit={submit} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('results.date')} errors={issuesAt(issues, 'date')}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t('results.value', { unit: indicator.unit })} errors={issuesAt(issues, 'value')}>
          {(p) => <input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" className="button primary">
          {t('results.save')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}
