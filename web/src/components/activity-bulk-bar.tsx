import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_STATUSES } from '../../../src/domain/activity.lifecycle.js';
import { CLASSIFICATIONS } from '../../../src/domain/labels.js';
import { api } from '../api/client.js';
import type { ActivityBulkAction, ActivityBulkEdit, ActivityBulkReport } from '../api/types.js';
import { issueText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';
import { LoadError } from './load-error.js';
import './activity-bulk-bar.css';

type Kind = ActivityBulkAction['kind'];
const KINDS: Kind[] = ['transition', 'reassign', 'relabel', 'postpone'];
/** The picker's value for "no lead organisation", apart from the empty value of nothing chosen yet. */
const NO_ORGANISATION = 'none';

/**
 * The bar of a bulk edit of the activities chosen in the table: one of four
 * actions, applied by the server through each activity's own rules, and the
 * report of what was applied and what was refused, and why.
 */
export default function ActivityBulkBar({
  planId,
  selection,
  count,
  refOf,
  onApplied,
  onClear,
}: {
  planId: string;
  selection: ActivityBulkEdit['selection'];
  count: number;
  refOf: (id: string) => string | undefined;
  onApplied: () => void;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('postpone');
  const [to, setTo] = useState<(typeof ACTIVITY_STATUSES)[number]>('planned');
  const [reason, setReason] = useState('');
  const [months, setMonths] = useState(1);
  const [organisation, setOrganisation] = useState('');
  // The organisations to pick the new lead from, asked for once a reassignment is chosen.
  const organisations = useLoad(() => (kind === 'reassign' ? api.organisations() : Promise.resolve(null)), [kind === 'reassign']);
  const organisationsByParty = new Map<string, { id: string; name: string }[]>();
  for (const o of organisations.data?.items ?? [])
    organisationsByParty.set(o.party, [...(organisationsByParty.get(o.party) ?? []), o]);
  const [classification, setClassification] = useState<(typeof CLASSIFICATIONS)[number]>('UNCLASSIFIED');
  const [state, setState] = useState<
    null | 'busy' | { error: unknown } | { report: ActivityBulkReport; names: Map<string, string | undefined> }
  >(null);

  const action = (): ActivityBulkAction =>
    kind === 'transition'
      ? { kind, to, ...(reason.trim() ? { reason: reason.trim() } : {}) }
      : kind === 'postpone'
        ? { kind, reason: reason.trim(), months }
        : kind === 'reassign'
          ? { kind, leadOrganisationId: organisation === NO_ORGANISATION ? null : organisation }
          : { kind, classification };

  async function apply(e: FormEvent) {
    e.preventDefault();
    setState('busy');
    // The references of the rows chosen, as they stood: the table reloads its rows once the edit is applied.
    const names = new Map('ids' in selection ? selection.ids.map((id) => [id, refOf(id)] as const) : []);
    try {
      const report = await api.bulkEditActivities(planId, { selection, action: action() });
      setState({ report, names });
      onApplied();
    } catch (error) {
      setState({ error });
    }
  }

  const report = state && typeof state === 'object' && 'report' in state ? state.report : null;
  const nameOf = (id: string) =>
    (state && typeof state === 'object' && 'names' in state ? state.names.get(id) : undefined) ?? refOf(id);
  return (
    <section className="bulk-bar" aria-label={t('bulk.label')}>
      <form onSubmit={(e) => void apply(e)}>
        <span className="bulk-count" aria-live="polite">
          {'ids' in selection ? t('bulk.selected', { count }) : t('bulk.selectedAll', { count })}
        </span>
        <label className="filter">
          <span>{t('bulk.action')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`bulk.actions.${k}`)}
              </option>
            ))}
          </select>
        </label>
        {kind === 'transition' && (
          <label className="filter">
            <span>{t('bulk.to')}</span>
            <select value={to} onChange={(e) => setTo(e.target.value as typeof to)}>
              {ACTIVITY_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`activityStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === 'postpone' && (
          <label className="filter">
            <span>{t('bulk.months')}</span>
            <input
              type="number"
              min={1}
              max={24}
              value={months}
              onChange={(e) => setMonths(Math.max(1, Math.min(24, Number(e.target.value) || 1)))}
            />
          </label>
        )}
        {(kind === 'transition' || kind === 'postpone') && (
          <label className="filter grow">
            <span>{t('bulk.reason')}</span>
            <input value={reason} required={kind === 'postpone'} onChange={(e) => setReason(e.target.value)} />
          </label>
        )}
        {kind === 'reassign' && (
          <label className="filter grow">
            <span>{t('bulk.organisation')}</span>
            {/* Nothing is chosen at first: "none" clears the lead of every activity chosen, and must be picked. */}
            <select required value={organisation} onChange={(e) => setOrganisation(e.target.value)}>
              <option value="" disabled>
                {t('bulk.chooseOrganisation')}
              </option>
              <option value={NO_ORGANISATION}>{t('bulk.noOrganisation')}</option>
              {[...organisationsByParty].map(([party, orgs]) => (
                <optgroup key={party} label={party}>
                  {orgs.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {organisations.state === 'failed' && <LoadError error={organisations.error} />}
          </label>
        )}
        {kind === 'relabel' && (
          <label className="filter">
            <span>{t('bulk.classification')}</span>
            <select value={classification} onChange={(e) => setClassification(e.target.value as typeof classification)}>
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {t(`classification.${c}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" className="button" disabled={state === 'busy'}>
          {state === 'busy' ? t('bulk.applying') : t('bulk.apply')}
        </button>
        <button type="button" className="button ghost" onClick={onClear}>
          {t('bulk.clear')}
        </button>
      </form>
      {state && typeof state === 'object' && 'error' in state ? <LoadError error={state.error} /> : null}
      {report && (
        <div className="bulk-report" role="status">
          <p>{t('bulk.report', { applied: report.applied, refused: report.refused })}</p>
          {report.refused > 0 && (
            <ul aria-label={t('bulk.refusedTitle')}>
              {report.results.map((r) =>
                r.outcome === 'refused' ? (
                  <li key={r.id}>
                    <bdi>{nameOf(r.id) ?? r.id}</bdi>
                    {' — '}
                    {issueText({ path: '', code: r.code, message: r.code, params: r.params })}
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
