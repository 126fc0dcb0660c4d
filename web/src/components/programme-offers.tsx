import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { OFFER_STATUSES } from '../../../src/domain/programme.lifecycle.js';
import { offerWithdrawSchema } from '../../../src/domain/programme.schema.js';
import { api } from '../api/client.js';
import { procurementApi } from '../api/procurement.js';
import type { Offer, Programme } from '../api/types.js';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../i18n/format.js';
import { Bidi, Code, isolate } from './bidi.js';
import { Field } from './field.js';
import { type ProgrammeFormProps, ProgrammeInlineForm, useProgrammeWrite } from './programme-form.js';
import { Amount } from './programme-money.js';
import { ScrollRegion } from './scroll-region.js';

/** An offer as a reader names it: its supplier and system (their ids when the reader may not read the supplier). */
export const offerName = (o: Offer) =>
  `${o.supplier?.name ?? o.supplierId.slice(0, 8)} — ${o.system?.name ?? o.systemId.slice(0, 8)}`;

/**
 * The offers side by side, one column each, so that a reader compares them
 * line by line: supplier, system, quantity, prices, delivery by lot,
 * industrial participation, validity, documents. A withdrawn offer stays,
 * marked with its reason; the selected one is marked too. A planner of the
 * owner withdraws an offer, with a reason, while offers are received.
 */
export function ProgrammeOffers({
  programme,
  planner,
  onChanged,
  reload,
}: {
  programme: Programme;
  planner: boolean;
  onChanged: (p: Programme) => void;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const [withdrawing, setWithdrawing] = useState<Offer | null>(null);
  const [deleting, setDeleting] = useState<Offer | null>(null);
  const offers = programme.offers;
  const canWithdraw = (o: Offer) =>
    planner && OFFER_STATUSES.includes(programme.status) && !o.withdrawnAt && o.id !== programme.selectedOfferId;
  // Nothing is deleted once the evaluation opened: until then an offer entered by mistake goes.
  const canDelete = planner && programme.status === 'need';
  const none = <span className="muted">{t('common.none')}</span>;
  const rows: [string, (o: Offer) => ReactNode][] = [
    [
      t('programmes.offer.supplier'),
      (o) => (o.supplier ? <SupplierName offer={o} /> : <em>{t('programmes.offer.hiddenSupplier')}</em>),
    ],
    [t('programmes.offer.system'), (o) => (o.system ? <Bidi>{o.system.name}</Bidi> : none)],
    [t('programmes.offer.quantity'), (o) => formatNumber(o.quantity)],
    [t('programmes.offer.unitPrice'), (o) => <Amount money={o.unitPrice} />],
    [t('programmes.offer.totalPrice'), (o) => <Amount money={o.totalPrice} className="amount total" />],
    [t('programmes.offer.schedule'), (o) => <Schedule offer={o} />],
    [t('programmes.offer.localShare'), (o) => formatPercent(o.industrialParticipation.localShare / 100)],
    [
      t('programmes.offer.sites'),
      (o) =>
        o.industrialParticipation.sites.length ? (
          <ul className="plain-list">
            {o.industrialParticipation.sites.map((s) => (
              <li key={s}>
                <Bidi>{s}</Bidi>
              </li>
            ))}
          </ul>
        ) : (
          none
        ),
    ],
    [t('programmes.offer.jobs'), (o) => formatNumber(o.industrialParticipation.jobs)],
    [
      t('programmes.offer.technologyTransfer'),
      (o) => (o.industrialParticipation.technologyTransfer ? <Bidi>{o.industrialParticipation.technologyTransfer}</Bidi> : none),
    ],
    [t('programmes.offer.validUntil'), (o) => formatDate(o.validUntil)],
    [t('programmes.offer.documents'), (o) => (o.documents.length ? <Documents offer={o} /> : none)],
  ];

  return (
    <section className="card" aria-labelledby="offers-heading">
      <h2 id="offers-heading">{t('programmes.offers.title', { count: offers.length })}</h2>
      {offers.length === 0 ? (
        <p className="muted">{t('programmes.offers.none')}</p>
      ) : (
        <ScrollRegion label={t('programmes.offers.compare')} className="offer-scroll">
          <table className="offer-compare">
            <thead>
              <tr>
                <td />
                {offers.map((o, i) => (
                  <th key={o.id} scope="col" className={offerClass(programme, o)}>
                    <span className="offer-number">{t('programmes.offers.nth', { number: i + 1 })}</span>
                    <OfferState programme={programme} offer={o} />
                    {canWithdraw(o) && (
                      <button
                        type="button"
                        className="button ghost small"
                        onClick={() => {
                          setDeleting(null);
                          setWithdrawing(o);
                        }}
                      >
                        {t('programmes.withdraw.open')}
                      </button>
                    )}
                    {canDelete && (
                      <button
                        type="button"
                        className="button ghost small danger"
                        onClick={() => {
                          setWithdrawing(null);
                          setDeleting(o);
                        }}
                      >
                        {t('programmes.deleteOffer.open')}
                      </button>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, cell]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {offers.map((o) => (
                    <td key={o.id} className={offerClass(programme, o)}>
                      {cell(o)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {withdrawing && (
        <WithdrawForm
          key={withdrawing.id}
          programme={programme}
          offer={withdrawing}
          onChanged={onChanged}
          reload={reload}
          onClose={() => setWithdrawing(null)}
        />
      )}
      {deleting && (
        <DeleteOfferForm
          key={deleting.id}
          programme={programme}
          offer={deleting}
          onChanged={onChanged}
          reload={reload}
          onClose={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

const offerClass = (p: Programme, o: Offer) =>
  o.withdrawnAt ? 'offer-withdrawn' : o.id === p.selectedOfferId ? 'offer-selected' : undefined;

function OfferState({ programme, offer }: { programme: Programme; offer: Offer }) {
  const { t } = useTranslation();
  if (offer.withdrawnAt)
    return (
      <span className="offer-state">
        <span className="badge withdrawn">{t('programmes.offer.withdrawn')}</span>{' '}
        <span className="withdrawn-reason">
          <Bidi>{offer.withdrawnReason}</Bidi> · {formatDateTime(offer.withdrawnAt)}
        </span>
      </span>
    );
  if (offer.id === programme.selectedOfferId)
    return (
      <span className="offer-state">
        <span className="badge selected">{t('programmes.offer.selected')}</span>
      </span>
    );
  return null;
}

function SupplierName({ offer }: { offer: Offer }) {
  if (!offer.supplier) return null;
  return (
    <>
      <Bidi>{offer.supplier.name}</Bidi> <span className="muted">({offer.supplier.country})</span>
    </>
  );
}

function Schedule({ offer }: { offer: Offer }) {
  const { t } = useTranslation();
  if (!offer.deliverySchedule.length) return <span className="muted">{t('common.none')}</span>;
  return (
    <ul className="plain-list">
      {offer.deliverySchedule.map((l) => (
        <li key={l.lot}>
          {t('programmes.offer.lotLine', { lot: l.lot, quantity: formatNumber(l.quantity), date: formatDate(l.date) })}
        </li>
      ))}
    </ul>
  );
}

function Documents({ offer }: { offer: Offer }) {
  return (
    <ul className="plain-list">
      {offer.documents.map((d) => (
        <li key={`${d.title}|${d.reference ?? ''}`}>
          {/* Only web addresses become links. */}
          {d.url && /^https?:\/\//i.test(d.url) ? (
            <a href={d.url} rel="noreferrer noopener" target="_blank">
              <Bidi>{d.title}</Bidi>
            </a>
          ) : (
            <Bidi>{d.title}</Bidi>
          )}
          {d.reference && (
            <>
              {' '}
              <Code>{d.reference}</Code>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function WithdrawForm({ programme, offer, onChanged, reload, onClose }: ProgrammeFormProps & { offer: Offer }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const write = useProgrammeWrite(programme, offerWithdrawSchema, { reason }, onChanged, reload);
  return (
    <ProgrammeInlineForm
      id="withdraw-heading"
      heading={t('programmes.withdraw.heading', { offer: isolate(offerName(offer)) })}
      level="h3"
      className="withdraw-form"
      write={write}
      onSubmit={() => write.send((body) => api.withdrawOffer(programme.id, offer.id, body.reason), { after: onClose })}
      save={t('programmes.withdraw.confirm')}
      onClose={onClose}
    >
      <Field label={t('programmes.withdraw.reason')} errors={write.field('reason')}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </ProgrammeInlineForm>
  );
}

/**
 * Deletes an offer entered by mistake, once confirmed. The API keeps every
 * offer once the evaluation opened (`programme.offer_kept`, 409): the page
 * then reads the programme again and says why.
 */
function DeleteOfferForm({ programme, offer, onChanged, reload, onClose }: ProgrammeFormProps & { offer: Offer }) {
  const { t } = useTranslation();
  const write = useProgrammeWrite(programme, offerDeleteSchema, {}, onChanged, reload);
  return (
    <ProgrammeInlineForm
      id="delete-offer-heading"
      heading={t('programmes.deleteOffer.heading', { offer: isolate(offerName(offer)) })}
      level="h3"
      className="delete-offer-form"
      explain={<p>{t('programmes.deleteOffer.explain')}</p>}
      write={write}
      onSubmit={() => write.send(() => procurementApi.deleteOffer(programme.id, offer.id), { after: onClose })}
      save={t('programmes.deleteOffer.confirm')}
      onClose={onClose}
    />
  );
}

/** A delete sends no body. */
const offerDeleteSchema = z.object({}).strict();
