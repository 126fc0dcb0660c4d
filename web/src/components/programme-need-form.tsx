import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { programmePatchSchema } from '../../../src/domain/programme.schema.js';
import { procurementApi } from '../api/procurement.js';
import type { Programme } from '../api/types.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { CountInput, useProgrammeWrite, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';

/**
 * Changes the need while the programme is one (the API refuses it after,
 * `programme.need_frozen`): the capability gap, the quantity, the date it is
 * required by and the budget ceiling in its currency. The whole need is sent
 * with the version read, so a change made meanwhile answers 409 and the page
 * reads the programme again.
 */
export function NeedForm({
  programme,
  onChanged,
  reload,
  onClose,
}: {
  programme: Programme;
  onChanged: (p: Programme) => void;
  reload: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { need } = programme;
  const [capabilityGap, setCapabilityGap] = useState(need.capabilityGap);
  const [quantity, setQuantity] = useState(String(need.quantity));
  const [requiredBy, setRequiredBy] = useState(need.requiredBy);
  const [budgetCeiling, setBudgetCeiling] = useState<MoneyText>(need.budgetCeiling);
  const input = {
    need: { capabilityGap, quantity: numberOf(quantity), requiredBy, budgetCeiling },
    version: programme.version,
  };
  const write = useProgrammeWrite(programme, programmePatchSchema, input, onChanged, reload);
  function submit(e: FormEvent) {
    e.preventDefault();
    write.send((body) => procurementApi.updateProgramme(programme.id, body), { after: onClose });
  }
  return (
    <form className="card form create-form need-form" onSubmit={submit} noValidate aria-labelledby="need-form-heading">
      <h2 id="need-form-heading">{t('programmes.needForm.heading')}</h2>
      <WriteFeedback failure={write.failure} notice={null} />
      <Field label={t('programmes.need.capabilityGap')} errors={write.field('need.capabilityGap')}>
        {(p) => <textarea {...p} dir="auto" rows={3} value={capabilityGap} onChange={(e) => setCapabilityGap(e.target.value)} />}
      </Field>
      <div className="field-row">
        <Field label={t('programmes.need.quantity')} errors={write.field('need.quantity')}>
          {(p) => <CountInput {...p} min={1} value={quantity} onChange={setQuantity} />}
        </Field>
        <Field label={t('programmes.need.requiredBy')} errors={write.field('need.requiredBy')}>
          {(p) => <input {...p} type="date" value={requiredBy} onChange={(e) => setRequiredBy(e.target.value)} />}
        </Field>
      </div>
      <MoneyField
        label={t('programmes.need.budgetCeiling')}
        value={budgetCeiling}
        onChange={setBudgetCeiling}
        errors={{ amount: write.field('need.budgetCeiling.amount'), currency: write.field('need.budgetCeiling.currency') }}
      />
      <FormActions
        save={t('programmes.needForm.save')}
        cancel={t('programmes.form.cancel')}
        onCancel={onClose}
        disabled={write.busy}
      />
    </form>
  );
}
