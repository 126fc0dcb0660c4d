import { useTranslation } from 'react-i18next';
import { SESSION_TRANSITIONS } from '../../../src/domain/session.lifecycle.js';
import { api } from '../api/client.js';
import type { Commission, CommissionSession } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { Alert } from './field.js';
import { PartyApprovals } from './party-approvals.js';
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
        <PartyApprovals
          parties={commission.parties}
          approvals={session.minutesApprovals}
          given={(date) => t('sessions.minutesApprovedOn', { date })}
          pending={t('plan.notApproved')}
          label={t('sessions.minutesApprovals')}
        />
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
