import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { indicatorPatchSchema } from '../../../src/domain/indicator.schema.js';
import { objectivePatchSchema } from '../../../src/domain/objective.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import type { Indicator, IndicatorPatch, ObjectivePatch, ResultObjective, Results, WorkPlan } from '../api/types.js';
import { formatDate, formatDateTime, formatNumber, formatPercent, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';
import { ActivityPicker, type PickedActivity } from './activity-picker.js';
import { Bidi } from './bidi.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { ConflictPanel } from './conflict-panel.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';
import { useActionFeedback } from './use-action-feedback.js';
import { useVersionedEdit } from './use-versioned-edit.js';

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
  usePageLabels(results.objectives.flatMap((o) => [o, ...o.indicators, ...o.linkedActivities]));
  if (results.objectives.length === 0) return <p className="muted">{t('results.none')}</p>;
  return (
    <ul className="objectives">
      {results.objectives.map((o) => (
        <ObjectiveItem key={o.id} planId={results.planId} objective={o} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function ObjectiveItem({
  planId,
  objective: o,
  onChanged,
}: {
  planId: string;
  objective: ResultObjective;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  // A refusal is of the objective as it stood: said until another try, or until it reads otherwise.
  const { failure, run, clear } = useActionFeedback<never>(JSON.stringify([o.version, o.indicators.map((i) => i.version)]));
  const title = localized(o.title);
  const canPlan = user.roles.includes('planner') && user.party === o.ownerParty;
  const measured = o.indicators.some((i) => i.measurements.length > 0);

  const remove = () =>
    run(async () => {
      try {
        await api.deleteObjective(o.id, o.version);
      } catch (err) {
        setDeleting(false);
        throw err;
      }
      onChanged();
      return null;
    });

  return (
    <li className="objective">
      <div className="objective-head">
        <h3>
          <RecordMarking label={o} compact />
          <Bidi lang={title.lang}>{title.text}</Bidi>
        </h3>
        {canPlan && !editing && (
          <div className="actions">
            <button type="button" className="button ghost small" onClick={() => setEditing(true)}>
              {t('resultsEdit.editObjective')}
            </button>
            <button
              type="button"
              className="button ghost small"
              disabled={measured}
              title={measured ? t('resultsEdit.deleteMeasured') : undefined}
              onClick={() => {
                clear();
                setDeleting(true);
              }}
            >
              {t('resultsEdit.deleteObjective')}
            </button>
          </div>
        )}
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      {deleting && (
        <Alert kind="info">
          <p>{t('resultsEdit.confirmDelete', { count: o.indicators.length })}</p>
          <div className="actions">
            <button type="button" className="button primary" onClick={() => void remove()}>
              {t('resultsEdit.confirmDeleteYes')}
            </button>
            <button type="button" className="button ghost" onClick={() => setDeleting(false)}>
              {t('edit.discard')}
            </button>
          </div>
        </Alert>
      )}
      {editing ? (
        <ObjectiveEditForm
          planId={planId}
          objective={o}
          onDone={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <Progress value={o.progress} label={t('results.objectiveProgress', { title: title.text })} />
          <p className="muted">
            {t('results.activities', {
              done: formatNumber(o.activities.done),
              total: formatNumber(o.activities.total),
              rate: formatPercent(o.activities.executionRate),
            })}
          </p>
          {o.linkedActivities.length > 0 && (
            <ul className="linked-activities" aria-label={t('resultsEdit.linkedActivitiesOf', { title: title.text })}>
              {o.linkedActivities.map((a) => {
                const at = localized(a.title);
                return (
                  <li key={a.id}>
                    <RecordMarking label={a} compact />
                    <Link to={`/activities/${a.id}`}>
                      <bdi className="ref" dir="ltr">
                        {a.refCode}
                      </bdi>
                    </Link>{' '}
                    <Bidi lang={at.lang}>{at.text}</Bidi>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      {o.indicators.length > 0 && (
        <ul className="indicators">
          {o.indicators.map((i) => (
            <IndicatorRow key={i.id} planId={planId} indicator={i} onChanged={onChanged} />
          ))}
        </ul>
      )}
    </li>
  );
}

interface ObjectiveDraft {
  title: string;
  description: string;
  activities: PickedActivity[];
}

const objectiveDraftOf = (o: ResultObjective, lang: string): ObjectiveDraft => ({
  title: (o.title as Record<string, string | undefined>)[lang] ?? '',
  description: (o.description as Record<string, string | undefined>)[lang] ?? '',
  activities: o.linkedActivities.map((a) => ({ id: a.id, refCode: a.refCode, title: a.title })),
});

/** What the reader changed: texts in the reader's language, and the activities added and removed. */
interface ObjectiveChange {
  title?: string;
  description?: string;
  added: string[];
  removed: string[];
}

function changeOf(base: ObjectiveDraft, d: ObjectiveDraft): ObjectiveChange {
  const before = new Set(base.activities.map((a) => a.id));
  const after = new Set(d.activities.map((a) => a.id));
  return {
    ...(d.title.trim() !== base.title && { title: d.title.trim() }),
    ...(d.description.trim() !== base.description && { description: d.description.trim() }),
    added: [...after].filter((id) => !before.has(id)),
    removed: [...before].filter((id) => !after.has(id)),
  };
}

/** The change as a patch of `o`: the other languages' texts kept, the links added and removed on top of its own. */
function patchFor(o: ResultObjective, c: ObjectiveChange, lang: string): Omit<ObjectivePatch, 'version'> {
  const linked = o.linkedActivities.map((a) => a.id);
  return {
    ...(c.title !== undefined && { title: { ...o.title, [lang]: c.title || undefined } }),
    ...(c.description !== undefined && { description: { ...o.description, [lang]: c.description || undefined } }),
    ...((c.added.length > 0 || c.removed.length > 0) && {
      activityIds: [...linked.filter((id) => !c.removed.includes(id)), ...c.added.filter((id) => !linked.includes(id))],
    }),
  };
}

/**
 * Changes an objective's title, description and linked activities. Sends
 * only what changed, with the version read; if someone changed the objective
 * meanwhile, shows the newer version and lets the reader apply the same
 * changes to it (links added and removed on top of the newer ones).
 */
function ObjectiveEditForm({
  planId,
  objective,
  onDone,
  onCancel,
}: {
  planId: string;
  objective: ResultObjective;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { draft, set, issues, failure, conflict, busy, submit, reapply, discard } = useVersionedEdit({
    record: objective,
    draftOf: (o: ResultObjective) => objectiveDraftOf(o, lang),
    patchOf: (base, d, onto) => patchFor(onto, changeOf(base, d), lang),
    schema: objectivePatchSchema,
    save: async (patch, version) => {
      await api.updateObjective(objective.id, { ...patch, version });
      return undefined;
    },
    reload: async () => (await api.results(planId)).objectives.find((x) => x.id === objective.id),
    onSaved: onDone,
  });

  const latestTitle = conflict ? localized(conflict.latest.title) : null;
  return (
    <form className="form inline-form objective-form" onSubmit={submit} noValidate>
      {conflict && latestTitle && (
        <ConflictPanel
          message={t('resultsEdit.objectiveConflict', { version: conflict.latest.version })}
          values={[
            {
              key: 'title',
              label: t('resultsEdit.title'),
              value: <span lang={latestTitle.lang}>{latestTitle.text}</span>,
            },
            {
              key: 'activities',
              label: t('resultsEdit.linkedActivities'),
              value: <bdi dir="ltr">{conflict.latest.linkedActivities.map((a) => a.refCode).join(', ') || '—'}</bdi>,
            },
          ]}
          busy={busy}
          onReapply={reapply}
          onDiscard={discard}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('edit.titleIn', { lang: lang.toUpperCase() })} errors={issuesAt(issues, 'title')}>
        {(p) => <input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <Field label={t('edit.descriptionIn', { lang: lang.toUpperCase() })} errors={issuesAt(issues, 'description')}>
        {(p) => <textarea {...p} rows={3} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
      </Field>
      <ActivityPicker
        planId={planId}
        selected={draft.activities}
        onChange={(activities) => set({ activities })}
        errors={issuesAt(issues, 'activityIds')}
      />
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('resultsEdit.saveObjective')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}

function IndicatorRow({ planId, indicator: i, onChanged }: { planId: string; indicator: Indicator; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [mode, setMode] = useState<'view' | 'measure' | 'edit'>('view');
  const last = i.measurements.at(-1);
  const mine = user.party === i.ownerParty;
  const canMeasure = mine && (user.roles.includes('planner') || user.roles.includes('contributor'));
  const canPlan = mine && user.roles.includes('planner');
  const done = () => {
    setMode('view');
    onChanged();
  };
  return (
    <li className="indicator">
      <div className="indicator-head">
        <RecordMarking label={i} compact />
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
      {mode === 'measure' && <MeasurementForm indicator={i} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'edit' && <IndicatorEditForm planId={planId} indicator={i} onDone={done} onCancel={() => setMode('view')} />}
      {mode === 'view' && (canMeasure || canPlan) && (
        <div className="actions">
          {canMeasure && (
            <button type="button" className="button ghost" onClick={() => setMode('measure')}>
              {t('results.addMeasurement')}
            </button>
          )}
          {canPlan && (
            <button type="button" className="button ghost" onClick={() => setMode('edit')}>
              {t('resultsEdit.editIndicator')}
            </button>
          )}
        </div>
      )}
      {(i.measurements.length > 0 || i.withdrawnMeasurements.length > 0) && (
        <Measurements planId={planId} indicator={i} canMeasure={canMeasure} onChanged={onChanged} />
      )}
    </li>
  );
}

function MeasurementForm({ indicator, onDone, onCancel }: { indicator: Indicator; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [value, setValue] = useState('');
  // A refusal is of the measurement sent: it goes as the reader changes it (a field's errors with that field).
  const { failure, issues, run, clear, setIssues } = useActionFeedback<never>(String(indicator.version), { date, value });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value.replace(',', '.'));
    if (value.trim() === '' || !Number.isFinite(n)) {
      clear();
      return setIssues([{ path: 'value', message: t('results.valueRequired') }]);
    }
    await run(async () => {
      await api.addMeasurement(indicator.id, { date, value: n });
      onDone();
      return null;
    });
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

/** A number typed in a field, with a comma accepted as the decimal mark; NaN when it is not one. */
const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));

type IndicatorField = 'name' | 'unit' | 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate';
type IndicatorDraft = Record<IndicatorField, string>;
const INDICATOR_FIELDS: IndicatorField[] = ['name', 'unit', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate'];
const NUMERIC = new Set<IndicatorField>(['baselineValue', 'targetValue']);

const indicatorDraftOf = (i: Indicator): IndicatorDraft => ({
  name: i.name,
  unit: i.unit,
  baselineValue: String(i.baselineValue),
  baselineDate: i.baselineDate,
  targetValue: String(i.targetValue),
  targetDate: i.targetDate,
});

function indicatorPatchOf(base: IndicatorDraft, d: IndicatorDraft): Omit<IndicatorPatch, 'version'> {
  const patch: Record<string, unknown> = {};
  for (const f of INDICATOR_FIELDS) if (d[f].trim() !== base[f]) patch[f] = NUMERIC.has(f) ? numberOf(d[f]) : d[f].trim();
  return patch;
}

/** Changes an indicator's name, unit, baseline and target, with the version read; reapplies over a newer one. */
function IndicatorEditForm({
  planId,
  indicator,
  onDone,
  onCancel,
}: {
  planId: string;
  indicator: Indicator;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { draft, set, issues, failure, conflict, busy, submit, reapply, discard } = useVersionedEdit({
    record: indicator,
    draftOf: indicatorDraftOf,
    patchOf: (base, d) => indicatorPatchOf(base, d),
    schema: indicatorPatchSchema,
    save: (patch, version) => api.updateIndicator(indicator.id, { ...patch, version }),
    reload: async () => (await api.results(planId)).objectives.flatMap((o) => o.indicators).find((x) => x.id === indicator.id),
    onSaved: onDone,
  });
  const labels: Record<IndicatorField, string> = {
    name: t('resultsEdit.indicatorName'),
    unit: t('resultsEdit.unit'),
    baselineValue: t('resultsEdit.baselineValue'),
    baselineDate: t('resultsEdit.baselineDate'),
    targetValue: t('resultsEdit.targetValue'),
    targetDate: t('resultsEdit.targetDate'),
  };

  return (
    <form className="form inline-form indicator-form" onSubmit={submit} noValidate>
      {conflict && (
        <ConflictPanel
          message={t('resultsEdit.indicatorConflict', {
            version: conflict.latest.version,
            date: formatDateTime(conflict.latest.updatedAt),
          })}
          values={(Object.keys(conflict.patch) as IndicatorField[]).map((k) => ({
            key: k,
            label: labels[k],
            value: String(conflict.latest[k]),
          }))}
          busy={busy}
          onReapply={reapply}
          onDiscard={discard}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        {(['name', 'unit'] as const).map((f) => (
          <Field key={f} label={labels[f]} errors={issuesAt(issues, f)}>
            {(p) => <input {...p} value={draft[f]} onChange={(e) => set({ [f]: e.target.value })} />}
          </Field>
        ))}
      </div>
      {(
        [
          ['baselineValue', 'baselineDate'],
          ['targetValue', 'targetDate'],
        ] as const
      ).map(([value, date]) => (
        <div key={value} className="field-row">
          <Field label={labels[value]} errors={issuesAt(issues, value)}>
            {(p) => <input {...p} inputMode="decimal" value={draft[value]} onChange={(e) => set({ [value]: e.target.value })} />}
          </Field>
          <Field label={labels[date]} errors={issuesAt(issues, date)}>
            {(p) => <input {...p} type="date" value={draft[date]} onChange={(e) => set({ [date]: e.target.value })} />}
          </Field>
        </div>
      ))}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('resultsEdit.saveIndicator')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}

/** The measurements of an indicator, the ones that count and the ones withdrawn, with a way to correct or withdraw one. */
function Measurements({
  planId,
  indicator: i,
  canMeasure,
  onChanged,
}: {
  planId: string;
  indicator: Indicator;
  canMeasure: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState<string | null>(null);
  const rows = [
    ...i.measurements.map((m) => ({ ...m, withdrawn: null })),
    ...i.withdrawnMeasurements.map((m) => ({ ...m, corrects: null, withdrawn: m })),
  ].sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  return (
    <details className="measurements">
      <summary>{t('resultsEdit.measurements', { count: i.measurements.length })}</summary>
      <table className="measurement-table">
        <thead>
          <tr>
            <th scope="col">{t('results.date')}</th>
            <th scope="col">{t('results.value', { unit: i.unit })}</th>
            <th scope="col">{t('resultsEdit.note')}</th>
            {canMeasure && <th scope="col">{t('resultsEdit.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.id} className={m.withdrawn ? 'withdrawn' : undefined}>
              <td>{m.withdrawn ? <del>{formatDate(m.date)}</del> : formatDate(m.date)}</td>
              <td className="number">{m.withdrawn ? <del>{formatNumber(m.value)}</del> : formatNumber(m.value)}</td>
              <td>
                {m.withdrawn
                  ? t(m.withdrawn.replacedBy ? 'resultsEdit.corrected' : 'resultsEdit.withdrawn', {
                      date: formatDateTime(m.withdrawn.withdrawnAt),
                      reason: m.withdrawn.reason,
                    })
                  : m.corrects
                    ? t('resultsEdit.correction')
                    : ''}
              </td>
              {canMeasure && (
                <td>
                  {!m.withdrawn && (
                    <button
                      type="button"
                      className="button ghost small"
                      aria-expanded={changing === m.id}
                      onClick={() => setChanging(changing === m.id ? null : m.id)}
                    >
                      {t('resultsEdit.correct')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {changing && (
        <CorrectionForm
          planId={planId}
          indicator={i}
          measurementId={changing}
          onDone={() => {
            setChanging(null);
            onChanged();
          }}
          onCancel={() => setChanging(null)}
        />
      )}
    </details>
  );
}

/**
 * Corrects or withdraws one measurement, always with a reason, which is kept
 * with it. The indicator's version is sent; if it moved meanwhile, the newer
 * version is shown and the same correction can be applied to it.
 */
function CorrectionForm({
  planId,
  indicator,
  measurementId,
  onDone,
  onCancel,
}: {
  planId: string;
  indicator: Indicator;
  measurementId: string;
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const measurement = indicator.measurements.find((m) => m.id === measurementId);
  const [version, setVersion] = useState(indicator.version);
  const [date, setDate] = useState(measurement?.date ?? '');
  const [value, setValue] = useState(measurement ? String(measurement.value) : '');
  const [reason, setReason] = useState('');
  const [newer, setNewer] = useState<{ version: number; action: 'correct' | 'withdraw' } | null>(null);
  const [busy, setBusy] = useState(false);
  // A refusal is of the correction sent: it goes as the reader changes it (a field's errors with that field),
  // and when the indicator reads otherwise.
  const feedback = useActionFeedback<never>(String(indicator.version), { date, value, reason });
  const { failure, issues, setIssues } = feedback;
  if (!measurement) return null;

  async function run(action: 'correct' | 'withdraw', at: number) {
    const local: FieldIssue[] = [];
    if (!reason.trim()) local.push({ path: 'reason', message: t('resultsEdit.reasonRequired') });
    const n = numberOf(value);
    if (action === 'correct' && !Number.isFinite(n)) local.push({ path: 'value', message: t('results.valueRequired') });
    if (local.length) {
      feedback.clear();
      return setIssues(local);
    }
    setBusy(true);
    await feedback.run(async () => {
      try {
        if (action === 'correct')
          await api.correctMeasurement(indicator.id, measurementId, {
            ...(date !== measurement?.date && { date }),
            ...(n !== measurement?.value && { value: n }),
            reason: reason.trim(),
            version: at,
          });
        else await api.withdrawMeasurement(indicator.id, measurementId, reason.trim(), at);
      } catch (err) {
        const latest =
          err instanceof ProblemError && err.isConflict
            ? (await api.results(planId)).objectives.flatMap((o) => o.indicators).find((x) => x.id === indicator.id)
            : undefined;
        const stillCounts = latest?.measurements.some((m) => m.id === measurementId);
        // Changed meanwhile: the conflict panel offers the same change on the newer version.
        if (latest && latest.version !== at && stillCounts) {
          setNewer({ version: latest.version, action });
          return null;
        }
        throw err;
      }
      onDone();
      return null;
    });
    setBusy(false);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run('correct', version);
  };
  return (
    <form className="form inline-form correction-form" onSubmit={submit} noValidate>
      <p className="small-heading">
        {t('resultsEdit.correctionOf', { date: formatDate(measurement.date), value: formatNumber(measurement.value) })}
      </p>
      {newer && (
        <ConflictPanel
          message={t('resultsEdit.measurementConflict', { version: newer.version })}
          busy={busy}
          onReapply={() => {
            setVersion(newer.version);
            setNewer(null);
            void run(newer.action, newer.version);
          }}
          onDiscard={onDone}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <div className="field-row">
        <Field label={t('results.date')} errors={issuesAt(issues, 'date')}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
        <Field label={t('results.value', { unit: indicator.unit })} errors={issuesAt(issues, 'value')}>
          {(p) => <input {...p} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('resultsEdit.reason')} hint={t('resultsEdit.reasonHint')} errors={issuesAt(issues, 'reason')}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('resultsEdit.saveCorrection')}
        </button>
        <button type="button" className="button ghost" disabled={busy} onClick={() => void run('withdraw', version)}>
          {t('resultsEdit.withdraw')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}
