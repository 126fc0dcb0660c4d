import { useTranslation } from 'react-i18next';
import { AGENDA_KINDS, agendaItemPatchSchema } from '../../../src/domain/session.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { ActionItem, AgendaItem, AgendaItemPatch } from '../api/types.js';
import { agendaTitleText } from './agenda-title.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { useVersionedEdit } from './use-versioned-edit.js';

interface Draft {
  title: string;
  kind: AgendaItem['kind'];
  actionItemId: string;
}

/** What the reader changed; a change of kind drops what the item was carried forward for. */
function patchOf(base: Draft, d: Draft, onto: AgendaItem): Omit<AgendaItemPatch, 'version'> {
  const patch: AgendaItemPatch = {};
  if (d.title.trim() !== base.title) patch.title = d.title.trim();
  if (d.kind !== base.kind) patch.kind = d.kind;
  if (d.kind === 'free' && d.kind !== onto.kind) Object.assign(patch, { actionItemId: null, activityId: null, planId: null });
  // The first action item is offered to an item that has none: choosing the kind chooses it.
  if (d.kind === 'action_item' && d.actionItemId !== onto.actionItemId)
    Object.assign(patch, { actionItemId: d.actionItemId, activityId: null, planId: null });
  return patch;
}

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
  const edit = useVersionedEdit({
    record: item,
    draftOf: (i: AgendaItem): Draft => ({
      title: i.title,
      kind: i.kind,
      actionItemId: i.actionItemId ?? actionItems[0]?.id ?? '',
    }),
    patchOf,
    check: (d) => (d.title.trim() ? [] : [{ path: 'title', message: t('agenda.titleRequired') }]),
    schema: agendaItemPatchSchema,
    save: (patch, version) => api.updateAgendaItem(item.id, { ...patch, version }),
    reload: async () => (await api.agenda(item.sessionId)).items.find((i) => i.id === item.id),
    onSaved: onDone,
  });
  const { draft, set, issues, busy, submit } = edit;
  const kinds = AGENDA_KINDS.filter((k) => k === 'free' || k === item.kind || (k === 'action_item' && actionItems.length > 0));
  return (
    <form
      className="form agenda-item-form"
      onSubmit={submit}
      noValidate
      aria-label={t('agendaEdit.editOf', { title: item.title })}
    >
      <EditFeedback
        edit={edit}
        message={(latest) => (
          <>
            {t('agendaEdit.conflict', { version: latest.version, title: '' })}
            <bdi>{agendaTitleText(t, latest)}</bdi>
          </>
        )}
        small
        // The item may now be about something else: the reader starts again from the agenda as it reads.
        onDiscard={onDone}
      />
      <Field
        label={t('agendaEdit.title')}
        errors={issuesAt(issues, 'title')}
        hint={item.reference ? t('agendaEdit.carriedHint') : undefined}
      >
        {(p) => <input {...p} value={draft.title} dir="auto" onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <div className="field-row">
        <Field label={t('agendaEdit.kind')} errors={issuesAt(issues, 'kind')}>
          {(p) => (
            <select {...p} value={draft.kind} onChange={(e) => set({ kind: e.target.value as AgendaItem['kind'] })}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`agenda.kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {draft.kind === 'action_item' && (
          <Field label={t('agendaEdit.actionItem')} errors={issuesAt(issues, 'actionItemId')}>
            {(p) => (
              <select {...p} value={draft.actionItemId} onChange={(e) => set({ actionItemId: e.target.value })}>
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
      <FormActions save={t('agendaEdit.save')} onCancel={onCancel} disabled={busy} small />
    </form>
  );
}
