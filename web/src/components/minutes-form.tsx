import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENDA_OUTCOMES, type AgendaOutcome } from '../../../src/domain/session.lifecycle.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import type { AgendaItem } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { PartyField } from './party-field.js';
import { useRefusal } from './use-action-feedback.js';

interface ActionDraft {
  /** Names the row while it is typed, so removing one above does not move the others' inputs. */
  key: number;
  title: string;
  responsibleParty: string;
  dueDate: string;
}

export function MinutesForm({
  item,
  parties,
  onDone,
  onCancel,
}: {
  item: AgendaItem;
  parties: string[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [summary, setSummary] = useState(item.summary ?? '');
  const [decisions, setDecisions] = useState(item.decisions ?? '');
  // Empty until chosen: the API then takes a decision when decisions are written, else noted.
  const [outcome, setOutcome] = useState<AgendaOutcome | ''>(item.outcome ?? '');
  const [actions, setActions] = useState<ActionDraft[]>([]);
  const nextKey = useRef(0);
  const { issues, setIssues, failure, setFailure } = useRefusal({ summary, decisions, outcome, actionItems: actions });
  const setAction = (i: number, patch: Partial<ActionDraft>) =>
    setActions((list) => list.map((a, j) => (j === i ? { ...a, ...patch } : a)));

  const removeAction = (i: number) => {
    setActions((list) => list.filter((_, j) => j !== i));
    // The messages of the rows below moved with them: they no longer name the right row.
    setIssues((list) => list.filter((issue) => !issue.path.startsWith('actionItems.')));
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    if (!summary.trim()) return setIssues([{ path: 'summary', message: t('minutes.summaryRequired') }]);
    // A row left empty is no action: it is not sent. The API's messages name the rows sent.
    const sent = actions.flatMap((a, i) => (a.title.trim() || a.dueDate ? [i] : []));
    const rowOf = (issue: FieldIssue): FieldIssue => {
      const m = /^actionItems\.(\d+)(.*)$/.exec(issue.path);
      return m ? { ...issue, path: `actionItems.${sent[Number(m[1])] ?? m[1]}${m[2]}` } : issue;
    };
    try {
      await api.saveMinutes(item.id, {
        summary: summary.trim(),
        decisions: decisions.trim() || null,
        ...(outcome ? { outcome } : {}),
        actionItems: sent
          .flatMap((i) => actions.slice(i, i + 1))
          .map((a) => ({
            title: a.title.trim(),
            responsibleParty: a.responsibleParty,
            responsibleOrganisation: null,
            dueDate: a.dueDate,
            activityId: item.activityId,
            planId: item.planId,
          })),
        version: item.version,
      });
      onDone();
    } catch (err) {
      if (err instanceof ProblemError) setIssues(err.errors.map(rowOf));
      setFailure(problemText(err, t('common.unexpectedError')));
    }
  }

  return (
    <form className="form minutes-form" onSubmit={submit} noValidate>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('minutes.summary')} errors={issuesAt(issues, 'summary')}>
        {(p) => <textarea {...p} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}
      </Field>
      <Field label={t('minutes.decisions')} errors={issuesAt(issues, 'decisions')}>
        {(p) => <textarea {...p} rows={2} value={decisions} onChange={(e) => setDecisions(e.target.value)} />}
      </Field>
      <Field label={t('minutes.outcomeLabel')} errors={issuesAt(issues, 'outcome')}>
        {(p) => (
          <select {...p} value={outcome} onChange={(e) => setOutcome(e.target.value as AgendaOutcome | '')}>
            <option value="">{t('minutes.outcomeAuto')}</option>
            {AGENDA_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`minutes.outcome.${o}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="field-group">
        <legend>{t('minutes.newActionItems')}</legend>
        {actions.map((a, i) => (
          <div className="field-row" key={a.key}>
            <Field label={t('minutes.actionTitle')} errors={issuesAt(issues, `actionItems.${i}.title`)}>
              {(p) => <input {...p} value={a.title} onChange={(e) => setAction(i, { title: e.target.value })} />}
            </Field>
            <PartyField
              label={t('minutes.responsible')}
              value={a.responsibleParty}
              onChange={(responsibleParty) => setAction(i, { responsibleParty })}
              parties={parties}
              errors={issuesAt(issues, `actionItems.${i}.responsibleParty`)}
            />
            <Field label={t('minutes.dueDate')} errors={issuesAt(issues, `actionItems.${i}.dueDate`)}>
              {(p) => <input {...p} type="date" value={a.dueDate} onChange={(e) => setAction(i, { dueDate: e.target.value })} />}
            </Field>
            <button
              type="button"
              className="button ghost small"
              aria-label={t('minutes.removeActionItemOf', { n: i + 1 })}
              onClick={() => removeAction(i)}
            >
              {t('minutes.removeActionItem')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            const key = nextKey.current++;
            setActions((l) => [...l, { key, title: '', responsibleParty: parties[0] ?? '', dueDate: '' }]);
          }}
        >
          {t('minutes.addActionItem')}
        </button>
      </fieldset>
      <FormActions save={t('minutes.save')} onCancel={onCancel} />
    </form>
  );
}
