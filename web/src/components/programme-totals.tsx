import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { Programme } from '../api/types.js';
import { formatDate } from '../i18n/format.js';
import { problemText } from '../i18n/problems.js';
import { useLoad } from '../use-load.js';
import { isolate } from './bidi.js';
import { Alert, Field } from './field.js';
import { ConversionCells, CurrencySelect, conversionColumns } from './programme-money.js';
import { offerName } from './programme-offers.js';
import { TableHead } from './table-head.js';

/**
 * The budget ceiling, the live offers and the contract value in one currency
 * the reader chooses, on a day: each line converted at the latest rate of the
 * installation's table on or before it, the rate shown with its date and
 * source (inverted when the table holds it the other way round). An amount
 * without a rate is refused by the API, which says which.
 */
export function ProgrammeTotals({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const [currency, setCurrency] = useState(programme.need.budgetCeiling.currency);
  const [on, setOn] = useState('');
  const totals = useLoad(
    () => api.programmeTotals(programme.id, currency, on || undefined),
    [programme.id, programme.version, currency, on],
  );
  const what = (w: string) => {
    if (w === 'budgetCeiling') return t('programmes.need.budgetCeiling');
    if (w === 'contract') return t('programmes.contract.value');
    const offer = programme.offers.find((o) => `offer:${o.id}` === w);
    return offer ? t('programmes.totals.offer', { offer: isolate(offerName(offer)) }) : w;
  };
  return (
    <section className="card totals" aria-labelledby="totals-heading">
      <h2 id="totals-heading">{t('programmes.totals.title')}</h2>
      <div className="field-row">
        <Field label={t('programmes.totals.currency')}>
          {(p) => <CurrencySelect {...p} value={currency} onChange={setCurrency} />}
        </Field>
        <Field label={t('programmes.totals.on')} hint={t('programmes.totals.onHint')}>
          {(p) => <input {...p} type="date" value={on} onChange={(e) => setOn(e.target.value)} />}
        </Field>
      </div>
      {totals.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {totals.state === 'failed' && <Alert kind="error">{problemText(totals.error)}</Alert>}
      {totals.state === 'ready' && (
        <table className="mini-table totals-table">
          <caption>
            {t('programmes.totals.caption', { currency: totals.data.currency, date: formatDate(totals.data.on) })}
          </caption>
          <TableHead columns={[t('programmes.totals.what'), ...conversionColumns(t)]} />
          <tbody>
            {totals.data.lines.map((l) => (
              <tr key={l.what}>
                <th scope="row">{what(l.what)}</th>
                <ConversionCells line={l} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
