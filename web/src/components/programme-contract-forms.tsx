import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  amendmentCreateSchema,
  contractCreateSchema,
  deliveryCreateSchema,
  MILESTONE_KINDS,
  MILESTONE_STATUSES,
  type MilestoneKind,
  type MilestoneStatus,
  milestoneCreateSchema,
  milestonePatchSchema,
} from '../../../src/domain/programme.schema.js';
import { api } from '../api/client.js';
import { procurementApi } from '../api/procurement.js';
import type { Programme } from '../api/types.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { CountInput, type ProgrammeFormProps, ProgrammeInlineForm, useProgrammeWrite, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';

type Milestone = NonNullable<Programme['contract']>['milestones'][number];

const moneyErrors = (field: (path: string) => string[], path: string) => ({
  amount: field(`${path}.amount`),
  currency: field(`${path}.currency`),
});

/** The contract signed on the selected offer: its value (the offer's total by default), signature date and reference. */
export function ContractForm({ programme, onChanged, reload, onClose }: ProgrammeFormProps) {
  const { t } = useTranslation();
  const offer = programme.offers.find((o) => o.id === programme.selectedOfferId);
  const [value, setValue] = useState<MoneyText>(
    offer?.totalPrice ?? { amount: '', currency: programme.need.budgetCeiling.currency },
  );
  const [signedOn, setSignedOn] = useState('');
  const [reference, setReference] = useState('');
  const input = { value, signedOn, reference: reference.trim() || null, version: programme.version };
  const write = useProgrammeWrite(programme, contractCreateSchema, input, onChanged, reload);
  function submit(e: FormEvent) {
    e.preventDefault();
    write.send((body) => api.recordContract(programme.id, body), { after: onClose });
  }
  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="contract-form-heading">
      <h2 id="contract-form-heading">{t('programmes.contractForm.heading')}</h2>
      <WriteFeedback failure={write.failure} notice={null} />
      <MoneyField
        label={t('programmes.contract.value')}
        value={value}
        onChange={setValue}
        errors={moneyErrors(write.field, 'value')}
      />
      <div className="field-row">
        <Field label={t('programmes.contract.signedOn')} errors={write.field('signedOn')}>
          {(p) => <input {...p} type="date" value={signedOn} onChange={(e) => setSignedOn(e.target.value)} />}
        </Field>
        <Field label={t('programmes.contract.reference')} errors={write.field('reference')}>
          {(p) => <input {...p} dir="auto" value={reference} onChange={(e) => setReference(e.target.value)} />}
        </Field>
      </div>
      <FormActions
        save={t('programmes.contractForm.save')}
        cancel={t('programmes.form.cancel')}
        onCancel={onClose}
        disabled={write.busy}
      />
    </form>
  );
}

/** A milestone of the contract: its kind, title, due date and value (in the contract's currency by default). */
export function MilestoneAddForm({ programme, onChanged, reload, onClose }: ProgrammeFormProps) {
  const { t } = useTranslation();
  const currency = programme.contract?.value.currency ?? programme.need.budgetCeiling.currency;
  const [kind, setKind] = useState<MilestoneKind>('delivery');
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [value, setValue] = useState<MoneyText>({ amount: '0', currency });
  const write = useProgrammeWrite(programme, milestoneCreateSchema, { kind, title, dueDate, value }, onChanged, reload);
  return (
    <ProgrammeInlineForm
      id="milestone-form-heading"
      heading={t('programmes.milestones.add')}
      write={write}
      onSubmit={() => write.send((body) => api.addMilestone(programme.id, body), { after: onClose })}
      save={t('programmes.milestones.save')}
      onClose={onClose}
    >
      <div className="field-row">
        <Field label={t('programmes.milestones.kind')} errors={write.field('kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as MilestoneKind)}>
              {MILESTONE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`programmes.milestoneKind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('programmes.milestones.titleField')} errors={write.field('title')}>
          {(p) => <input {...p} dir="auto" value={title} onChange={(e) => setTitle(e.target.value)} />}
        </Field>
        <Field label={t('programmes.milestones.dueDate')} errors={write.field('dueDate')}>
          {(p) => <input {...p} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />}
        </Field>
      </div>
      <MoneyField
        label={t('programmes.milestones.value')}
        value={value}
        onChange={setValue}
        errors={moneyErrors(write.field, 'value')}
      />
    </ProgrammeInlineForm>
  );
}

/** Says whether a milestone was met: its status, and the day it was met (fully or partly). */
export function MilestoneStatusForm({
  programme,
  milestone,
  onChanged,
  reload,
}: Omit<ProgrammeFormProps, 'onClose'> & { milestone: Milestone }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<MilestoneStatus>(milestone.status);
  const [dateMet, setDateMet] = useState(milestone.dateMet ?? '');
  const needsDate = status === 'met' || status === 'partially_met';
  const input = { status, dateMet: needsDate && dateMet ? dateMet : null };
  const write = useProgrammeWrite(programme, milestonePatchSchema, input, onChanged, reload);
  const unchanged = status === milestone.status && (input.dateMet ?? null) === (milestone.dateMet ?? null);
  function submit(e: FormEvent) {
    e.preventDefault();
    write.send((body) => api.updateMilestone(programme.id, milestone.id, body));
  }
  return (
    <form className="milestone-status-form" onSubmit={submit} noValidate>
      <WriteFeedback failure={write.failure} notice={null} />
      <Field label={t('programmes.milestones.statusOf', { title: milestone.title })} errors={write.field('status')}>
        {(p) => (
          <select {...p} value={status} onChange={(e) => setStatus(e.target.value as MilestoneStatus)}>
            {MILESTONE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`programmes.milestoneStatus.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {needsDate && (
        <Field label={t('programmes.milestones.dateMetOf', { title: milestone.title })} errors={write.field('dateMet')}>
          {(p) => <input {...p} type="date" value={dateMet} onChange={(e) => setDateMet(e.target.value)} />}
        </Field>
      )}
      <button type="submit" className="button small" disabled={write.busy || unchanged}>
        {t('programmes.milestones.record')}
      </button>
    </form>
  );
}

/** A delivery of a lot: the day, the quantity delivered and the quantity accepted. */
export function DeliveryForm({ programme, lots, onChanged, reload, onClose }: ProgrammeFormProps & { lots: string[] }) {
  const { t } = useTranslation();
  const [lot, setLot] = useState(lots[0] ?? '');
  const [deliveredOn, setDeliveredOn] = useState('');
  const [delivered, setDelivered] = useState('');
  const [accepted, setAccepted] = useState('');
  const input = { lot, deliveredOn, quantityDelivered: numberOf(delivered), quantityAccepted: numberOf(accepted) };
  const write = useProgrammeWrite(programme, deliveryCreateSchema, input, onChanged, reload);
  return (
    <ProgrammeInlineForm
      id="delivery-form-heading"
      heading={t('programmes.deliveries.add')}
      write={write}
      onSubmit={() => write.send((body) => api.addDelivery(programme.id, body), { after: onClose })}
      save={t('programmes.deliveries.save')}
      onClose={onClose}
    >
      <div className="field-row">
        <Field label={t('programmes.deliveries.lot')} errors={write.field('lot')}>
          {(p) => <input {...p} dir="auto" list="delivery-lots" value={lot} onChange={(e) => setLot(e.target.value)} />}
        </Field>
        <datalist id="delivery-lots">
          {lots.map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <Field label={t('programmes.deliveries.deliveredOn')} errors={write.field('deliveredOn')}>
          {(p) => <input {...p} type="date" value={deliveredOn} onChange={(e) => setDeliveredOn(e.target.value)} />}
        </Field>
        <Field label={t('programmes.deliveries.delivered')} errors={write.field('quantityDelivered')}>
          {(p) => <CountInput {...p} min={1} value={delivered} onChange={setDelivered} />}
        </Field>
        <Field label={t('programmes.deliveries.accepted')} errors={write.field('quantityAccepted')}>
          {(p) => <CountInput {...p} value={accepted} onChange={setAccepted} />}
        </Field>
      </div>
    </ProgrammeInlineForm>
  );
}

/**
 * An amendment of the contract: its date, the rationale, what changes, and
 * the contract's new value when it changes (in the contract's currency, which
 * an amendment keeps).
 */
export function AmendmentForm({ programme, onChanged, reload, onClose }: ProgrammeFormProps) {
  const { t } = useTranslation();
  const current = programme.contract?.value ?? programme.need.budgetCeiling;
  const [date, setDate] = useState('');
  const [rationale, setRationale] = useState('');
  const [description, setDescription] = useState('');
  const [changesValue, setChangesValue] = useState(false);
  const [value, setValue] = useState<MoneyText>(current);
  const input = {
    date,
    rationale,
    description: description.trim() ? description : null,
    value: changesValue ? value : null,
  };
  const write = useProgrammeWrite(programme, amendmentCreateSchema, input, onChanged, reload);
  return (
    <ProgrammeInlineForm
      id="amendment-form-heading"
      heading={t('programmes.amendments.add')}
      className="amendment-form"
      write={write}
      onSubmit={() => write.send((body) => procurementApi.addContractAmendment(programme.id, body), { after: onClose })}
      save={t('programmes.amendments.save')}
      onClose={onClose}
    >
      <Field label={t('programmes.amendments.date')} errors={write.field('date')}>
        {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
      </Field>
      <Field label={t('programmes.amendments.rationale')} errors={write.field('rationale')}>
        {(p) => <textarea {...p} dir="auto" rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />}
      </Field>
      <Field label={t('programmes.amendments.description')} errors={write.field('description')}>
        {(p) => <textarea {...p} dir="auto" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <label className="check">
        <input type="checkbox" checked={changesValue} onChange={(e) => setChangesValue(e.target.checked)} />{' '}
        {t('programmes.amendments.changesValue')}
      </label>
      {changesValue && (
        <MoneyField
          label={t('programmes.amendments.newValue')}
          value={value}
          onChange={setValue}
          errors={moneyErrors(write.field, 'value')}
          currencyLocked
        />
      )}
    </ProgrammeInlineForm>
  );
}
