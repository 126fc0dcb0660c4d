import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EXECUTION_STATUSES } from '../../../src/domain/programme.lifecycle.js';
import type { Programme } from '../api/types.js';
import { formatDate, formatNumber } from '../i18n/format.js';
import { Bidi, Code } from './bidi.js';
import { AmendmentForm, DeliveryForm, MilestoneAddForm, MilestoneStatusForm } from './programme-contract-forms.js';
import { DetailRow } from './programme-form.js';
import { Amount } from './programme-money.js';
import { offerName } from './programme-offers.js';
import { TableHead } from './table-head.js';

type Contract = NonNullable<Programme['contract']>;
type Milestone = Contract['milestones'][number];

const today = () => new Date().toISOString().slice(0, 10);

/** Late: due before today and not met, or met after its due date. */
export const isLate = (m: Milestone, on = today()) =>
  (m.status !== 'met' && m.dueDate < on) || (m.dateMet !== null && m.dateMet > m.dueDate);

interface WriteProps {
  programme: Programme;
  planner: boolean;
  onChanged: (p: Programme) => void;
  reload: () => void;
}

/**
 * The contract signed on the selected offer and its execution: the
 * milestones as a timeline in date order (today marked among them, the late
 * ones marked), the deliveries by lot against the quantity contracted, and
 * the amendments. A planner of the owner records milestones, their status
 * and deliveries while the contract runs.
 */
export function ProgrammeContract(props: WriteProps & { contract: Contract }) {
  const { t } = useTranslation();
  const { programme, contract } = props;
  const offer = programme.offers.find((o) => o.id === contract.offerId);
  return (
    <section className="card contract" aria-labelledby="contract-heading">
      <h2 id="contract-heading">{t('programmes.contract.title')}</h2>
      <dl className="details">
        <DetailRow label={t('programmes.contract.offer')}>
          {offer ? <Bidi>{offerName(offer)}</Bidi> : <Code>{contract.offerId}</Code>}
        </DetailRow>
        <DetailRow label={t('programmes.contract.value')}>
          <Amount money={contract.value} className="amount total" />
        </DetailRow>
        <DetailRow label={t('programmes.contract.signedOn')}>{formatDate(contract.signedOn)}</DetailRow>
        <DetailRow label={t('programmes.contract.reference')}>
          {contract.reference ? <Code>{contract.reference}</Code> : <span className="muted">{t('common.none')}</span>}
        </DetailRow>
      </dl>
      <Milestones {...props} />
      <Deliveries {...props} quantity={offer?.quantity ?? null} schedule={offer?.deliverySchedule ?? []} />
      <Amendments {...props} />
    </section>
  );
}

function Milestones({ programme, contract, planner, onChanged, reload }: WriteProps & { contract: Contract }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const running = planner && EXECUTION_STATUSES.includes(programme.status);
  const now = today();
  const sorted = [...contract.milestones].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title));
  // Today's place among the milestones, so the reader sees what is past and what is to come.
  const todayAt = sorted.findIndex((m) => m.dueDate > now);
  const marker = (
    <li key="today" className="milestone today-marker" aria-label={t('programmes.milestones.today', { date: formatDate(now) })}>
      <span className="milestone-date">{formatDate(now)}</span>
      <span className="milestone-dot" aria-hidden="true" />
      <span className="milestone-body">{t('programmes.milestones.todayLabel')}</span>
    </li>
  );
  return (
    <section aria-labelledby="milestones-heading" className="milestones">
      <div className="section-head">
        <h3 id="milestones-heading">{t('programmes.milestones.title')}</h3>
        {running && !adding && (
          <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
            {t('programmes.milestones.add')}
          </button>
        )}
      </div>
      {adding && (
        <MilestoneAddForm programme={programme} onChanged={onChanged} reload={reload} onClose={() => setAdding(false)} />
      )}
      {sorted.length === 0 ? (
        <p className="muted">{t('programmes.milestones.none')}</p>
      ) : (
        <ol className="milestone-timeline">
          {sorted.map((m, i) => [
            i === todayAt ? marker : null,
            <li key={m.id} className={`milestone milestone-${m.status}${isLate(m, now) ? ' late' : ''}`}>
              <span className="milestone-date">{formatDate(m.dueDate)}</span>
              <span className="milestone-dot" aria-hidden="true" />
              <div className="milestone-body">
                <div className="milestone-head">
                  <strong>
                    <Bidi>{m.title}</Bidi>
                  </strong>
                  <span className="muted">{t(`programmes.milestoneKind.${m.kind}`)}</span>
                  <Amount money={m.value} />
                </div>
                <div className="meta-row">
                  <span className={`badge milestone-status-${m.status}`}>{t(`programmes.milestoneStatus.${m.status}`)}</span>
                  {m.dateMet && <span>{t('programmes.milestones.metOn', { date: formatDate(m.dateMet) })}</span>}
                  {isLate(m, now) && <span className="badge overdue">{t('programmes.milestones.late')}</span>}
                </div>
                {running && <MilestoneStatusForm programme={programme} milestone={m} onChanged={onChanged} reload={reload} />}
              </div>
            </li>,
          ])}
          {todayAt === -1 && marker}
        </ol>
      )}
    </section>
  );
}

function Deliveries({
  programme,
  contract,
  planner,
  onChanged,
  reload,
  quantity,
  schedule,
}: WriteProps & { contract: Contract; quantity: number | null; schedule: { lot: string; quantity: number; date: string }[] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const running = planner && EXECUTION_STATUSES.includes(programme.status);
  const lots = [...schedule.map((l) => l.lot), ...contract.deliveries.map((d) => d.lot)].filter(
    (l, i, all) => all.indexOf(l) === i,
  );
  const sum = (list: typeof contract.deliveries, key: 'quantityDelivered' | 'quantityAccepted') =>
    list.reduce((n, d) => n + d[key], 0);
  const delivered = sum(contract.deliveries, 'quantityDelivered');
  const accepted = sum(contract.deliveries, 'quantityAccepted');
  return (
    <section aria-labelledby="deliveries-heading" className="deliveries">
      <div className="section-head">
        <h3 id="deliveries-heading">{t('programmes.deliveries.title')}</h3>
        {running && !adding && (
          <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
            {t('programmes.deliveries.add')}
          </button>
        )}
      </div>
      {adding && (
        <DeliveryForm programme={programme} lots={lots} onChanged={onChanged} reload={reload} onClose={() => setAdding(false)} />
      )}
      {quantity !== null && (
        <p className="delivery-progress">
          {t('programmes.deliveries.progress', {
            accepted: formatNumber(accepted),
            delivered: formatNumber(delivered),
            quantity: formatNumber(quantity),
          })}
          <progress max={quantity} value={accepted} aria-label={t('programmes.deliveries.accepted')} />
        </p>
      )}
      {lots.length === 0 ? (
        <p className="muted">{t('programmes.deliveries.none')}</p>
      ) : (
        <table className="mini-table deliveries-table">
          <TableHead
            columns={[
              t('programmes.deliveries.lot'),
              t('programmes.deliveries.scheduled'),
              t('programmes.deliveries.delivered'),
              t('programmes.deliveries.accepted'),
              t('programmes.deliveries.entries'),
            ]}
          />
          <tbody>
            {lots.map((lot) => {
              const planned = schedule.find((l) => l.lot === lot);
              const of = contract.deliveries.filter((d) => d.lot === lot);
              const lotAccepted = sum(of, 'quantityAccepted');
              return (
                <tr key={lot} className={planned && lotAccepted >= planned.quantity ? 'lot-complete' : undefined}>
                  <th scope="row">
                    <Bidi>{lot}</Bidi>
                  </th>
                  <td>
                    {planned
                      ? t('programmes.deliveries.plannedLine', {
                          quantity: formatNumber(planned.quantity),
                          date: formatDate(planned.date),
                        })
                      : t('common.none')}
                  </td>
                  <td className="number">{formatNumber(sum(of, 'quantityDelivered'))}</td>
                  <td className="number">{formatNumber(lotAccepted)}</td>
                  <td>
                    <ul className="plain-list">
                      {of.map((d) => (
                        <li key={d.id}>
                          {t('programmes.deliveries.entry', {
                            date: formatDate(d.deliveredOn),
                            delivered: formatNumber(d.quantityDelivered),
                            accepted: formatNumber(d.quantityAccepted),
                          })}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Amendments({ programme, contract, planner, onChanged, reload }: WriteProps & { contract: Contract }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const running = planner && EXECUTION_STATUSES.includes(programme.status);
  return (
    <section aria-labelledby="amendments-heading" className="amendments">
      <div className="section-head">
        <h3 id="amendments-heading">{t('programmes.amendments.title')}</h3>
        {running && !adding && (
          <button type="button" className="button ghost small" onClick={() => setAdding(true)}>
            {t('programmes.amendments.add')}
          </button>
        )}
      </div>
      {adding && running && (
        <AmendmentForm programme={programme} onChanged={onChanged} reload={reload} onClose={() => setAdding(false)} />
      )}
      {contract.amendments.length === 0 ? (
        <p className="muted">{t('programmes.amendments.none')}</p>
      ) : (
        <ol className="plain-list amendment-list">
          {[...contract.amendments]
            .sort((a, b) => a.number - b.number)
            .map((a) => (
              <li key={a.id}>
                <strong>{t('programmes.amendments.nth', { number: a.number, date: formatDate(a.date) })}</strong>
                <p className="prewrap" dir="auto">
                  {a.rationale}
                </p>
                {a.description && (
                  <p className="prewrap muted" dir="auto">
                    {a.description}
                  </p>
                )}
                {a.valueBefore.amount !== a.valueAfter.amount && (
                  <p>
                    {t('programmes.amendments.value')} <Amount money={a.valueBefore} className="amount old-value" />{' '}
                    {t('programmes.amendments.arrow')} <Amount money={a.valueAfter} />
                  </p>
                )}
              </li>
            ))}
        </ol>
      )}
    </section>
  );
}
