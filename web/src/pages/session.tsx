import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENDA_OUTCOMES, type AgendaOutcome, SESSION_TRANSITIONS } from '../../../src/domain/session.lifecycle.js';
import { AGENDA_KINDS } from '../../../src/domain/session.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import type { ActionItem, AgendaItem, AgendaItemPatch, Commission, CommissionSession } from '../api/types.js';
import { AgendaItemAddForm } from '../components/agenda-item-add-form.js';
import { AgendaRelease } from '../components/agenda-release.js';
import { agendaTitleText } from '../components/agenda-title.js';
import { Bidi, isolate, Localized } from '../components/bidi.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { ConflictPanel } from '../components/conflict-panel.js';
import { Alert, Field } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { SessionEditForm } from '../components/session-edit-form.js';
import { ActionItemStatusBadge, SessionStatusBadge } from '../components/session-status.js';
import { useActionFeedback, useRefusal } from '../components/use-action-feedback.js';
import { formatDate, formatDateTime, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { problemText } from '../i18n/problems.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** A session of a commission: delegations, status and minutes approvals, agenda with minutes, decisions and action items. */
export default function SessionPage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const loaded = useLoad(async () => {
    const session = await api.session(sessionId);
    const [commission, agenda, actionItems] = await Promise.all([
      api.commission(session.commissionId),
      api.agenda(sessionId),
      api.actionItems(session.commissionId),
    ]);
    return { session, commission, agenda: agenda.items, actionItems: actionItems.items };
  }, [sessionId]);
  usePageLabels(
    loaded.data ? [loaded.data.session, loaded.data.commission, ...loaded.data.agenda, ...loaded.data.actionItems] : [],
  );
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const { session, commission, agenda, actionItems } = loaded.data;
  const planner = user.roles.includes('planner') && commission.parties.includes(user.party);
  const lang = currentLanguage();
  return (
    <div className="page session-page">
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('nav.dashboard')}</Link>
        <span aria-hidden="true">/</span>
        <Link to={`/commissions/${commission.id}/sessions`}>{t('sessions.title')}</Link>
      </nav>
      <header className="card record-header">
        <RecordMarking label={session} />
        <div className="record-header-body">
          <h1>{t('sessions.heading', { number: session.number, place: isolate(session.place) })}</h1>
          <div className="meta-row">
            <SessionStatusBadge status={session.status} />
            <span>
              <bdi>{formatDate(session.startDate)}</bdi> – <bdi>{formatDate(session.endDate)}</bdi>
            </span>
            <Localized text={commission.name} />
            <a href={`/api/sessions/${session.id}/documents/minutes.pdf?lang=${lang}`} download>
              {t('documents.minutesPdf')}
            </a>
          </div>
          <SessionMoves session={session} commission={commission} planner={planner} onChanged={loaded.reload} />
          {planner && session.status !== 'minutes_approved' && !editing && (
            <div className="actions">
              <button type="button" className="button ghost" onClick={() => setEditing(true)}>
                {t('sessionEdit.open')}
              </button>
            </div>
          )}
        </div>
      </header>
      {planner && session.status === 'minutes_approved' && <p className="muted">{t('sessionEdit.frozen')}</p>}
      {editing && session.status !== 'minutes_approved' && (
        <SessionEditForm
          session={session}
          parties={commission.parties}
          onChanged={loaded.reload}
          onClose={() => setEditing(false)}
        />
      )}
      <Delegations session={session} />
      <Agenda
        session={session}
        agenda={agenda}
        actionItems={actionItems}
        parties={commission.parties}
        planner={planner}
        onChanged={loaded.reload}
      />
      {session.minutes && (
        <section className="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">{t('sessions.summary')}</h2>
          <p className="prewrap" dir="auto">
            {session.minutes}
          </p>
        </section>
      )}
    </div>
  );
}

function SessionMoves({
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

function Delegations({ session }: { session: CommissionSession }) {
  const { t } = useTranslation();
  const parties = [...new Set(session.delegations.map((d) => d.party))];
  return (
    <section className="card" aria-labelledby="delegations-heading">
      <h2 id="delegations-heading">{t('sessions.delegations')}</h2>
      {parties.length === 0 && <p className="muted">{t('common.none')}</p>}
      <div className="delegations">
        {parties.map((party) => (
          <table key={party} className="mini-table">
            <caption>
              <span className="party-tag">{party}</span>
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('sessions.member')}</th>
                <th scope="col">{t('sessions.function')}</th>
                <th scope="col">{t('sessions.organisation')}</th>
              </tr>
            </thead>
            <tbody>
              {session.delegations
                .filter((d) => d.party === party)
                .map((d) => (
                  <tr key={d.name}>
                    <td>
                      <Bidi>
                        {d.title ? `${d.title} ` : ''}
                        {d.name}
                      </Bidi>
                    </td>
                    <td>{d.function ? <Bidi>{d.function}</Bidi> : t('common.none')}</td>
                    <td>{d.organisation ? <Bidi>{d.organisation}</Bidi> : t('common.none')}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
      </div>
    </section>
  );
}

function Agenda({
  session,
  agenda,
  actionItems,
  parties,
  planner,
  onChanged,
}: {
  session: CommissionSession;
  agenda: AgendaItem[];
  actionItems: ActionItem[];
  parties: string[];
  planner: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  // Kept as what to say rather than said, so it follows a change of language; said until the agenda reads otherwise.
  const { failure, notice, run } = useActionFeedback<{ key: 'agenda.prepared' | 'agendaEdit.moved'; count?: number }>(
    JSON.stringify([session.status, agenda.map((i) => [i.id, i.version, i.position, i.reference])]),
  );
  const open = session.status !== 'minutes_approved';
  // Items are edited, removed and reordered until the session sits.
  const arranging = planner && (session.status === 'planned' || session.status === 'convened');
  const [focusAfterMove, setFocusAfterMove] = useState<string | null>(null);
  useEffect(() => {
    if (!focusAfterMove) return;
    // Keep the keyboard where it was: on the moved item's button, or its other one at either end.
    const [dir, id] = focusAfterMove.split(':');
    const other = dir === 'up' ? 'down' : 'up';
    const target = [`move-${dir}-${id}`, `move-${other}-${id}`]
      .map((i) => document.getElementById(i) as HTMLButtonElement | null)
      .find((b) => b && !b.disabled);
    target?.focus();
  }, [focusAfterMove, agenda]);

  const prepare = () =>
    run(
      async () => {
        const before = agenda.length;
        const after = await api.prepareAgenda(session.id);
        onChanged();
        return { key: 'agenda.prepared' as const, count: after.items.length - before };
      },
      (outcome) => outcome === 'done',
    );
  const sorted = [...agenda].sort((a, b) => a.position - b.position);
  async function move(index: number, by: -1 | 1) {
    const ids = sorted.map((i) => i.id);
    const [id] = ids.splice(index, 1);
    if (!id) return;
    ids.splice(index + by, 0, id);
    await run(
      async () => {
        try {
          await api.reorderAgenda(session.id, ids);
        } catch (err) {
          // The agenda changed meanwhile: read it again, and say so over the new reading.
          if (err instanceof ProblemError && err.isConflict) onChanged();
          throw err;
        }
        setFocusAfterMove(`${by < 0 ? 'up' : 'down'}:${id}`);
        onChanged();
        return { key: 'agendaEdit.moved' as const };
      },
      (outcome, err) => outcome === 'done' || (err instanceof ProblemError && err.isConflict),
    );
  }
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <div className="section-head">
        <h2 id="agenda-heading" tabIndex={-1}>
          {t('agenda.title')}
        </h2>
        {planner && open && (
          <button type="button" className="button ghost" onClick={() => void prepare()}>
            {t('agenda.prepare')}
          </button>
        )}
      </div>
      <p className="muted">{t('agenda.prepareHint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {notice && <Alert kind="info">{t(notice.key, { count: notice.count })}</Alert>}
      {sorted.length === 0 ? (
        <p className="muted">{t('agenda.none')}</p>
      ) : (
        <ol className="agenda">
          {sorted.map((item, index) => (
            <AgendaEntry
              key={item.id}
              item={item}
              actionItems={actionItems.filter((a) => a.agendaItemId === item.id)}
              commissionActionItems={actionItems}
              arrange={
                arranging
                  ? {
                      up: index > 0 ? () => void move(index, -1) : null,
                      down: index < sorted.length - 1 ? () => void move(index, 1) : null,
                    }
                  : null
              }
              parties={parties}
              // Minutes are written while the session sits, and until they are approved.
              canWrite={planner && (session.status === 'convened' || session.status === 'held')}
              canRelease={planner && open}
              onChanged={onChanged}
            />
          ))}
        </ol>
      )}
      {planner && open && <AgendaItemAddForm session={session} parties={parties} onAdded={onChanged} />}
    </section>
  );
}

function AgendaEntry({
  item,
  actionItems,
  commissionActionItems,
  arrange,
  parties,
  canWrite,
  canRelease,
  onChanged,
}: {
  item: AgendaItem;
  actionItems: ActionItem[];
  commissionActionItems: ActionItem[];
  /** Move up and down, when the agenda can still be arranged; null at either end. */
  arrange: { up: (() => void) | null; down: (() => void) | null } | null;
  parties: string[];
  canWrite: boolean;
  /** Its owner may still release it to every party: until the minutes are approved. */
  canRelease: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [changing, setChanging] = useState(false);
  const [removing, setRemoving] = useState(false);
  // A refusal is of the item as it stood: said until the item reads otherwise.
  const { failure, run } = useActionFeedback<never>(JSON.stringify([item.version, item.reference]));
  const title = agendaTitleText(t, item);
  const remove = () =>
    run(
      async () => {
        try {
          await api.removeAgendaItem(item.id, item.version);
        } catch (err) {
          if (err instanceof ProblemError && err.isConflict) onChanged();
          throw err;
        }
        // The removed item's buttons are gone: the keyboard goes back to the agenda.
        document.getElementById('agenda-heading')?.focus();
        onChanged();
        return null;
      },
      (outcome, err) => outcome === 'refused' && err instanceof ProblemError && err.isConflict,
    );
  return (
    <li className="agenda-item">
      <div className="agenda-head">
        <RecordMarking label={item} compact />
        <span className="badge">{t(`agenda.kind.${item.kind}`)}</span>
        <h3 dir="auto">{title}</h3>
        {item.activityId && <Link to={`/activities/${item.activityId}`}>{t('agenda.openActivity')}</Link>}
      </div>
      {arrange && !changing && (
        <div className="actions agenda-arrange">
          <button
            type="button"
            id={`move-up-${item.id}`}
            className="button ghost small"
            disabled={!arrange.up}
            aria-label={t('agendaEdit.moveUp', { title })}
            onClick={() => arrange.up?.()}
          >
            <span aria-hidden="true">↑</span>
          </button>
          <button
            type="button"
            id={`move-down-${item.id}`}
            className="button ghost small"
            disabled={!arrange.down}
            aria-label={t('agendaEdit.moveDown', { title })}
            onClick={() => arrange.down?.()}
          >
            <span aria-hidden="true">↓</span>
          </button>
          <button
            type="button"
            className="button ghost small"
            aria-label={t('agendaEdit.editOf', { title })}
            onClick={() => setChanging(true)}
          >
            {t('agendaEdit.edit')}
          </button>
          {!item.summary && actionItems.length === 0 && (
            <button
              type="button"
              className="button ghost small"
              aria-label={t('agendaEdit.removeOf', { title })}
              onClick={() => setRemoving(true)}
            >
              {t('agendaEdit.remove')}
            </button>
          )}
        </div>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <AgendaRelease item={item} parties={parties} canWrite={canRelease} onChanged={onChanged} />
      {removing && (
        <div className="alert alert-info" role="alertdialog" aria-label={t('agendaEdit.removeOf', { title })}>
          <p>{item.kind === 'free' ? t('agendaEdit.confirmRemove') : t('agendaEdit.confirmRemoveCarried')}</p>
          <div className="actions">
            <button type="button" className="button primary small" onClick={() => void remove()}>
              {t('agendaEdit.confirm')}
            </button>
            <button type="button" className="button ghost small" onClick={() => setRemoving(false)}>
              {t('edit.discard')}
            </button>
          </div>
        </div>
      )}
      {changing && (
        <AgendaItemForm
          item={item}
          actionItems={commissionActionItems}
          onDone={() => {
            setChanging(false);
            onChanged();
          }}
          onCancel={() => setChanging(false)}
        />
      )}
      {item.summary ? (
        <div className="minutes">
          {item.outcome && <p className="outcome">{t(`minutes.outcome.${item.outcome}`)}</p>}
          <h4>{t('minutes.summary')}</h4>
          <p className="prewrap" dir="auto">
            {item.summary}
          </p>
          {item.decisions && (
            <>
              <h4>{t('minutes.decisions')}</h4>
              <p className="prewrap" dir="auto">
                {item.decisions}
              </p>
            </>
          )}
        </div>
      ) : (
        <p className="muted">{t('minutes.none')}</p>
      )}
      {actionItems.length > 0 && (
        <ul className="action-item-lines" aria-label={t('actionItems.title')}>
          {actionItems.map((a) => (
            <li key={a.id}>
              <RecordMarking label={a} compact />
              <ActionItemStatusBadge item={a} /> <Bidi>{a.title}</Bidi> <span className="party-tag">{a.responsibleParty}</span>{' '}
              <span className="muted">{t('actionItems.due', { date: formatDate(a.dueDate) })}</span>
            </li>
          ))}
        </ul>
      )}
      {canWrite &&
        (editing ? (
          <MinutesForm
            item={item}
            parties={parties}
            onDone={() => {
              setEditing(false);
              onChanged();
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <button type="button" className="button ghost" onClick={() => setEditing(true)}>
            {item.summary ? t('minutes.edit') : t('minutes.write')}
          </button>
        ))}
    </li>
  );
}

interface ActionDraft {
  title: string;
  responsibleParty: string;
  dueDate: string;
}

function MinutesForm({
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
          <div className="field-row" key={i}>
            <Field label={t('minutes.actionTitle')} errors={issuesAt(issues, `actionItems.${i}.title`)}>
              {(p) => <input {...p} value={a.title} onChange={(e) => setAction(i, { title: e.target.value })} />}
            </Field>
            <Field label={t('minutes.responsible')} errors={issuesAt(issues, `actionItems.${i}.responsibleParty`)}>
              {(p) => (
                <select {...p} value={a.responsibleParty} onChange={(e) => setAction(i, { responsibleParty: e.target.value })}>
                  {parties.map((party) => (
                    <option key={party} value={party}>
                      {party}
                    </option>
                  ))}
                </select>
              )}
            </Field>
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
          onClick={() => setActions((l) => [...l, { title: '', responsibleParty: parties[0] ?? '', dueDate: '' }])}
        >
          {t('minutes.addActionItem')}
        </button>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button primary">
          {t('minutes.save')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}

/**
 * Changes an agenda item's title, and what it is about: any item can become
 * a free item; an item can be set to one of the commission's action items.
 * On a conflict, shows the newer title and lets the reader reapply.
 */
function AgendaItemForm({
  item,
  actionItems,
  onDone,
  onCancel,
}: {
  item: AgendaItem;
  actionItems: ActionItem[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(item.title);
  const [kind, setKind] = useState<AgendaItem['kind']>(item.kind);
  const [actionItemId, setActionItemId] = useState(item.actionItemId ?? actionItems[0]?.id ?? '');
  const { issues, setIssues, failure, setFailure } = useRefusal({ title, kind, actionItemId });
  const [conflict, setConflict] = useState<{ latest: AgendaItem; patch: AgendaItemPatch } | null>(null);
  const kinds = AGENDA_KINDS.filter((k) => k === 'free' || k === item.kind || (k === 'action_item' && actionItems.length > 0));

  function patchOf(): AgendaItemPatch {
    const patch: AgendaItemPatch = {};
    if (title.trim() !== item.title) patch.title = title.trim();
    if (kind !== item.kind) patch.kind = kind;
    if (kind === 'free' && kind !== item.kind) Object.assign(patch, { actionItemId: null, activityId: null, planId: null });
    if (kind === 'action_item' && actionItemId !== item.actionItemId)
      Object.assign(patch, { actionItemId, activityId: null, planId: null });
    return patch;
  }
  async function send(patch: AgendaItemPatch, version: number) {
    setFailure(null);
    try {
      await api.updateAgendaItem(item.id, { ...patch, version });
      onDone();
    } catch (err) {
      const latest =
        err instanceof ProblemError && err.isConflict
          ? (await api.agenda(item.sessionId)).items.find((i) => i.id === item.id)
          : undefined;
      if (latest && latest.version !== version) setConflict({ latest, patch });
      else if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
      } else setFailure(t('common.unexpectedError'));
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = patchOf();
    if (Object.keys(patch).length === 0) return setFailure(t('edit.nothingChanged'));
    if (!title.trim()) return setIssues([{ path: 'title', message: t('agenda.titleRequired') }]);
    setIssues([]);
    void send(patch, item.version);
  }
  return (
    <form
      className="form agenda-item-form"
      onSubmit={submit}
      noValidate
      aria-label={t('agendaEdit.editOf', { title: item.title })}
    >
      {conflict && (
        <ConflictPanel
          message={
            <>
              {t('agendaEdit.conflict', { version: conflict.latest.version, title: '' })}
              <bdi>{agendaTitleText(t, conflict.latest)}</bdi>
            </>
          }
          small
          onReapply={() => void send(conflict.patch, conflict.latest.version)}
          onDiscard={onDone}
        />
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field
        label={t('agendaEdit.title')}
        errors={issuesAt(issues, 'title')}
        hint={item.reference ? t('agendaEdit.carriedHint') : undefined}
      >
        {(p) => <input {...p} value={title} dir="auto" onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field label={t('agendaEdit.kind')} errors={issuesAt(issues, 'kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as AgendaItem['kind'])}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`agenda.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === 'action_item' && (
          <Field label={t('agendaEdit.actionItem')} errors={issuesAt(issues, 'actionItemId')}>
            {(p) => (
              <select {...p} value={actionItemId} onChange={(e) => setActionItemId(e.target.value)}>
                {actionItems.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button primary small">
          {t('agendaEdit.save')}
        </button>
        <button type="button" className="button ghost small" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}
