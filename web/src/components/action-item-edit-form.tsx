import { useTranslation } from 'react-i18next';
import { actionItemPatchSchema } from '../../../src/domain/session.schema.js';
import { api } from '../api/client.js';
import { issuesAt } from '../api/problem.js';
import type { ActionItem, ActionItemPatch } from '../api/types.js';
import { formatDate } from '../i18n/format.js';
import { EditFeedback } from './conflict-panel.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { PartyField } from './party-field.js';
import { useVersionedEdit } from './use-versioned-edit.js';

interface Draft {
  title: string;
  responsibleParty: string;
  responsibleOrganisation: string;
  dueDate: string;
}

const draftOf = (a: ActionItem): Draft => ({
  title: a.title,
  responsibleParty: a.responsibleParty,
  responsibleOrganisation: a.responsibleOrganisation ?? '',
  dueDate: a.dueDate,
});

function patchOf(before: Draft, d: Draft): Omit<ActionItemPatch, 'version'> {
  const patch: Omit<ActionItemPatch, 'version'> = {};
  if (d.title.trim() !== before.title) patch.title = d.title.trim();
  if (d.responsibleParty !== before.responsibleParty) patch.responsibleParty = d.responsibleParty;
  if (d.responsibleOrganisation.trim() !== before.responsibleOrganisation)
    patch.responsibleOrganisation = d.responsibleOrganisation.trim() || null;
  if (d.dueDate !== before.dueDate) patch.dueDate = d.dueDate;
  return patch;
}

/**
 * Corrects an action item from the board: its title, who is responsible and
 * when it is due. On a conflict, shows the newer values and lets the reader
 * apply the same changes to them.
 */
export function ActionItemEditForm({
  item,
  parties,
  onSaved,
  onCancel,
}: {
  item: ActionItem;
  parties: string[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const edit = useVersionedEdit({
    record: item,
    draftOf,
    patchOf: (before, d) => patchOf(before, d),
    schema: actionItemPatchSchema,
    save: (patch, version) => api.updateActionItem(item.id, { ...patch, version }),
    reload: async () => (await api.actionItems(item.commissionId)).items.find((a) => a.id === item.id),
    // A newer version that is done or dropped can no longer be corrected: its 409 is a plain refusal.
    editable: (latest) => latest.status === 'open' || latest.status === 'in_progress',
    onSaved: () => onSaved(),
  });
  const { draft, set, issues, busy, submit } = edit;

  const field = (path: string) => issuesAt(issues, path);
  const labels: Record<string, string> = {
    title: t('actionItemEdit.title'),
    responsibleParty: t('actionItemEdit.responsible'),
    responsibleOrganisation: t('actionItemEdit.organisation'),
    dueDate: t('actionItemEdit.dueDate'),
  };
  const current = (a: ActionItem, k: string) =>
    k === 'dueDate' ? formatDate(a.dueDate) : String(a[k as 'title' | 'responsibleParty' | 'responsibleOrganisation'] ?? '—');
  return (
    <form className="form action-item-edit-form" onSubmit={submit} noValidate aria-label={t('actionItemEdit.heading')}>
      <EditFeedback
        edit={edit}
        message="actionItemEdit.conflict"
        label={(k) => labels[k] ?? k}
        value={(latest, k) => <bdi>{current(latest, k)}</bdi>}
        small
      />
      <Field label={t('actionItemEdit.title')} errors={field('title')}>
        {(p) => <input {...p} value={draft.title} dir="auto" onChange={(e) => set({ title: e.target.value })} />}
      </Field>
      <PartyField
        label={t('actionItemEdit.responsible')}
        value={draft.responsibleParty}
        onChange={(responsibleParty) => set({ responsibleParty })}
        parties={parties}
        errors={field('responsibleParty')}
      />
      <Field label={t('actionItemEdit.organisation')} errors={field('responsibleOrganisation')}>
        {(p) => (
          <input
            {...p}
            value={draft.responsibleOrganisation}
            dir="auto"
            onChange={(e) => set({ responsibleOrganisation: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('actionItemEdit.dueDate')} errors={field('dueDate')}>
        {(p) => <input {...p} type="date" value={draft.dueDate} onChange={(e) => set({ dueDate: e.target.value })} />}
      </Field>
      <FormActions save={t('actionItemEdit.save')} onCancel={onCancel} disabled={busy} small />
    </form>
  );
}
