import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import type { ActionItem, AgendaItem } from '../api/types.js';
import { formatDate } from '../i18n/format.js';
import { Link } from '../router.js';
import { AgendaItemEditForm } from './agenda-item-edit-form.js';
import { AgendaRelease } from './agenda-release.js';
import { agendaTitleText } from './agenda-title.js';
import { Bidi } from './bidi.js';
import { RecordMarking } from './classification-banner.js';
import { Alert } from './field.js';
import { MinutesForm } from './minutes-form.js';
import { ActionItemStatusBadge } from './session-status.js';
import { useActionFeedback } from './use-action-feedback.js';

export function AgendaEntry({
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
        <AgendaItemEditForm
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
