import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAN_TRANSITIONS } from '../../../src/domain/plan.lifecycle.js';
import { canPlan, canPlanIn } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { Commission, WorkPlan } from '../api/types.js';
import { formatDate } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { Alert } from './field.js';
import { PartyApprovals } from './party-approvals.js';
import { useActionFeedback } from './use-action-feedback.js';

/** What each panel of a plan's header is given: the plan, its commission, and what to do with the plan a move answers. */
export interface PlanPanelProps {
  plan: WorkPlan;
  commission: Commission;
  onChanged: (p: WorkPlan) => void;
}

/**
 * Each party's approval of the plan, and the moves the reader may make: a
 * planner of a commission party approves a proposed plan for that party; the
 * owner's planners move it along its lifecycle.
 */
export function ApprovalPanel({ plan, commission, onChanged }: PlanPanelProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  // A refusal is of the plan as it stood: said until another move, or until the plan reads otherwise.
  const { failure, run, refuseOver } = useActionFeedback<never>(JSON.stringify([plan.version, plan.status]));
  const planner = canPlanIn(user, commission);
  const approvedByMe = plan.approvals.some((a) => a.party === user.party);
  const canApprove = planner && plan.status === 'proposed' && !approvedByMe;
  const moves = canPlan(user, plan.ownerParty) ? PLAN_TRANSITIONS[plan.status].filter((s) => s !== 'approved') : [];
  // The content every party approved is frozen as the baseline, and each approved amendment after it; the
  // signed plan prints both hashes, named, and so does this header.
  const adopted = plan.status === 'approved' || plan.status === 'in_execution' || plan.status === 'closed';
  const revisions = useLoad(() => (adopted ? api.revisions(plan.id) : Promise.resolve(null)), [plan.id, adopted]);
  const approvedRevisions = revisions.data?.items.filter((r) => r.status === 'approved') ?? [];
  const baselineHash = approvedRevisions.find((r) => r.number === 0)?.contentHash;
  const inForce = approvedRevisions.at(-1);

  async function move(to: WorkPlan['status']) {
    setBusy(true);
    await run(
      async () => {
        try {
          onChanged(await api.planTransition(plan.id, { to, version: plan.version }));
        } catch (err) {
          if (!(err instanceof ProblemError && err.isConflict)) throw err;
          // Changed meanwhile: read it again, and say so over the new reading.
          const latest = await api.plan(plan.id);
          refuseOver(() => onChanged(latest), t('approval.changedMeanwhile'));
        }
        return null;
      },
      (outcome) => outcome === 'done',
    );
    setBusy(false);
  }

  return (
    <section className="approval-panel" aria-labelledby="approvals-heading">
      <h2 id="approvals-heading" className="small-heading">
        {t('plan.approvals')}
      </h2>
      <PartyApprovals
        parties={commission.parties}
        approvals={plan.approvals}
        given={(date) => t('plan.approvedOn', { date })}
        pending={t('plan.notApproved')}
      />
      {baselineHash && (
        <p className="baseline-hash">
          {t('approval.baselineHash')} <code dir="ltr">{baselineHash}</code>
        </p>
      )}
      {baselineHash && inForce && inForce.number > 0 && inForce.contentHash && inForce.approvedAt && (
        <p className="baseline-hash revision-hash">
          {t('approval.revisionHash', { number: inForce.number, date: formatDate(inForce.approvedAt) })}{' '}
          <code dir="ltr">{inForce.contentHash}</code>
        </p>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {(canApprove || moves.length > 0) && (
        <div className="actions">
          {canApprove && (
            <button type="button" className="button primary" disabled={busy} onClick={() => void move('approved')}>
              {t('approval.approveFor', { party: user.party })}
            </button>
          )}
          {moves.map((to) => (
            <button key={to} type="button" className="button ghost" disabled={busy} onClick={() => void move(to)}>
              {t(`approval.moveTo.${to}`)}
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
