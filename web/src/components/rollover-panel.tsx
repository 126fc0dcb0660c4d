import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlanIn } from '../../../src/domain/policy.js';
import { answer, client } from '../api/client.js';
import type { WorkPlan } from '../api/types.js';
import { formatDate, localized } from '../i18n/format.js';
import { loadProblemTexts } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { loadRolloverTexts } from '../i18n/rollover.js';
import { navigate } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { Bidi } from './bidi.js';
import { Alert } from './field.js';

type Proposal = Awaited<ReturnType<typeof readProposal>>;
const REASONS = ['open', 'postponed', 'recurring'] as const;

const readProposal = (planId: string, year: number) =>
  answer(client.GET('/api/plans/{id}/rollover', { params: { path: { id: planId }, query: { year } } }));

/** The panel with its texts, loaded with it: the plan page imports it lazily. */
export const withTexts = () => Promise.all([loadRolloverTexts(), loadProblemTexts()]).then(() => ({ default: RolloverPanel }));

/**
 * "Start next year's plan": the carry-over the server proposes, grouped by why each
 * activity is carried, each with a box to keep or drop it, then the draft created
 * and shown. Offered to the planners of a party of the commission once the plan is adopted.
 */
export function RolloverPanel({ plan, commission }: { plan: WorkPlan; commission: { parties: string[] } }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [year, setYear] = useState(Number(plan.periodStart.slice(0, 4)) + 1);
  const [proposal, setProposal] = useState<Proposal | null>(null);
  const [dropped, setDropped] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!canPlanIn(user, commission) || !['approved', 'in_execution', 'closed'].includes(plan.status)) return null;

  const attempt = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(problemText(err));
    }
    setBusy(false);
  };
  const open = () =>
    attempt(async () => {
      const p = await readProposal(plan.id, year);
      setProposal(p);
      setDropped(new Set());
    });
  const kept = <T extends { id: string; writable: boolean }>(items: T[]) => items.filter((i) => i.writable && !dropped.has(i.id));
  const create = () =>
    attempt(async () => {
      if (!proposal) return;
      const objectives = kept(proposal.objectives);
      const result = await answer(
        client.POST('/api/plans/{id}/rollover', {
          params: { path: { id: plan.id } },
          body: {
            year,
            activityIds: kept(proposal.activities).map((a) => a.id),
            objectiveIds: objectives.map((o) => o.id),
            indicatorIds: kept(proposal.indicators)
              .filter((i) => objectives.some((o) => o.id === i.objectiveId))
              .map((i) => i.id),
          },
        }),
      );
      navigate(`/plans/${result.planId}`);
    });
  const toggle = (id: string) =>
    setDropped((d) => {
      const next = new Set(d);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const box = (item: { id: string; writable: boolean }, label: React.ReactNode) => (
    <label key={item.id} className="check">
      <input
        type="checkbox"
        checked={item.writable && !dropped.has(item.id)}
        disabled={!item.writable}
        onChange={() => toggle(item.id)}
      />
      <span>{label}</span>
      {!item.writable && <span className="muted"> ({t('rollover.notWritable')})</span>}
    </label>
  );
  const text = (title: Record<string, string | undefined>) => {
    const l = localized(title as Record<string, string>);
    return l ? <Bidi lang={l.lang}>{l.text}</Bidi> : null;
  };

  return (
    <section className="rollover-panel" aria-labelledby="rollover-heading">
      {!proposal ? (
        <div className="form-row">
          <label>
            {t('rollover.year')}{' '}
            <input type="number" value={year} min={1900} max={9999} onChange={(e) => setYear(Number(e.target.value))} />
          </label>{' '}
          <button type="button" className="button" id="rollover-heading" disabled={busy} onClick={open}>
            {t('rollover.start')}
          </button>
        </div>
      ) : (
        <div className="card">
          <h2 id="rollover-heading">{t('rollover.review')}</h2>
          <p>{t('rollover.period', { start: formatDate(proposal.periodStart), end: formatDate(proposal.periodEnd) })}</p>
          {proposal.activities.length + proposal.objectives.length === 0 && <p className="muted">{t('rollover.nothing')}</p>}
          {REASONS.map((reason) => {
            const items = proposal.activities.filter((a) => a.reason === reason);
            return items.length ? (
              <fieldset key={reason} className="field-group" data-reason={reason}>
                <legend>{t(`rollover.reason.${reason}`)}</legend>
                <div>
                  {items.map((a) =>
                    box(
                      a,
                      <>
                        <bdi>{a.refCode}</bdi> {text(a.title)} — {formatDate(a.carriedPeriod.start)}
                      </>,
                    ),
                  )}
                </div>
              </fieldset>
            ) : null;
          })}
          {proposal.objectives.length > 0 && (
            <fieldset className="field-group">
              <legend>{t('rollover.objectives')}</legend>
              <div>{proposal.objectives.map((o) => box(o, text(o.title)))}</div>
            </fieldset>
          )}
          {proposal.indicators.length > 0 && (
            <fieldset className="field-group">
              <legend>{t('rollover.indicators')}</legend>
              <div>
                {proposal.indicators.map((i) =>
                  box(
                    i,
                    <>
                      <bdi>{i.name}</bdi>{' '}
                      {t('rollover.baseline', { value: i.baselineValue, unit: i.unit, date: formatDate(i.baselineDate) })}
                    </>,
                  ),
                )}
              </div>
            </fieldset>
          )}
          <div className="form-actions">
            <button type="button" className="button" disabled={busy} onClick={create}>
              {t('rollover.create')}
            </button>{' '}
            <button type="button" className="button secondary" disabled={busy} onClick={() => setProposal(null)}>
              {t('rollover.cancel')}
            </button>
          </div>
        </div>
      )}
      {error && <Alert kind="error">{error}</Alert>}
    </section>
  );
}
