import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { offerCreateSchema } from '../../../src/domain/programme.schema.js';
import { api } from '../api/client.js';
import type { OfferInput, Programme, Supplier } from '../api/types.js';
import { useLoad } from '../use-load.js';
import { usePageLabels } from './classification-banner.js';
import { Field } from './field.js';
import { FormActions } from './form-actions.js';
import { LoadError } from './load-error.js';
import { CountInput, useProgrammeWrite, WriteFeedback } from './programme-form.js';
import { MoneyField, type MoneyText } from './programme-money.js';
import { numberOf } from './typed-number.js';

interface Lot {
  lot: string;
  quantity: string;
  date: string;
}

interface Draft {
  supplierId: string;
  systemId: string;
  quantity: string;
  unitPrice: MoneyText;
  totalPrice: string;
  lots: Lot[];
  localShare: string;
  sites: string;
  jobs: string;
  technologyTransfer: string;
  validUntil: string;
}

/** Records an offer of a supplier of the catalogues the reader may read, for one of its systems. */
export function ProgrammeOfferForm(props: {
  programme: Programme;
  onChanged: (p: Programme) => void;
  reload: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const suppliers = useLoad(() => api.suppliers(), []);
  usePageLabels(suppliers.data?.items ?? []);
  if (suppliers.state === 'failed') return <LoadError error={suppliers.error} />;
  if (suppliers.state === 'loading') return <p className="muted">{t('common.loading')}</p>;
  return <OfferForm {...props} suppliers={suppliers.data.items} />;
}

const bodyOf = (d: Draft): OfferInput => ({
  supplierId: d.supplierId,
  systemId: d.systemId,
  quantity: numberOf(d.quantity),
  unitPrice: d.unitPrice,
  totalPrice: { amount: d.totalPrice, currency: d.unitPrice.currency },
  deliverySchedule: d.lots
    .filter((l) => l.lot.trim() || l.quantity || l.date)
    .map((l) => ({ lot: l.lot, quantity: numberOf(l.quantity), date: l.date })),
  industrialParticipation: {
    localShare: d.localShare.trim() ? numberOf(d.localShare) : 0,
    sites: d.sites
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    jobs: d.jobs.trim() ? numberOf(d.jobs) : 0,
    technologyTransfer: d.technologyTransfer.trim() || null,
  },
  validUntil: d.validUntil,
});

function OfferForm({
  programme,
  suppliers,
  onChanged,
  reload,
  onClose,
}: {
  programme: Programme;
  suppliers: Supplier[];
  onChanged: (p: Programme) => void;
  reload: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => ({
    supplierId: suppliers[0]?.id ?? '',
    systemId: suppliers[0]?.systems[0]?.id ?? '',
    quantity: String(programme.need.quantity),
    unitPrice: { amount: '', currency: programme.need.budgetCeiling.currency },
    totalPrice: '',
    lots: [{ lot: '', quantity: '', date: '' }],
    localShare: '',
    sites: '',
    jobs: '',
    technologyTransfer: '',
    validUntil: '',
  }));
  const body = bodyOf(draft);
  const write = useProgrammeWrite(programme, offerCreateSchema, body, onChanged, reload);
  const edit = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const supplier = suppliers.find((s) => s.id === draft.supplierId);
  const setLot = (i: number, patch: Partial<Lot>) => edit({ lots: draft.lots.map((l, j) => (j === i ? { ...l, ...patch } : l)) });

  function submit(e: FormEvent) {
    e.preventDefault();
    write.send((b) => api.addOffer(programme.id, b), { after: onClose });
  }

  return (
    <form className="card form create-form" onSubmit={submit} noValidate aria-labelledby="offer-form-heading">
      <h2 id="offer-form-heading">{t('programmes.offerForm.heading')}</h2>
      <WriteFeedback failure={write.failure} notice={null} />
      {suppliers.length === 0 && <p className="muted">{t('programmes.offerForm.noSupplier')}</p>}
      <div className="field-row">
        <Field label={t('programmes.offer.supplier')} errors={write.field('supplierId')}>
          {(p) => (
            <select
              {...p}
              value={draft.supplierId}
              onChange={(e) => {
                const chosen = suppliers.find((s) => s.id === e.target.value);
                edit({ supplierId: e.target.value, systemId: chosen?.systems[0]?.id ?? '' });
              }}
            >
              {suppliers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.country})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('programmes.offer.system')} errors={write.field('systemId')}>
          {(p) => (
            <select {...p} value={draft.systemId} onChange={(e) => edit({ systemId: e.target.value })}>
              {(supplier?.systems ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} — {s.category}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('programmes.offer.quantity')} errors={write.field('quantity')}>
          {(p) => <CountInput {...p} min={1} value={draft.quantity} onChange={(quantity) => edit({ quantity })} />}
        </Field>
      </div>
      <div className="field-row">
        <MoneyField
          label={t('programmes.offer.unitPrice')}
          value={draft.unitPrice}
          onChange={(unitPrice) => edit({ unitPrice })}
          errors={{ amount: write.field('unitPrice.amount'), currency: write.field('unitPrice.currency') }}
        />
        <MoneyField
          label={t('programmes.offer.totalPrice')}
          value={{ amount: draft.totalPrice, currency: draft.unitPrice.currency }}
          onChange={(m) => edit({ totalPrice: m.amount })}
          errors={{ amount: write.field('totalPrice.amount'), currency: write.field('totalPrice.currency') }}
          currencyLocked
        />
      </div>
      <fieldset className="field-group lots">
        <legend>{t('programmes.offer.schedule')}</legend>
        {draft.lots.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a lot row has no identity but its place; rows are only added at the end or removed.
          <div className="field-row lot-row" key={i}>
            <Field label={t('programmes.offerForm.lot', { n: i + 1 })} errors={write.field(`deliverySchedule.${i}.lot`)}>
              {(p) => <input {...p} dir="auto" value={l.lot} onChange={(e) => setLot(i, { lot: e.target.value })} />}
            </Field>
            <Field
              label={t('programmes.offerForm.lotQuantity', { n: i + 1 })}
              errors={write.field(`deliverySchedule.${i}.quantity`)}
            >
              {(p) => <CountInput {...p} min={1} value={l.quantity} onChange={(quantity) => setLot(i, { quantity })} />}
            </Field>
            <Field label={t('programmes.offerForm.lotDate', { n: i + 1 })} errors={write.field(`deliverySchedule.${i}.date`)}>
              {(p) => <input {...p} type="date" value={l.date} onChange={(e) => setLot(i, { date: e.target.value })} />}
            </Field>
            {draft.lots.length > 1 && (
              <button
                type="button"
                className="button ghost small"
                onClick={() => edit({ lots: draft.lots.filter((_, j) => j !== i) })}
              >
                {t('programmes.offerForm.removeLot', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        {write.issues.some((i) => i.path === 'deliverySchedule') && (
          <p className="field-error">{write.field('deliverySchedule').join(' · ')}</p>
        )}
        <button
          type="button"
          className="button ghost small"
          onClick={() => edit({ lots: [...draft.lots, { lot: '', quantity: '', date: '' }] })}
        >
          {t('programmes.offerForm.addLot')}
        </button>
      </fieldset>
      <fieldset className="field-group">
        <legend>{t('programmes.offer.participation')}</legend>
        <div className="field-row">
          <Field label={t('programmes.offer.localShare')} errors={write.field('industrialParticipation.localShare')}>
            {(p) => (
              <input
                {...p}
                type="number"
                min={0}
                max={100}
                step="any"
                inputMode="decimal"
                value={draft.localShare}
                onChange={(e) => edit({ localShare: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('programmes.offer.jobs')} errors={write.field('industrialParticipation.jobs')}>
            {(p) => <CountInput {...p} value={draft.jobs} onChange={(jobs) => edit({ jobs })} />}
          </Field>
        </div>
        <Field
          label={t('programmes.offer.sites')}
          hint={t('programmes.offerForm.sitesHint')}
          errors={write.field('industrialParticipation.sites')}
        >
          {(p) => <textarea {...p} dir="auto" rows={2} value={draft.sites} onChange={(e) => edit({ sites: e.target.value })} />}
        </Field>
        <Field
          label={t('programmes.offer.technologyTransfer')}
          errors={write.field('industrialParticipation.technologyTransfer')}
        >
          {(p) => (
            <textarea
              {...p}
              dir="auto"
              rows={2}
              value={draft.technologyTransfer}
              onChange={(e) => edit({ technologyTransfer: e.target.value })}
            />
          )}
        </Field>
      </fieldset>
      <Field label={t('programmes.offer.validUntil')} errors={write.field('validUntil')}>
        {(p) => <input {...p} type="date" value={draft.validUntil} onChange={(e) => edit({ validUntil: e.target.value })} />}
      </Field>
      <FormActions
        save={t('programmes.offerForm.save')}
        cancel={t('programmes.form.cancel')}
        onCancel={onClose}
        disabled={write.busy}
      />
    </form>
  );
}
