import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENDA_KINDS } from '../../../src/domain/session.schema.js';
import { api } from '../api/client.js';
import { issuesAt, ProblemError } from '../api/problem.js';
import type { ActionItem, AgendaItem, AgendaItemPatch } from '../api/types.js';
import { problemText } from '../i18n/problems.js';
import { agendaTitleText } from './agenda-title.js';
import { ConflictPanel } from './conflict-panel.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { useRefusal } from './use-action-feedback.js';

/**
 * Changes an agenda item's title, and what it is about: any item can become
 * a free item; an item can be set to one of the commission's action items.
 * On a conflict, shows the newer title and lets the reader reapply.
 */
export function AgendaItemEditForm({
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
      <FormActions save={t('agendaEdit.save')} onCancel={onCancel} small />
    </form>
  );
}
