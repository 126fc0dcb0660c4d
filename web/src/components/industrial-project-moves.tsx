import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedMoves, type ProjectStatus } from '../../../src/domain/industrial-project.lifecycle.js';
import { projectMoveSchema } from '../../../src/domain/industrial-project.schema.js';
import { canPlan } from '../../../src/domain/policy.js';
import { industryApi } from '../api/industry.js';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { IndustrialProject } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';
import { Alert, Field } from './field.js';
import { useRefusal } from './use-action-feedback.js';

/**
 * Moves the project along its lifecycle, for the planners of its owner party:
 * only the moves the domain allows from where it stands, from the version the
 * page read. A refusal is said in the reader's language beside its field; a
 * project changed meanwhile (409) is read again, the message saying why.
 */
export function IndustrialProjectMoves({
  project: p,
  onChanged,
  reload,
}: {
  project: IndustrialProject;
  onChanged: (p: IndustrialProject) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const next = allowedMoves({ status: p.status, suspendedFrom: p.suspendedFrom });
  const [to, setTo] = useState<ProjectStatus | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const target = to && next.includes(to) ? to : next[0];
  const input = { to: target, reason: reason.trim() || undefined, version: p.version };
  // A refusal is of the move asked: a newer version read after a conflict keeps its message.
  const { issues, setIssues, failure, setFailure } = useRefusal({ to: target, reason });
  if (!canPlan(user, p.ownerParty) || !target) return null;
  const needsReason =
    target === 'suspended' || (target === 'closed' && p.status !== 'operating' && p.suspendedFrom !== 'operating');

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    const parsed = projectMoveSchema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    try {
      onChanged(await industryApi.moveProject(p.id, parsed.data));
      setReason('');
      setTo('');
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
        if (err.isConflict) reload();
      } else setFailure(t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form industry-moves" onSubmit={submit} noValidate aria-labelledby="industry-moves-heading">
      <h2 id="industry-moves-heading">{t('programmes.moves.title')}</h2>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('programmes.moves.to')} errors={issuesAt(issues, 'to')}>
        {(f) => (
          <select {...f} value={target} onChange={(e) => setTo(e.target.value as ProjectStatus)}>
            {next.map((s) => (
              <option key={s} value={s}>
                {t(`industry.status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={needsReason ? t('programmes.moves.reasonRequired') : t('programmes.moves.reason')}
        errors={issuesAt(issues, 'reason')}
      >
        {(f) => <textarea {...f} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t(`industry.status.${target}`)}
        </button>
      </div>
    </form>
  );
}
