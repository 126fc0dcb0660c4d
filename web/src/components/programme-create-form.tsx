import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmeCreateSchema } from '../../../src/domain/programme.schema.js';
import { api } from '../api/client.js';
import type { Commission, Party, ProgrammeInput } from '../api/types.js';
import { localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { usePageLabels } from './classification-banner.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { type LabelDraft, LabelFields } from './label-fields.js';
import { LoadError } from './load-error.js';
import { CountInput, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';
import { useCreateForm } from './use-create-form.js';

interface Draft {
  commissionId: string;
  title: string;
  capabilityGap: string;
  quantity: string;
  requiredBy: string;
  budgetCeiling: MoneyText;
  label: LabelDraft;
}

/**
 * States a need: a new programme of a commission the reader's party sits on,
 * or of the party alone. On success the programme's page opens.
 */
export function ProgrammeCreateForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const loaded = useLoad(() => Promise.all([api.commissions(), api.parties()]), []);
  const commissions = (loaded.data?.[0].items ?? []).filter((c) => c.parties.includes(user.party));
  usePageLabels(commissions);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (loaded.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  return <CreateForm commissions={commissions} parties={loaded.data[1].items} onCancel={onCancel} />;
}

/** Released by default to the other parties of the commission, which evaluate and follow it with the owner. */
const labelFor = (c: Commission | undefined, party: string): LabelDraft => ({
  classification: 'UNCLASSIFIED',
  releasableTo: (c?.parties ?? []).filter((p) => p !== party).sort(),
  compartments: [],
});

function CreateForm({ commissions, parties, onCancel }: { commissions: Commission[]; parties: Party[]; onCancel: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  const [draft, setDraft] = useState<Draft>(() => ({
    commissionId: commissions[0]?.id ?? '',
    title: '',
    capabilityGap: '',
    quantity: '',
    requiredBy: '',
    budgetCeiling: { amount: '', currency: user.party === 'ISR' ? 'ILS' : user.party === 'USA' ? 'USD' : 'MAD' },
    label: labelFor(commissions[0], user.party),
  }));
  const { failure, busy, field, create } = useCreateForm(programmeCreateSchema, draft);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const commission = commissions.find((c) => c.id === draft.commissionId);

  function submit(e: FormEvent) {
    e.preventDefault();
    const body: ProgrammeInput = {
      commissionId: draft.commissionId || null,
      title: draft.title.trim() ? { [lang]: draft.title } : {},
      need: needOf(draft),
      ...draft.label,
    };
    // Checked by the schema as typed, and sent as typed: amounts as decimal strings.
    void create(
      body,
      () => api.createProgramme(body),
      (id) => `/programmes/${id}`,
    );
  }

  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="programme-create-heading">
      <h2 id="programme-create-heading">{t('programmes.create.heading')}</h2>
      <WriteFeedback failure={failure} notice={null} />
      <Field label={t('programmes.create.commission')} errors={field('commissionId')}>
        {(p) => (
          <select
            {...p}
            value={draft.commissionId}
            onChange={(e) =>
              edit({
                commissionId: e.target.value,
                label: labelFor(
                  commissions.find((c) => c.id === e.target.value),
                  user.party,
                ),
              })
            }
          >
            {commissions.map((c) => (
              <option key={c.id} value={c.id} lang={localized(c.name).lang}>
                {localized(c.name).text}
              </option>
            ))}
            <option value="">{t('programmes.create.partyAlone', { party: user.party })}</option>
          </select>
        )}
      </Field>
      <Field label={t('programmes.create.titleIn', { lang: lang.toUpperCase() })} errors={field('title')}>
        {(p) => <input {...p} dir="auto" value={draft.title} onChange={(e) => edit({ title: e.target.value })} />}
      </Field>
      <Field label={t('programmes.need.capabilityGap')} errors={field('need.capabilityGap')}>
        {(p) => (
          <textarea
            {...p}
            dir="auto"
            rows={3}
            value={draft.capabilityGap}
            onChange={(e) => edit({ capabilityGap: e.target.value })}
          />
        )}
      </Field>
      <div className="field-row">
        <Field label={t('programmes.need.quantity')} errors={field('need.quantity')}>
          {(p) => <CountInput {...p} min={1} value={draft.quantity} onChange={(quantity) => edit({ quantity })} />}
        </Field>
        <Field label={t('programmes.need.requiredBy')} errors={field('need.requiredBy')}>
          {(p) => <input {...p} type="date" value={draft.requiredBy} onChange={(e) => edit({ requiredBy: e.target.value })} />}
        </Field>
      </div>
      <MoneyField
        label={t('programmes.need.budgetCeiling')}
        value={draft.budgetCeiling}
        onChange={(budgetCeiling) => edit({ budgetCeiling })}
        errors={{ amount: field('need.budgetCeiling.amount'), currency: field('need.budgetCeiling.currency') }}
      />
      <LabelFields
        value={draft.label}
        onChange={(label) => edit({ label })}
        parties={commission ? commission.parties : parties.map((p) => p.code)}
        errors={field}
      />
      <FormActions save={t('programmes.create.save')} cancel={t('programmes.form.cancel')} onCancel={onCancel} disabled={busy} />
    </form>
  );
}

const needOf = (d: Draft) => ({
  capabilityGap: d.capabilityGap,
  quantity: numberOf(d.quantity),
  requiredBy: d.requiredBy,
  budgetCeiling: d.budgetCeiling,
});
