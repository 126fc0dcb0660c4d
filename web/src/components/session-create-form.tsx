import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionCreateSchema } from '../../../src/domain/commission.schema.js';
import { api } from '../api/client.js';
import type { Commission } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { memberOf, SessionFields, type SessionFieldsDraft } from './session-fields.js';
import { useCreateForm } from './use-create-form.js';

interface Draft extends SessionFieldsDraft {
  number: string;
  label: LabelDraft;
}

/**
 * Records the commission's next session: its number (the one after the last
 * recorded, which the reader may change), dates, place, host, and the
 * delegations if already known. On success, the new session's page opens.
 */
export function SessionCreateForm({
  commission,
  nextNumber,
  onCancel,
}: {
  commission: Commission;
  nextNumber: number;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [draft, setDraft] = useState<Draft>(() => ({
    number: String(nextNumber),
    startDate: '',
    endDate: '',
    place: '',
    hostParty: commission.parties.includes(user.party) ? user.party : (commission.parties[0] ?? ''),
    delegations: [],
    // Every party of the commission takes part in its sessions: released to the others by default.
    label: {
      classification: 'UNCLASSIFIED',
      releasableTo: commission.parties.filter((p) => p !== user.party).sort(),
      compartments: [],
    },
  }));
  const { failure, busy, field, create } = useCreateForm(sessionCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  function submit(e: FormEvent) {
    e.preventDefault();
    void create(
      {
        number: draft.number.trim() === '' ? Number.NaN : Number(draft.number),
        startDate: draft.startDate,
        endDate: draft.endDate || draft.startDate,
        place: draft.place,
        hostParty: draft.hostParty,
        delegations: draft.delegations.map(memberOf),
        ...draft.label,
      },
      (data) => api.createSession(commission.id, data),
      (id) => `/sessions/${id}`,
    );
  }

  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="session-create-heading">
      <h2 id="session-create-heading">{t('sessionCreate.heading')}</h2>
      {failure && <Alert kind="error">{failure}</Alert>}
      <Field label={t('sessionCreate.number')} hint={t('sessionCreate.numberHint')} errors={field('number')}>
        {(p) => (
          <input
            {...p}
            type="number"
            inputMode="numeric"
            min={1}
            value={draft.number}
            onChange={(e) => edit({ number: e.target.value })}
          />
        )}
      </Field>
      <SessionFields draft={draft} parties={commission.parties} onEdit={edit} errors={field} />
      <LabelFields value={draft.label} onChange={(label) => edit({ label })} parties={commission.parties} errors={field} />
      <FormActions save={t('sessionCreate.save')} cancel={t('sessionCreate.cancel')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}
