import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACTION_ITEM_STATUSES, ACTION_ITEM_TRANSITIONS } from '../../../src/domain/action-item.lifecycle.js';
import { canEditActionItem, canMoveActionItem } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { ActionItem } from '../api/types.js';
import { ActionItemEditForm } from '../components/action-item-edit-form.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { Alert, Field } from '../components/field.js';
import { FormActions } from '../components/form-actions.js';
import { LoadError } from '../components/load-error.js';
import { ActionItemStatusBadge } from '../components/session-status.js';
import { useActionFeedback } from '../components/use-action-feedback.js';
import { WatchButton } from '../components/watch-button.js';
import { formatDate, formatNumber, localized } from '../i18n/format.js';
import { issueText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

/** The action items of a commission as a board, a column per status, overdue ones marked. */
export default function ActionItemsPage({ commissionId }: { commissionId: string }) {
  const { t } = useTranslation();
  const loaded = useLoad(
    () => Promise.all([api.commission(commissionId), api.actionItems(commissionId), api.actionItemSummary(commissionId)]),
    [commissionId],
  );
  usePageLabels(loaded.data ? [loaded.data[0], ...loaded.data[1].items] : []);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  const [commission, items, summary] = loaded.data;
  const name = localized(commission.name);
  return (
    <div className="page action-items-page">
      <Breadcrumb trail={[{ to: `/commissions/${commissionId}/sessions`, label: t('sessions.title') }]} />
      <div className="page-head">
        <h1>{t('actionItems.title')}</h1>
        <p>
          <Bidi lang={name.lang}>{name.text}</Bidi>
        </p>
      </div>
      <dl className="kpi-cards">
        {(['open', 'overdue', 'done', 'closedOnTime'] as const).map((k) => (
          <div key={k} className={`card kpi${k === 'overdue' && summary.total.overdue ? ' kpi-warn' : ''}`}>
            <dt>{t(`actionItems.summary.${k}`)}</dt>
            <dd>
              <span className="kpi-value">{formatNumber(summary.total[k])}</span>
            </dd>
          </div>
        ))}
      </dl>
      <div className="board">
        {ACTION_ITEM_STATUSES.map((status) => {
          const column = items.items.filter((i) => i.status === status);
          return (
            <section key={status} className={`board-column column-${status}`} aria-labelledby={`column-${status}`}>
              <h2 id={`column-${status}`}>
                {t(`actionItemStatus.${status}`)} <span className="count">{column.length}</span>
              </h2>
              <ul>
                {column.map((item) => (
                  <ActionCard key={item.id} item={item} parties={commission.parties} onChanged={loaded.reload} />
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </div>
  );
}

function ActionCard({ item, parties, onChanged }: { item: ActionItem; parties: string[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [dropping, setDropping] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonErrors, setReasonErrors] = useState<string[]>([]);
  // A refusal is of the item as it stood: said until it reads otherwise, or another move starts.
  const { failure, run } = useActionFeedback<never>(JSON.stringify([item.version, item.status]));
  const [editing, setEditing] = useState(false);
  // As the API allows: planners of the party that recorded it or of the responsible party, while it is open.
  const canEdit = canEditActionItem(user, item) && (item.status === 'open' || item.status === 'in_progress');
  const canMove = canMoveActionItem(user, item);
  const next = canMove ? ACTION_ITEM_TRANSITIONS[item.status] : [];

  const move = (to: ActionItem['status'], why?: string) =>
    run(
      async () => {
        try {
          await api.actionItemTransition(item.id, { to, reason: why, version: item.version });
        } catch (err) {
          if (err instanceof ProblemError) setReasonErrors(err.errors.filter((e) => e.path === 'reason').map(issueText));
          throw err;
        }
        onChanged();
        return null;
      },
      (outcome) => outcome === 'done',
    );
  function drop(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) return setReasonErrors([t('actionItems.reasonRequired')]);
    void move('dropped', reason.trim());
  }

  return (
    <li className={`card action-card${item.overdue ? ' is-overdue' : ''}`}>
      {/* The title is its own element, so that what reads or copies it gets the title without the portion marking. */}
      <p className="action-heading" dir="auto">
        <RecordMarking label={item} compact /> <Bidi className="action-title">{item.title}</Bidi>
      </p>
      <p className="meta-row">
        <span className="party-tag">{item.responsibleParty}</span>
        <span className={item.overdue ? 'overdue-date' : 'muted'}>
          {t('actionItems.due', { date: formatDate(item.dueDate) })}
        </span>
        <ActionItemStatusBadge item={item} />
      </p>
      <WatchButton type="action_item" recordId={item.id} title={item.title} />
      {item.responsibleOrganisation && (
        <p className="muted" dir="auto">
          {item.responsibleOrganisation}
        </p>
      )}
      {item.reason && (
        <p className="muted">
          {t('actionItems.reason', { reason: '' })}
          <bdi>{item.reason}</bdi>
        </p>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      {next.length > 0 && !dropping && (
        <div className="actions">
          {next.map((to) => (
            <button
              key={to}
              type="button"
              className="button ghost small"
              aria-label={t('actionItems.moveOf', { to: t(`actionItemStatus.${to}`), title: item.title })}
              onClick={() => (to === 'dropped' ? setDropping(true) : void move(to))}
            >
              {t(`actionItems.moveTo.${to}`)}
            </button>
          ))}
        </div>
      )}
      {canEdit && !editing && !dropping && (
        <button
          type="button"
          className="button ghost small"
          aria-label={t('actionItemEdit.editOf', { title: item.title })}
          onClick={() => setEditing(true)}
        >
          {t('actionItemEdit.edit')}
        </button>
      )}
      {editing && (
        <ActionItemEditForm
          item={item}
          parties={parties}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
      {dropping && (
        <form className="form" onSubmit={drop} noValidate>
          <Field label={t('actionItems.dropReason')} errors={reasonErrors}>
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={reason}
                onChange={(e) => {
                  // The error was of the reason given: it goes as the reason changes.
                  setReason(e.target.value);
                  setReasonErrors([]);
                }}
              />
            )}
          </Field>
          <FormActions save={t('actionItems.drop')} onCancel={() => setDropping(false)} small />
        </form>
      )}
    </li>
  );
}
