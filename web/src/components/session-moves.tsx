import { useTranslation } from 'react-i18next';
import { SESSION_TRANSITIONS } from '../../../src/domain/session.lifecycle.js';
import { api } from '../api/client.js';
import type { Commission, CommissionSession } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { Alert } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';

export function SessionMoves({
  session,
  commission,
  planner,
  onChanged,
}: {
  session: CommissionSession;
  commission: Commission;
  planner: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { failure, run } = useActionFeedback<never>(JSON.stringify([session.version, session.status]));
  const approvedByMe = session.minutesApprovals.some((a) => a.party === user.party);
  // Approving the minutes is each party's own act, repeated until all have approved.
  const moves = SESSION_TRANSITIONS[session.status].filter((s) => s !== 'minutes_approved' || !approvedByMe);
  const approving = session.status === 'held';
  const move = (to: CommissionSession['status']) =>
    run(
      async () => {
        await api.sessionTransition(session.id, to, session.version);
        onChanged();
        return null;
      },
      (outcome) => outcome === 'done',
    );
  return (
    <div className="session-moves">
      {(approving || session.status === 'minutes_approved') && (
        <ul className="approvals" aria-label={t('sessions.minutesApprovals')}>
          {commission.parties.map((party) => {
            const approval = session.minutesApprovals.find((a) => a.party === party);
            return (
              <li key={party} className={approval ? 'approved' : 'pending'}>
                <span className="party-tag">{party}</span>{' '}
                {approval ? t('sessions.minutesApprovedOn', { date: formatDateTime(approval.at) }) : t('plan.notApproved')}
              </li>
            );
          })}
        </ul>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {planner && moves.length > 0 && (
        <div className="actions">
          {moves.map((to) => (
            <button key={to} type="button" className="button primary" onClick={() => void move(to)}>
              {to === 'minutes_approved' ? t('sessions.approveMinutes', { party: user.party }) : t(`sessions.moveTo.${to}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
