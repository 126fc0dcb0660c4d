import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_TYPES, DOMAINS } from '../../../src/domain/activity.schema.js';
import type { Precision } from '../../../src/domain/period.js';
import { type FieldIssue, issuesAt } from '../api/problem.js';
import type { Activity } from '../api/types.js';
import { issueText } from '../i18n/problems.js';
import { loadRolloverTexts } from '../i18n/rollover.js';
import { Field } from './field.js';

/** The fields an activity's creation and its change both have, as the forms hold them. */
export interface ActivityFieldsDraft {
  domain: Activity['domain'];
  type: Activity['type'];
  priority: string;
  /** Carried into every next year's plan by a roll-over, even once done. */
  recurring: boolean;
  start: string;
  end: string;
  precision: Precision;
}

/**
 * An activity's domain and type, priority and planned period: the fields its
 * creation and its change share. The period's own issues (an end before its
 * start) show under it; those of its start, end and precision at their fields.
 */
export function ActivityFields({
  draft,
  onChange,
  onPeriodChange,
  issues,
  precisionHint,
  between,
}: {
  draft: ActivityFieldsDraft;
  onChange: (change: Partial<ActivityFieldsDraft>) => void;
  /** A change of the period's start, end or precision; the creation snaps it to the whole month or quarter. */
  onPeriodChange: (change: Partial<Pick<ActivityFieldsDraft, 'start' | 'end' | 'precision'>>) => void;
  issues: readonly FieldIssue[];
  precisionHint?: string;
  /** What the form shows between the domain and type and the period. */
  between?: ReactNode;
}) {
  const { t } = useTranslation();
  // The recurring box's texts come with the roll-over's, never with the dashboard.
  useEffect(() => {
    void loadRolloverTexts();
  }, []);
  const field = (path: string) => issuesAt(issues, path);
  const periodIssues = issues.filter((i) => i.path === 'plannedPeriod').map(issueText);
  return (
    <>
      <div className="field-row">
        <Field label={t('activity.field.domain')} errors={field('domain')}>
          {(p) => (
            <select {...p} value={draft.domain} onChange={(e) => onChange({ domain: e.target.value as Activity['domain'] })}>
              {DOMAINS.map((d) => (
                <option key={d} value={d}>
                  {t(`domain.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activity.field.type')} errors={field('type')}>
          {(p) => (
            <select {...p} value={draft.type} onChange={(e) => onChange({ type: e.target.value as Activity['type'] })}>
              {ACTIVITY_TYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`activityType.${d}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('activity.field.priority')} errors={field('priority')}>
          {(p) => (
            <select {...p} value={draft.priority} onChange={(e) => onChange({ priority: e.target.value })}>
              {[1, 2, 3].map((n) => (
                <option key={n} value={String(n)}>
                  {t(`priority.${n}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.recurring} onChange={(e) => onChange({ recurring: e.target.checked })} />
        <span>{t('rollover.recurring')}</span>
      </label>
      {between}
      <fieldset className="field-group">
        <legend>{t('activity.field.plannedPeriod')}</legend>
        <div className="field-row">
          <Field label={t('transition.periodStart')} errors={field('plannedPeriod.start')}>
            {(p) => <input {...p} type="date" value={draft.start} onChange={(e) => onPeriodChange({ start: e.target.value })} />}
          </Field>
          <Field label={t('transition.periodEnd')} errors={field('plannedPeriod.end')}>
            {(p) => <input {...p} type="date" value={draft.end} onChange={(e) => onPeriodChange({ end: e.target.value })} />}
          </Field>
          <Field
            label={t('transition.precision')}
            hint={draft.precision === 'day' ? undefined : precisionHint}
            errors={field('plannedPeriod.precision')}
          >
            {(p) => (
              <select {...p} value={draft.precision} onChange={(e) => onPeriodChange({ precision: e.target.value as Precision })}>
                <option value="day">{t('precision.day')}</option>
                <option value="month">{t('precision.month')}</option>
                <option value="quarter">{t('precision.quarter')}</option>
              </select>
            )}
          </Field>
        </div>
        {periodIssues.length > 0 && <p className="field-error">{periodIssues.join(' · ')}</p>}
      </fieldset>
    </>
  );
}
