import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ReceivedRecord, receivedApi } from '../api/received.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { usePageLabels } from '../components/classification-banner.js';
import { Alert } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { PartnerApprovalsPanel } from '../components/partner-approvals.js';
import { ReceivedMarkingText } from '../components/received-marking.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { currentLanguage, loadProblemTexts } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { loadReceivedTexts } from '../i18n/received.js';
import { useSearchParams } from '../router.js';
import { useLoad } from '../use-load.js';
import { field, plannedOf, textOf } from './received-copy.js';

/** The page, loaded with its texts and the problems'. */
export const withTexts = () => Promise.all([loadReceivedTexts(), loadProblemTexts()]).then(() => ({ default: ReceivedPlanPage }));

/** A received record's marking: the local one, the originator's own in brackets, coloured by the local level. */
function CopyMarking({ r, portion = false }: { r: ReceivedRecord; portion?: boolean }) {
  return (
    <span className={`record-marking ${portion ? 'portion ' : ''}level-${r.local.classification}`} data-marking={r.marking}>
      {portion ? (
        <>
          (<ReceivedMarkingText marking={r.marking} />)
        </>
      ) : (
        <ReceivedMarkingText marking={r.marking} />
      )}
    </span>
  );
}

/** The follow-up received of one activity, oldest first. */
function FollowUps({ entries }: { entries: ReceivedRecord[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <span className="muted">{t('received.noFollowUps')}</span>;
  return (
    <ul className="received-follow-ups">
      {entries.map((f) => {
        const kind = field(f, 'kind');
        return (
          <li key={f.id} data-id={f.id}>
            <CopyMarking r={f} portion /> <strong>{t(`followUp.kind.${kind}`, { defaultValue: kind })}</strong>{' '}
            <span className="muted">{field(f, 'createdAt') && formatDateTime(field(f, 'createdAt'))}</span>{' '}
            <Bidi lang={field(f, 'language') || undefined}>{field(f, 'body')}</Bidi>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A partner's plan received here, read-only: owned by its originator (whose party is named), each
 * record marked locally with the originator's marking in brackets, its activities and their follow-up
 * as received, and the approvals given across the exchange, with the Approve button for those the API
 * lets approve. Nothing here writes the copy: only its originator changes it, by the next bundle.
 */
export function ReceivedPlanPage({ planId }: { planId: string }) {
  const { t, i18n } = useTranslation();
  // The installation the plan came from (`?from=`, as the list links it): with the id, the key of the copy.
  const from = useSearchParams().get('from') ?? undefined;
  // The API gives the activities a page at a time, by reference code; the pages read since are kept with
  // the first, and read again from the first when it is.
  const loaded = useLoad(() => receivedApi.plan(planId, currentLanguage(), from), [planId, from, i18n.language]);
  const first = loaded.state === 'ready' ? loaded.data : null;
  const [more, setMore] = useState<{
    of: unknown;
    activities: ReceivedRecord[];
    followUps: ReceivedRecord[];
    nextCursor: string | null;
  } | null>(null);
  const [moreFailed, setMoreFailed] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const extra = more && more.of === first ? more : null;
  const data = first
    ? {
        plan: first.plan,
        activities: [...first.activities, ...(extra?.activities ?? [])],
        followUps: [...first.followUps, ...(extra?.followUps ?? [])],
        nextCursor: extra ? extra.nextCursor : first.nextCursor,
      }
    : null;
  usePageLabels(data ? [data.plan.local, ...data.activities.map((a) => a.local), ...data.followUps.map((f) => f.local)] : []);

  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (!data) return <p className="muted">{t('common.loading')}</p>;
  const { plan, activities, followUps, nextCursor } = data;
  const loadMore = async () => {
    if (!nextCursor) return;
    setBusy(true);
    setMoreFailed(null);
    try {
      const page = await receivedApi.plan(planId, currentLanguage(), from, nextCursor);
      setMore({
        of: first,
        activities: [...(extra?.activities ?? []), ...page.activities],
        followUps: [...(extra?.followUps ?? []), ...page.followUps],
        nextCursor: page.nextCursor,
      });
    } catch (err) {
      setMoreFailed(err);
    } finally {
      setBusy(false);
    }
  };
  const title = textOf(plan, 'title');
  const status = field(plan, 'status');
  return (
    <div className="page plan-page received-plan-page" data-originator={plan.originator.party}>
      <Breadcrumb trail={[{ to: '/received', label: t('received.title') }]} />
      <header className="card record-header">
        <div className="record-marking-row">
          <CopyMarking r={plan} />
        </div>
        <div className="record-header-body">
          <h1>
            <Bidi lang={title.lang}>{title.text || plan.id}</Bidi>
          </h1>
          <p className="received-copy-notice">
            {t('received.copyOf', { party: plan.originator.party, installation: plan.originator.installation })}
          </p>
          <div className="meta-row">
            <span className="received-owner" data-party={plan.originator.party}>
              {t('received.ownedBy', { party: plan.originator.party })}
            </span>
            <span className={`badge plan-${status}`}>{t(`planStatus.${status}`, { defaultValue: status })}</span>
            <span>
              {field(plan, 'periodStart') && formatDate(field(plan, 'periodStart'))} –{' '}
              {field(plan, 'periodEnd') && formatDate(field(plan, 'periodEnd'))}
            </span>
            <span className="muted">
              {t('received.version', { version: plan.version, date: formatDateTime(plan.updatedAt) })}
            </span>
          </div>
          <PartnerApprovalsPanel
            planId={planId}
            from={plan.originator.installation}
            version={plan.version}
            onReload={loaded.reload}
          />
        </div>
      </header>
      <section aria-labelledby="received-activities-heading">
        <h2 id="received-activities-heading">{t('received.activities')}</h2>
        {activities.length === 0 ? (
          <p className="muted">{t('received.noActivities')}</p>
        ) : (
          <table className="mini-table received-activities">
            <thead>
              <tr>
                <th>{t('received.col.ref')}</th>
                <th>{t('received.col.activity')}</th>
                <th>{t('received.col.lead')}</th>
                <th>{t('received.col.planned')}</th>
                <th>{t('received.col.status')}</th>
                <th>{t('received.col.marking')}</th>
                <th>{t('received.followUps')}</th>
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => {
                const name = textOf(a, 'title');
                const planned = plannedOf(a);
                const activityStatus = field(a, 'status');
                return (
                  <tr key={a.id} data-id={a.id}>
                    <td>
                      <bdi dir="ltr" className="ref">
                        {field(a, 'refCode')}
                      </bdi>
                    </td>
                    <td>
                      <Bidi lang={name.lang}>{name.text}</Bidi>
                    </td>
                    <td>
                      <span className="party-tag">{field(a, 'leadParty')}</span>
                    </td>
                    <td>
                      {planned.start && formatDate(planned.start)} – {planned.end && formatDate(planned.end)}
                    </td>
                    <td>
                      <span className={`badge status-${activityStatus}`}>
                        {t(`activityStatus.${activityStatus}`, { defaultValue: activityStatus })}
                      </span>
                    </td>
                    <td>
                      <CopyMarking r={a} portion />
                    </td>
                    <td>
                      <FollowUps entries={followUps.filter((f) => f.parentId === a.id)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {nextCursor && (
          <button
            type="button"
            className="button secondary received-more-activities"
            disabled={busy}
            onClick={() => void loadMore()}
          >
            {t('received.moreActivities')}
          </button>
        )}
        {moreFailed !== null && <Alert kind="error">{problemText(moreFailed)}</Alert>}
        <p className="muted small">{t('received.followUpsOwner')}</p>
      </section>
    </div>
  );
}
