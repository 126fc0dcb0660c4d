import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan, canPlanIn } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { PlanDecisions, WorkPlan } from '../api/types.js';
import { formatDate, formatDateTime, localized } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import type { PlanPanelProps } from './approval-panel.js';
import { Bidi, Code, Localized } from './bidi.js';
import { RecordMarking, usePageLabels } from './classification-banner.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { PartyApprovals } from './party-approvals.js';
import { TableHead } from './table-head.js';
import { useActionFeedback } from './use-action-feedback.js';

type Choice = '' | 'carry' | 'cancel' | 'block';
type OpenActivity = PlanDecisions['openActivities'][number];
interface Row {
  choice: Choice;
  reason: string;
}

const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * The joint decisions on a plan beyond each party's approval: refusing or
 * returning a proposed plan with a comment, closing it (one dialog: what
 * becomes of each open activity the reader can see, the successor plan,
 * a plain warning when the period is not over, then a confirmation),
 * agreeing to or refusing a proposed close or reopening, reopening while
 * allowed, and the history of every party's decisions with their comments.
 */
export function PlanDecisionsPanel({ plan, commission, onChanged }: PlanPanelProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const decisions = useLoad(() => api.planDecisions(plan.id), [plan.id, plan.version]);
  const [mode, setMode] = useState<null | 'refuse' | 'return' | 'close' | 'agreeClose' | 'reopen' | 'refuseJoint'>(null);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const planner = canPlanIn(user, commission);
  const d = decisions.data;
  // A refusal is of the decision asked, on the plan as it stood: said until the reader changes the decision or
  // its comment, until another decision, or until the plan and its decisions read otherwise.
  const { failure, run } = useActionFeedback<never>(JSON.stringify([plan.version, plan.status, d?.proposal ?? null]), {
    mode,
    comment,
  });

  async function act(decide: () => Promise<WorkPlan>) {
    setBusy(true);
    await run(
      async () => {
        try {
          const next = await decide();
          setMode(null);
          setComment('');
          onChanged(next);
        } catch (err) {
          // What was refused may have changed meanwhile: read the decisions again, and say so over them.
          decisions.reload();
          throw err;
        }
        return null;
      },
      () => true,
    );
    setBusy(false);
  }

  const proposal = d?.proposal ?? null;
  const agreedByMe = proposal?.agreements.some((a) => a.party === user.party) ?? false;
  const canRefuseApproval = planner && plan.status === 'proposed';
  const canProposeClose = canPlan(user, plan.ownerParty) && plan.status === 'in_execution' && !proposal;
  const reopenOpen = plan.status === 'closed' && !!plan.reopenUntil && new Date(plan.reopenUntil) > new Date();
  const canProposeReopen = planner && reopenOpen && !proposal;
  // Open activities this reader sees that the proposal has no disposition for (its proposer could not read them):
  // agreeing to the close says what becomes of each.
  const undisposed =
    proposal?.kind === 'close' && d
      ? d.openActivities.filter((a) => !proposal.dispositions.some((x) => x.activityId === a.id))
      : [];

  const commentField = (required: boolean) => (
    <Field label={required ? t('planDecisions.commentRequired') : t('planDecisions.comment')}>
      {(p) => <textarea {...p} dir="auto" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />}
    </Field>
  );

  return (
    <section className="plan-decisions" aria-labelledby="plan-decisions-heading">
      <h2 id="plan-decisions-heading" className="small-heading">
        {t('planDecisions.title')}
      </h2>
      {failure && <Alert kind="error">{failure}</Alert>}
      {plan.status === 'closed' && plan.closedAt && (
        <p className="muted">
          {plan.reopenUntil && reopenOpen
            ? t('planDecisions.closedReopenUntil', {
                date: formatDateTime(plan.closedAt),
                until: formatDateTime(plan.reopenUntil),
              })
            : t('planDecisions.closedFinal', { date: formatDateTime(plan.closedAt) })}
        </p>
      )}
      {proposal && d && (
        <section className="joint-proposal card" aria-label={t(`planDecisions.proposal.${proposal.kind}`)}>
          <p>
            <strong>{t(`planDecisions.proposal.${proposal.kind}`)}</strong>{' '}
            {t('planDecisions.proposedBy', { party: proposal.party, date: formatDateTime(proposal.at) })}
          </p>
          {proposal.comment && (
            <blockquote>
              <Bidi>{proposal.comment}</Bidi>
            </blockquote>
          )}
          <PartyApprovals
            parties={d.parties}
            approvals={proposal.agreements}
            given={(date) => t('planDecisions.agreedOn', { date })}
            pending={t('planDecisions.notAgreed')}
          />
          {proposal.kind === 'close' && proposal.dispositions.length > 0 && (
            <ul className="dispositions">
              {proposal.dispositions.map((x) => (
                <li key={x.activityId}>
                  <Code>{x.refCode}</Code> {t(`planDecisions.disposition.${x.disposition}`)}
                  {x.disposition === 'carry' && proposal.successorPlan && (
                    <>
                      {' → '}
                      <Localized text={proposal.successorPlan.title} />
                    </>
                  )}
                  {x.reason && <span className="muted"> — {x.reason}</span>}
                </li>
              ))}
            </ul>
          )}
          {proposal.lapsed && <p className="muted">{t('planDecisions.lapsed')}</p>}
          {planner && !agreedByMe && mode !== 'refuseJoint' && mode !== 'agreeClose' && (
            <div className="actions">
              {!proposal.lapsed && (
                <button
                  type="button"
                  className="button primary"
                  disabled={busy}
                  onClick={() =>
                    undisposed.length > 0
                      ? setMode('agreeClose')
                      : void act(() => api.decideJoint(plan.id, proposal.kind, { decision: 'agree', version: plan.version }))
                  }
                >
                  {t(`planDecisions.agree.${proposal.kind}`, { party: user.party })}
                </button>
              )}
              <button type="button" className="button ghost" disabled={busy} onClick={() => setMode('refuseJoint')}>
                {t('planDecisions.refuse')}
              </button>
            </div>
          )}
          {mode === 'refuseJoint' && (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                void act(() =>
                  api.decideJoint(plan.id, proposal.kind, { decision: 'refuse', comment: comment.trim(), version: plan.version }),
                );
              }}
            >
              {commentField(true)}
              <FormActions
                save={t('planDecisions.confirmRefusal')}
                cancel={t('planDecisions.cancel')}
                onCancel={() => setMode(null)}
                disabled={busy || !comment.trim()}
              />
            </form>
          )}
        </section>
      )}
      {(canRefuseApproval || canProposeClose || canProposeReopen) && mode === null && (
        <div className="actions">
          {canRefuseApproval && (
            <>
              <button type="button" className="button ghost" onClick={() => setMode('refuse')}>
                {t('planDecisions.refusePlan')}
              </button>
              <button type="button" className="button ghost" onClick={() => setMode('return')}>
                {t('planDecisions.returnPlan')}
              </button>
            </>
          )}
          {canProposeClose && (
            <button type="button" className="button" onClick={() => setMode('close')}>
              {t('planDecisions.closeOpen')}
            </button>
          )}
          {canProposeReopen && (
            <button type="button" className="button" onClick={() => setMode('reopen')}>
              {t('planDecisions.reopenOpen')}
            </button>
          )}
        </div>
      )}
      {(mode === 'refuse' || mode === 'return') && (
        <form
          className="form card"
          aria-label={t(mode === 'refuse' ? 'planDecisions.refusePlan' : 'planDecisions.returnPlan')}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api.decideApproval(plan.id, { decision: mode, comment: comment.trim(), version: plan.version }));
          }}
        >
          <p>{t(mode === 'refuse' ? 'planDecisions.refuseHint' : 'planDecisions.returnHint')}</p>
          {commentField(true)}
          <FormActions
            save={t(mode === 'refuse' ? 'planDecisions.confirmRefusal' : 'planDecisions.confirmReturn')}
            cancel={t('planDecisions.cancel')}
            onCancel={() => setMode(null)}
            disabled={busy || !comment.trim()}
          />
        </form>
      )}
      {mode === 'reopen' && plan.reopenUntil && (
        <form
          className="form card"
          aria-label={t('planDecisions.reopenOpen')}
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => api.proposeReopen(plan.id, { comment: comment.trim() || undefined, version: plan.version }));
          }}
        >
          <p>{t('planDecisions.reopenHint', { until: formatDateTime(plan.reopenUntil) })}</p>
          {commentField(false)}
          <FormActions
            save={t('planDecisions.confirmReopen')}
            cancel={t('planDecisions.cancel')}
            onCancel={() => setMode(null)}
            disabled={busy}
          />
        </form>
      )}
      {mode === 'close' && d && (
        <CloseDialog
          plan={plan}
          decisions={d}
          busy={busy}
          onCancel={() => setMode(null)}
          onConfirm={(input) => void act(() => api.proposeClose(plan.id, { ...input, version: plan.version }))}
        />
      )}
      {mode === 'agreeClose' && d && proposal && (
        <CloseDialog
          plan={plan}
          decisions={{
            ...d,
            openActivities: undisposed,
            // One close carries to one successor: the proposal's, when it has one.
            successorPlans: proposal.successorPlan
              ? d.successorPlans.filter((p) => p.id === proposal.successorPlan?.id)
              : d.successorPlans,
          }}
          agreeing={user.party}
          busy={busy}
          onCancel={() => setMode(null)}
          onConfirm={(input) =>
            void act(() => api.decideJoint(plan.id, 'close', { decision: 'agree', ...input, version: plan.version }))
          }
        />
      )}
      {d && d.carried.length > 0 && (
        <p className="muted">
          {t('planDecisions.carried', { count: d.carried.length })}{' '}
          {d.carried.map((c, i) => (
            <span key={c.activityId}>
              {i > 0 && ', '}
              <Code>{c.refCode}</Code>
              {' → '}
              {c.successorPlan ? (
                <Localized text={c.successorPlan.title} />
              ) : (
                <span className="muted">{t('planDecisions.successorUnavailable')}</span>
              )}
            </span>
          ))}
        </p>
      )}
      {d && d.decisions.length > 0 && (
        <details className="decision-history" open={d.decisions.some((x) => x.comment)}>
          <summary>{t('planDecisions.history')}</summary>
          <ol>
            {d.decisions.map((x) => (
              <li key={x.id} className={`decision-${x.kind}`}>
                <time dateTime={x.at}>{formatDateTime(x.at)}</time> <span className="party-tag">{x.party}</span>{' '}
                <Bidi>{x.displayName ?? t('common.otherPartyUser', { party: x.party })}</Bidi> —{' '}
                {t(`planDecisions.kind.${x.kind}`)}
                {x.comment && (
                  <blockquote>
                    <Bidi>{x.comment}</Bidi>
                  </blockquote>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

/**
 * The close dialog: each open activity the reader can see gets a choice
 * (carry, cancel with a reason, or keep open, which blocks the close), then
 * a confirmation naming what will happen and whether the period is over.
 */
function CloseDialog({
  plan,
  decisions,
  agreeing,
  busy,
  onCancel,
  onConfirm,
}: {
  plan: WorkPlan;
  decisions: PlanDecisions;
  /** The agreeing party, when the dialog gives the dispositions of an agreement rather than a proposal. */
  agreeing?: string;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (input: {
    dispositions: { activityId: string; disposition: 'carry' | 'cancel'; reason?: string }[];
    successorPlanId: string | null;
  }) => void;
}) {
  const { t } = useTranslation();
  const open = decisions.openActivities;
  usePageLabels(open);
  const [rows, setRows] = useState<Record<string, Row>>(() =>
    Object.fromEntries(open.map((a) => [a.id, { choice: '' as Choice, reason: '' }])),
  );
  const [successor, setSuccessor] = useState(decisions.successorPlans[0]?.id ?? '');
  const [step, setStep] = useState<'choose' | 'confirm'>('choose');
  const early = todayIso() < plan.periodEnd;
  const set = (id: string, change: Partial<Row>) =>
    setRows((r) => ({ ...r, [id]: { ...(r[id] ?? { choice: '', reason: '' }), ...change } }));
  const rowOf = (a: OpenActivity) => rows[a.id] ?? { choice: '' as Choice, reason: '' };
  const blocking = open.filter((a) => rowOf(a).choice === 'block');
  const unchosen = open.filter((a) => rowOf(a).choice === '');
  const noReason = open.filter((a) => rowOf(a).choice === 'cancel' && !rowOf(a).reason.trim());
  const carried = open.filter((a) => rowOf(a).choice === 'carry');
  const cancelled = open.filter((a) => rowOf(a).choice === 'cancel');
  const needSuccessor = carried.length > 0 && !successor;
  const ready = blocking.length === 0 && unchosen.length === 0 && noReason.length === 0 && !needSuccessor;
  const successorPlan = decisions.successorPlans.find((p) => p.id === successor);
  const successorTitle = successorPlan ? localized(successorPlan.title).text : '';

  return (
    <div className="card close-dialog" role="dialog" aria-modal="false" aria-labelledby="close-dialog-heading">
      <h3 id="close-dialog-heading">{agreeing ? t('planDecisions.agreeTitle') : t('planDecisions.closeTitle')}</h3>
      <p>{agreeing ? t('planDecisions.agreeIntro') : t('planDecisions.closeJoint')}</p>
      {early && <Alert kind="info">{t('planDecisions.earlyWarning', { date: formatDate(plan.periodEnd) })}</Alert>}
      {step === 'choose' && (
        <>
          {open.length === 0 ? (
            <p className="muted">{t('planDecisions.noOpen')}</p>
          ) : (
            <table className="dispositions-table">
              <caption>{t('planDecisions.openActivities', { count: open.length })}</caption>
              <TableHead
                columns={[
                  t('planDecisions.activity'),
                  t('planDecisions.status'),
                  t('planDecisions.choice'),
                  t('planDecisions.reason'),
                ]}
              />
              <tbody>
                {open.map((a) => {
                  const r = rowOf(a);
                  const title = localized(a.title);
                  return (
                    <tr key={a.id} data-ref={a.refCode}>
                      <th scope="row">
                        <RecordMarking label={a} compact /> <Code>{a.refCode}</Code> <Bidi lang={title.lang}>{title.text}</Bidi>
                      </th>
                      <td>{t(`activityStatus.${a.status}`)}</td>
                      <td>
                        <select
                          aria-label={t('planDecisions.choiceFor', { ref: a.refCode })}
                          value={r.choice}
                          onChange={(e) => set(a.id, { choice: e.target.value as Choice })}
                        >
                          <option value="">{t('planDecisions.choose')}</option>
                          <option value="carry">{t('planDecisions.disposition.carry')}</option>
                          <option value="cancel">{t('planDecisions.disposition.cancel')}</option>
                          <option value="block">{t('planDecisions.disposition.block')}</option>
                        </select>
                      </td>
                      <td>
                        {r.choice === 'cancel' && (
                          <input
                            type="text"
                            aria-label={t('planDecisions.reasonFor', { ref: a.refCode })}
                            value={r.reason}
                            onChange={(e) => set(a.id, { reason: e.target.value })}
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {carried.length > 0 &&
            (decisions.successorPlans.length === 0 ? (
              <Alert kind="error">{t('planDecisions.noSuccessor')}</Alert>
            ) : (
              <Field label={t('planDecisions.successor')}>
                {(p) => (
                  <select {...p} value={successor} onChange={(e) => setSuccessor(e.target.value)}>
                    {decisions.successorPlans.map((s) => (
                      <option key={s.id} value={s.id}>
                        {localized(s.title).text} ({t(`planStatus.${s.status}`)})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ))}
          {blocking.length > 0 && (
            <Alert kind="error">
              {t('planDecisions.blocked', { count: blocking.length })}{' '}
              {blocking.map((a, i) => (
                <span key={a.id}>
                  {i > 0 && ', '}
                  <Code>{a.refCode}</Code>
                </span>
              ))}
            </Alert>
          )}
          {noReason.length > 0 && <p className="field-error">{t('planDecisions.reasonNeeded')}</p>}
          <div className="actions">
            <button type="button" className="button primary" disabled={!ready} onClick={() => setStep('confirm')}>
              {t('planDecisions.review')}
            </button>
            <button type="button" className="button ghost" onClick={onCancel}>
              {blocking.length > 0 ? t('planDecisions.stop') : t('planDecisions.cancel')}
            </button>
          </div>
        </>
      )}
      {step === 'confirm' && (
        <>
          <p className="close-summary">
            {carried.length
              ? t(agreeing ? 'planDecisions.agreeSummary' : 'planDecisions.confirmSummary', {
                  carried: carried.length,
                  cancelled: cancelled.length,
                  successor: successorTitle,
                })
              : t(agreeing ? 'planDecisions.agreeSummaryNoCarry' : 'planDecisions.confirmSummaryNoCarry', {
                  cancelled: cancelled.length,
                })}
          </p>
          {early && <p className="close-early">{t('planDecisions.confirmEarly', { date: formatDate(plan.periodEnd) })}</p>}
          <div className="actions">
            <button
              type="button"
              className="button primary"
              disabled={busy}
              onClick={() =>
                onConfirm({
                  dispositions: open.map((a) => {
                    const r = rowOf(a);
                    return r.choice === 'cancel'
                      ? { activityId: a.id, disposition: 'cancel' as const, reason: r.reason.trim() }
                      : { activityId: a.id, disposition: 'carry' as const };
                  }),
                  successorPlanId: carried.length ? successor : null,
                })
              }
            >
              {agreeing ? t('planDecisions.agree.close', { party: agreeing }) : t('planDecisions.confirmClose')}
            </button>
            <button type="button" className="button ghost" onClick={() => setStep('choose')}>
              {t('planDecisions.back')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
