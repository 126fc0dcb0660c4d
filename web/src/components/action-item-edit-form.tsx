import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actionItemPatchSchema } from '../../../src/domain/session.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { ActionItem, ActionItemPatch } from '../api/types.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { Alert, Field } from './field.js';

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
  const [base, setBase] = useState(() => draftOf(item));
  const [draft, setDraft] = useState(base);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ latest: ActionItem; patch: Omit<ActionItemPatch, 'version'> } | null>(null);
  const [busy, setBusy] = useState(false);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  async function send(patch: Omit<ActionItemPatch, 'version'>, version: number) {
    setBusy(true);
    setFailure(null);
    try {
      await api.updateActionItem(item.id, { ...patch, version });
      onSaved();
    } catch (err) {
      const latest =
        err instanceof ProblemError && err.isConflict
          ? (await api.actionItems(item.commissionId)).items.find((a) => a.id === item.id)
          : undefined;
      if (latest && latest.version !== version && (latest.status === 'open' || latest.status === 'in_progress'))
        setConflict({ latest, patch });
      else if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(err.detail || err.title);
      } else setFailure(t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const patch = patchOf(base, draft);
    if (Object.keys(patch).length === 0) return setFailure(t('edit.nothingChanged'));
    const parsed = actionItemPatchSchema.safeParse({ ...patch, version: item.version });
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    void send(patch, item.version);
  }

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
      {conflict && (
        <Alert kind="error">
          <p>
            {t('actionItemEdit.conflict', { version: conflict.latest.version, date: formatDateTime(conflict.latest.updatedAt) })}
          </p>
          <ul className="conflict-values">
            {Object.keys(conflict.patch).map((k) => (
              <li key={k}>
                {labels[k]}: <bdi>{current(conflict.latest, k)}</bdi>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button
              type="button"
              className="button primary small"
              disabled={busy}
              onClick={() => {
                setBase(draftOf(conflict.latest));
                void send(conflict.patch, conflict.latest.version);
              }}
            >
              {t('edit.reapply')}
            </button>
            <button
              type="button"
              className="button ghost small"
              onClick={() => {
                setBase(draftOf(conflict.latest));
                setDraft(draftOf(conflict.latest));
                setConflict(null);
              }}
            >
              {t('edit.discard')}
            </button>
          </div>
        </Alert>
      )}
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('actionItemEdit.title')} errors={field('title')}>
        {(p) => <input {...p} value={draft.title} dir="auto" onChange={(e) => edit({ title: e.target.value })} />}
      </Field>
      <Field label={t('actionItemEdit.responsible')} errors={field('responsibleParty')}>
        {(p) => (
          <select {...p} value={draft.responsibleParty} onChange={(e) => edit({ responsibleParty: e.target.value })}>
            {parties.map((party) => (
              <option key={party} value={party}>
                {party}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('actionItemEdit.organisation')} errors={field('responsibleOrganisation')}>
        {(p) => (
          <input
            {...p}
            value={draft.responsibleOrganisation}
            dir="auto"
            onChange={(e) => edit({ responsibleOrganisation: e.target.value })}
          />
        )}
      </Field>
      <Field label={t('actionItemEdit.dueDate')} errors={field('dueDate')}>
        {(p) => <input {...p} type="date" value={draft.dueDate} onChange={(e) => edit({ dueDate: e.target.value })} />}
      </Field>
      <div className="actions">
        <button type="submit" className="button primary small" disabled={busy}>
          {t('actionItemEdit.save')}
        </button>
        <button type="button" className="button ghost small" onClick={onCancel}>
          {t('edit.discard')}
        </button>
      </div>
    </form>
  );
}
