import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan, canPlanIn } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { Commission, PlanDiff, Revision, WorkPlan } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { HistoryValue } from './activity-history.js';
import { ChangeTableHead } from './change-table-head.js';
import { Alert, Field } from './field.js';
import { LoadError } from './load-error.js';
import { PartyApprovals } from './party-approvals.js';
import { useActionFeedback } from './use-action-feedback.js';

type Ref = number | 'current';

/**
 * The plan's baseline and amendments: open one with its reason, propose it
 * (which freezes its content), approve it party by party; and what changed
 * between any two revisions.
 */
export function RevisionsPanel({ plan, commission }: { plan: WorkPlan; commission: Commission }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const revisions = useLoad(() => api.revisions(plan.id), [plan.id]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const planner = canPlanIn(user, commission);
  const items = revisions.data?.items ?? [];
  const open = items.find((r) => r.status !== 'approved');
  const canOpen = canPlan(user, plan.ownerParty) && !open && ['approved', 'in_execution'].includes(plan.status);
  // Said until another move, until the revisions read otherwise, or (a refused reason) until the reason changes.
  const { failure, issues, run, setIssues } = useActionFeedback<never>(
    JSON.stringify(items.map((r) => [r.number, r.status, r.approvals.length])),
    { reason },
  );

  async function act(action: () => Promise<unknown>) {
    setBusy(true);
    await run(
      async () => {
        await action();
        revisions.reload();
        return null;
      },
      (outcome) => outcome === 'done',
    );
    setBusy(false);
  }

  function openAmendment(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setIssues([{ path: 'reason', message: t('revisions.reasonRequired') }]);
    void act(async () => {
      await api.openAmendment(plan.id, reason.trim());
      setReason('');
    });
  }

  if (revisions.state === 'failed') return <LoadError error={revisions.error} />;
  if (revisions.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const numbers = items.map((r) => r.number);
  return (
    <div className="stack">
      <section className="card" aria-labelledby="revisions-heading">
        <h2 id="revisions-heading">{t('revisions.title')}</h2>
        {failure && <Alert kind="error">{failure}</Alert>}
        {items.length === 0 ? (
          <p className="muted">{t('revisions.none')}</p>
        ) : (
          <ol className="revision-list">
            {items.map((r) => (
              <RevisionItem
                key={r.number}
                revision={r}
                parties={commission.parties}
                busy={busy}
                canPropose={canPlan(user, plan.ownerParty) && r.status === 'open'}
                canApprove={planner && r.status === 'proposed' && !r.approvals.some((a) => a.party === user.party)}
                onMove={(to) => void act(() => api.amendmentTransition(plan.id, r.number, to))}
              />
            ))}
          </ol>
        )}
        {canOpen && (
          <form className="form inline-form" onSubmit={openAmendment} noValidate>
            <Field label={t('revisions.reason')} errors={issuesAt(issues, 'reason')}>
              {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
            </Field>
            <button type="submit" className="button primary" disabled={busy}>
              {t('revisions.open')}
            </button>
          </form>
        )}
      </section>
      <DiffView planId={plan.id} numbers={numbers} />
    </div>
  );
}

function RevisionItem({
  revision: r,
  parties,
  busy,
  canPropose,
  canApprove,
  onMove,
}: {
  revision: Revision;
  parties: string[];
  busy: boolean;
  canPropose: boolean;
  canApprove: boolean;
  onMove: (to: 'proposed' | 'approved') => void;
}) {
  const { t } = useTranslation();
  return (
    <li className="revision">
      <div className="revision-head">
        <strong>{r.number === 0 ? t('revisions.baseline') : t('revisions.amendment', { number: r.number })}</strong>
        <span className={`badge revision-${r.status}`}>{t(`revisionStatus.${r.status}`)}</span>
        <span className="muted">{formatDateTime(r.openedAt)}</span>
      </div>
      {r.reason && <p>{r.reason}</p>}
      {r.number > 0 && (
        <PartyApprovals
          parties={parties}
          approvals={r.approvals}
          given={(date) => t('plan.approvedOn', { date })}
          pending={t('plan.notApproved')}
        />
      )}
      {(canPropose || canApprove) && (
        <div className="actions">
          {canPropose && (
            <button type="button" className="button primary" disabled={busy} onClick={() => onMove('proposed')}>
              {t('revisions.propose', { number: r.number })}
            </button>
          )}
          {canApprove && (
            <button type="button" className="button primary" disabled={busy} onClick={() => onMove('approved')}>
              {t('revisions.approve', { number: r.number })}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

function DiffView({ planId, numbers }: { planId: string; numbers: number[] }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<Ref>(0);
  const [to, setTo] = useState<Ref>('current');
  const diff = useLoad(() => api.diff(planId, from, to), [planId, from, to]);
  const refs: Ref[] = [...numbers, 'current'];
  const name = (r: Ref) =>
    r === 'current' ? t('revisions.current') : r === 0 ? t('revisions.baseline') : t('revisions.amendment', { number: r });
  const picker = (label: string, value: Ref, set: (r: Ref) => void) => (
    <Field label={label}>
      {(p) => (
        <select
          {...p}
          value={String(value)}
          onChange={(e) => set(e.target.value === 'current' ? 'current' : Number(e.target.value))}
        >
          {refs.map((r) => (
            <option key={String(r)} value={String(r)}>
              {name(r)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section className="card" aria-labelledby="diff-heading">
      <h2 id="diff-heading">{t('diff.title')}</h2>
      <div className="field-row">
        {picker(t('diff.from'), from, setFrom)}
        {picker(t('diff.to'), to, setTo)}
      </div>
      {diff.state === 'failed' && <LoadError error={diff.error} />}
      {diff.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {diff.state === 'ready' && <DiffBody diff={diff.data} />}
    </section>
  );
}

function DiffBody({ diff }: { diff: PlanDiff }) {
  const { t } = useTranslation();
  const empty = !diff.plan.length && !diff.added.length && !diff.removed.length && !diff.changed.length;
  if (empty) return <p className="muted">{t('diff.none')}</p>;
  const rows = [
    ...diff.plan.map((c) => ({ ref: t('diff.planFields'), ...c })),
    ...diff.changed.flatMap((a) => a.changes.map((c) => ({ ref: a.refCode, ...c }))),
  ];
  const field = (f: string) => (t(`history.fields.${f}`, { defaultValue: '' }) as string) || f;
  return (
    <div className="diff">
      {diff.added.length > 0 && (
        <p className="diff-added">
          <strong>{t('diff.added')}</strong> <span dir="ltr">{diff.added.join(', ')}</span>
        </p>
      )}
      {diff.removed.length > 0 && (
        <p className="diff-removed">
          <strong>{t('diff.removed')}</strong> <span dir="ltr">{diff.removed.join(', ')}</span>
        </p>
      )}
      {rows.length > 0 && (
        <table className="mini-table diff-table">
          <caption>{t('diff.changed')}</caption>
          <ChangeTableHead first={t('activities.column.refCode')} />
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.ref}-${r.field}`}>
                <td dir="ltr" className="ref">
                  {r.ref}
                </td>
                <td>{field(r.field)}</td>
                <td className="old-value">
                  <HistoryValue field={r.field} value={r.from} />
                </td>
                <td className="new-value">
                  <HistoryValue field={r.field} value={r.to} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
