import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/problem.js';
import { type PlanPartnerApprovals, receivedApi } from '../api/received.js';
import { formatDateTime } from '../i18n/format.js';
import { currentLanguage, loadProblemTexts } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { loadReceivedTexts } from '../i18n/received.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { Alert } from './field.js';
import { ReceivedMarkingText } from './received-marking.js';

/** The panel with its texts and the problems', loaded with it: the plan page imports it lazily. */
export const withTexts = () =>
  Promise.all([loadReceivedTexts(), loadProblemTexts()]).then(() => ({ default: PartnerApprovalsPanel }));

type Approval = PlanPartnerApprovals['approvals'][number];

/** One approval given across the exchange: whose, of which version (current or earlier), when, and where it was given. */
function ApprovalItem({ a }: { a: Approval }) {
  const { t } = useTranslation();
  const withdrawn = a.withdrawnAt !== null;
  const state = withdrawn ? 'withdrawn' : a.current ? 'current' : 'earlier';
  return (
    <li
      className={`partner-approval ${withdrawn ? 'withdrawn' : a.current ? 'approved' : 'earlier'}`}
      data-party={a.party}
      data-version={a.planVersion ?? ''}
      data-current={a.current}
      data-withdrawn={withdrawn}
    >
      <span className="party-tag">{a.party}</span>{' '}
      {a.planVersion === null ? t('partnerApprovals.unknownVersion') : t('partnerApprovals.of', { version: a.planVersion })}{' '}
      <span className={`badge approval-${state}`}>{t(`partnerApprovals.${state}`)}</span>{' '}
      {t('partnerApprovals.on', { date: formatDateTime(a.at) })}
      {a.withdrawnAt !== null && <>, {t('partnerApprovals.withdrawnOn', { date: formatDateTime(a.withdrawnAt) })}</>} ·{' '}
      {a.origin === 'received' ? t('partnerApprovals.received', { party: a.party }) : t('partnerApprovals.local')}
      {a.marking && (
        <>
          {' '}
          <span className="record-marking portion received-marking">
            (<ReceivedMarkingText marking={a.marking} />)
          </span>
        </>
      )}
    </li>
  );
}

/**
 * The approvals of a plan given across the exchange. Of a plan of this installation: the partners'
 * approvals received back, each with the version it approved ("earlier version" once the plan changed);
 * shown only once there is one. Of a partner's plan received here (`received`): the originator's own
 * approvals and this party's, and an Approve button for those the API lets approve, sending the
 * version read (`version`); a newer version received meanwhile is explained, and `onReload` reads the
 * page again.
 */
export function PartnerApprovalsPanel({
  planId,
  from,
  version,
  onReload,
}: {
  planId: string;
  /** Of a received copy: the installation it came from, which with the id names the copy. */
  from?: string;
  /** Of a received copy: the version the page shows, which an approval names. */
  version?: number;
  onReload?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(() => receivedApi.partnerApprovals(planId, currentLanguage(), from), [planId, from, i18n.language]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (loaded.state !== 'ready') return null;
  const data = loaded.data;
  // A plan of this installation without any partner's approval: nothing to show.
  if (!data.received && data.approvals.length === 0) return null;
  const read = version ?? data.version;
  const stale = error instanceof ProblemError && error.status === 409 && error.code === 'plan.stale_version';
  const approve = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const given = await receivedApi.approve(planId, read, from);
      setDone(given.planVersion);
      loaded.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="partner-approvals" aria-labelledby="partner-approvals-heading">
      <h2 id="partner-approvals-heading" className="small-heading">
        {t('partnerApprovals.title')}
      </h2>
      {data.approvals.length === 0 ? (
        <p className="muted">{t('partnerApprovals.none')}</p>
      ) : (
        <ul className="approvals partner-approval-list">
          {data.approvals.map((a) => (
            <ApprovalItem key={`${a.origin}:${a.party}:${a.planVersion}:${a.at}:${a.withdrawnAt ?? ''}`} a={a} />
          ))}
        </ul>
      )}
      {!data.received && <p className="muted small">{t('partnerApprovals.counting')}</p>}
      {data.approvals.some((a) => a.withdrawnAt !== null) && <p className="muted small">{t('partnerApprovals.withdrawnHint')}</p>}
      {data.received && data.canApprove && data.originator && (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={approve}>
            {t('partnerApprovals.approve', { version: read, party: user.party })}
          </button>
          <span className="muted small"> {t('partnerApprovals.approveHint', { party: data.originator.party })}</span>
        </div>
      )}
      {done !== null && data.originator && (
        <Alert kind="success">{t('partnerApprovals.approved', { version: done, party: data.originator.party })}</Alert>
      )}
      {stale ? (
        <Alert kind="error">
          {t('partnerApprovals.stale')}{' '}
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setError(null);
              loaded.reload();
              onReload?.();
            }}
          >
            {t('partnerApprovals.reload')}
          </button>
        </Alert>
      ) : (
        error !== null && <Alert kind="error">{problemText(error)}</Alert>
      )}
    </section>
  );
}
