import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { measurementCreateSchema } from '../../../src/domain/industrial-project.measure.js';
import { answer, client } from '../api/client.js';
import type { IndustrialProject } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { useLoad } from '../use-load.js';
import { Field } from './field.js';
import { measurementCurve } from './industrial-measurement-curve.js';
import { percentOf } from './industrial-project-form.js';
import { formatPercentOf } from './industrial-project-texts.js';
import { useProjectWrite } from './industrial-project-write.js';
import { LoadError } from './load-error.js';
import { CountInput, ProgrammeInlineForm } from './programme-form.js';
import { TableHead } from './table-head.js';
import { numberOf } from './typed-number.js';
import './industrial-project-visuals.css';

// The charting library loads beside the figures, which show without waiting for it.
const LineChart = lazy(() => import('./line-chart.js').then((m) => ({ default: m.LineChart })));

const path = (id: string) => ({ params: { path: { id } } });

const loadMeasurements = (id: string) => answer(client.GET('/api/industrial-projects/{id}/measurements', path(id)));

type Props = {
  project: IndustrialProject;
  /** The reader is a planner of the owner party and the project is open: the form to add a measurement is offered. */
  planner: boolean;
  onChanged: (p: IndustrialProject) => void;
  reload: () => void;
};

const COLORS = { created: '#0f766e', reached: '#7c3aed', planned: '#64748b' };

const percentText = (v: number) => formatPercentOf(v);

/**
 * A day as the chart's axis writes it: in a right-to-left page, isolated as right-to-left text. The chart's labels
 * are SVG text laid out left to right, in which the marks Arabic and Hebrew dates carry moved the day after the
 * year ("022026/03/"); isolated, the date reads as it does in the table beside it.
 */
const axisDay = (iso: string, rtl: boolean) => (rtl ? `\u2067${formatDate(iso)}\u2069` : formatDate(iso));

/**
 * How the project's jobs created and local content reached grew, from its
 * measurements: two curves against what was planned, dates in the reader's
 * locale and time running in the reading direction, and the same figures as a
 * table; planners of the owner party add a measurement from here.
 */
export default function IndustrialProjectMeasurements({ project: p, planner, onChanged, reload }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  // Read again whenever the project changes (a measurement added, the project edited).
  const loaded = useLoad(() => loadMeasurements(p.id), [p.id, p.version]);
  const rtl = document.documentElement.dir === 'rtl';
  const curve = useMemo(() => (loaded.data ? measurementCurve(loaded.data) : []), [loaded.data]);
  const planned = Number(p.localContentPlanned);
  const charts = useMemo(() => {
    const categories = curve.map((x) => axisDay(x.asOf, rtl));
    return {
      categories,
      jobs: [
        { name: t('industryVisuals.measurements.created'), values: curve.map((x) => x.jobsCreated), color: COLORS.created },
        { name: t('industryVisuals.measurements.planned'), values: curve.map(() => p.jobsPlanned), color: COLORS.planned },
      ],
      local: [
        {
          name: t('industryVisuals.measurements.reached'),
          values: curve.map((x) => x.localContentReached),
          color: COLORS.reached,
        },
        { name: t('industryVisuals.measurements.localPlanned'), values: curve.map(() => planned), color: COLORS.planned },
      ],
    };
  }, [curve, p.jobsPlanned, planned, t, rtl]);
  const unknown = t('industryVisuals.measurements.unknown');
  return (
    <section className="industry-measurements" aria-labelledby="industry-measurements-heading">
      <div className="section-head">
        <h2 id="industry-measurements-heading">{t('industryVisuals.measurements.title')}</h2>
        {planner && (
          <button type="button" className="button" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
            {t('industryVisuals.measurements.form.open')}
          </button>
        )}
      </div>
      {planner && adding && (
        <MeasurementAddForm project={p} onChanged={onChanged} reload={reload} onClose={() => setAdding(false)} />
      )}
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      {loaded.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {loaded.state === 'ready' && curve.length === 0 && <p className="muted">{t('industryVisuals.measurements.none')}</p>}
      {loaded.state === 'ready' && curve.length > 0 && (
        <>
          <div className="chart-grid">
            <figure className="chart-card measurement-chart measurement-chart-jobs">
              <figcaption>{t('industryVisuals.measurements.jobsChart')}</figcaption>
              <Suspense fallback={<div className="chart" />}>
                <LineChart categories={charts.categories} series={charts.jobs} format={formatNumber} rtl={rtl} />
              </Suspense>
            </figure>
            <figure className="chart-card measurement-chart measurement-chart-local">
              <figcaption>{t('industryVisuals.measurements.localChart')}</figcaption>
              <Suspense fallback={<div className="chart" />}>
                <LineChart categories={charts.categories} series={charts.local} format={percentText} rtl={rtl} />
              </Suspense>
            </figure>
          </div>
          <div className="scroll-x">
            <table className="measurements-table">
              <caption>{t('industryVisuals.measurements.table')}</caption>
              <TableHead
                columns={[
                  t('industryVisuals.measurements.asOf'),
                  t('industryVisuals.measurements.created'),
                  t('industryVisuals.measurements.planned'),
                  t('industryVisuals.measurements.reached'),
                  t('industryVisuals.measurements.localPlanned'),
                ]}
              />
              <tbody>
                {curve.map((x) => (
                  <tr key={x.asOf} data-as-of={x.asOf}>
                    <th scope="row">
                      <time dateTime={x.asOf}>{formatDate(x.asOf)}</time>
                    </th>
                    <td className="number">{x.jobsCreated === null ? unknown : formatNumber(x.jobsCreated)}</td>
                    <td className="number">{formatNumber(p.jobsPlanned)}</td>
                    <td className="number">
                      {x.localContentReached === null ? unknown : formatPercentOf(x.localContentReached)}
                    </td>
                    <td className="number">{formatPercentOf(p.localContentPlanned)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** Today, as the API counts days (UTC): a measurement holds as of today or before. */
const today = () => new Date().toISOString().slice(0, 10);

/** Records the jobs created and/or the local content reached as of a day, with where the figures come from. */
function MeasurementAddForm({
  project,
  onChanged,
  reload,
  onClose,
}: Omit<Props, 'planner'> & {
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState(today);
  const [jobs, setJobs] = useState('');
  const [local, setLocal] = useState('');
  const [note, setNote] = useState('');
  const input = {
    asOf,
    ...(jobs.trim() ? { jobsCreated: numberOf(jobs) } : {}),
    ...(local.trim() ? { localContentReached: percentOf(local) } : {}),
    ...(note.trim() ? { note } : {}),
  };
  const write = useProjectWrite({ project, onChanged, reload, onClose }, measurementCreateSchema, input);
  return (
    <ProgrammeInlineForm
      id="industry-measurement-heading"
      level="h3"
      className="card industry-measurement-form"
      heading={t('industryVisuals.measurements.form.heading')}
      write={write}
      onSubmit={() =>
        write.save((body) => answer(client.POST('/api/industrial-projects/{id}/measurements', { ...path(project.id), body })))
      }
      save={t('industryVisuals.measurements.form.save')}
      onClose={onClose}
    >
      <div className="field-row">
        <Field label={t('industryVisuals.measurements.form.asOf')} errors={write.field('asOf')}>
          {(f) => <input {...f} type="date" max={today()} value={asOf} onChange={(e) => setAsOf(e.target.value)} />}
        </Field>
        <Field label={t('industryVisuals.measurements.form.jobs')} errors={write.field('jobsCreated')}>
          {(f) => <CountInput {...f} value={jobs} onChange={setJobs} />}
        </Field>
        <Field label={t('industryVisuals.measurements.form.local')} errors={write.field('localContentReached')}>
          {(f) => <input {...f} dir="ltr" inputMode="decimal" value={local} onChange={(e) => setLocal(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('industryVisuals.measurements.form.note')} errors={write.field('note')}>
        {(f) => <input {...f} dir="auto" value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
    </ProgrammeInlineForm>
  );
}
