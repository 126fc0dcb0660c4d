import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole } from '../../../src/domain/policy.js';
import { exchangeRateCreateSchema } from '../../../src/domain/programme.schema.js';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import { procurementApi } from '../api/procurement.js';
import type { ExchangeRateRecord } from '../api/types.js';
import { formatDate, formatDateTime } from '../i18n/format.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { Bidi, Code } from './bidi.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { CurrencyFilter, CurrencySelect } from './programme-money.js';
import { ScrollTable } from './scroll-table.js';
import { useRefusal } from './use-action-feedback.js';

/** The rates read a page at a time: the table may hold years of daily rates. */
const PAGE = 50;

type RateQuery = { currency: string; since: string; until: string };

/**
 * The installation's exchange-rate table, latest first, optionally of one
 * currency and within a range of dates, read a page at a time: each rate with
 * its date, source, who entered it and when. An administrator enters a rate
 * here (the API takes rates from administrators only); `onEntered` tells the
 * page, whose figures may now convert.
 */
export function ExchangeRates({ onEntered }: { onEntered: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [query, setQuery] = useState<RateQuery>({ currency: '', since: '', until: '' });
  const [entering, setEntering] = useState(false);
  // The pages read after the first, and the failure of the last one asked for.
  const [more, setMore] = useState<{ items: ExchangeRateRecord[]; nextCursor: string | null } | null>(null);
  const [moreFailed, setMoreFailed] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const asked = (cursor?: string) => ({
    limit: PAGE,
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.since ? { since: query.since } : {}),
    ...(query.until ? { until: query.until } : {}),
    ...(cursor ? { cursor } : {}),
  });
  const rates = useLoad(() => {
    setMore(null);
    setMoreFailed(null);
    return procurementApi.exchangeRates(asked());
  }, [query.currency, query.since, query.until]);
  const admin = hasRole(user, 'admin');
  const entered = () => {
    rates.reload();
    onEntered();
  };
  const items = rates.state === 'ready' ? [...rates.data.items, ...(more?.items ?? [])] : [];
  const nextCursor = more ? more.nextCursor : rates.state === 'ready' ? rates.data.nextCursor : null;
  async function readMore() {
    if (!nextCursor) return;
    setBusy(true);
    setMoreFailed(null);
    try {
      const page = await procurementApi.exchangeRates(asked(nextCursor));
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (err) {
      setMoreFailed(err);
    } finally {
      setBusy(false);
    }
  }
  const refused = rates.state === 'failed' && rates.error instanceof ProblemError ? rates.error.errors : [];
  const dateFilter = (key: 'since' | 'until') => (
    <label className="filter">
      <span>{t(`programmes.rates.${key}`)}</span>
      <input
        type="date"
        value={query[key]}
        aria-invalid={issuesAt(refused, key).length > 0 || undefined}
        onChange={(e) => setQuery((q) => ({ ...q, [key]: e.target.value }))}
      />
    </label>
  );
  // Each column's head beside what its cells show, so that the two cannot drift apart.
  const columns: [string, (r: ExchangeRateRecord) => ReactNode][] = [
    [t('programmes.rates.date'), (r) => formatDate(r.date)],
    [t('programmes.rates.rate'), (r) => <Code>{`1 ${r.from} = ${r.rate} ${r.to}`}</Code>],
    [t('programmes.rates.source'), (r) => <Bidi>{r.source}</Bidi>],
    [
      t('programmes.rates.enteredBy'),
      (r) => (
        <>
          <Bidi>
            {r.enteredBy ?? (r.enteredByParty ? t('common.otherPartyUser', { party: r.enteredByParty }) : t('common.none'))}
          </Bidi>{' '}
          <span className="muted">{formatDateTime(r.enteredAt)}</span>
        </>
      ),
    ],
  ];
  return (
    <section className="card exchange-rates" aria-labelledby="rates-heading">
      <div className="section-head">
        <h2 id="rates-heading">{t('programmes.rates.title')}</h2>
        {admin && (
          <button type="button" className="button" aria-expanded={entering} onClick={() => setEntering((e) => !e)}>
            {t('programmes.rates.open')}
          </button>
        )}
      </div>
      {entering && admin && <RateForm onEntered={entered} onClose={() => setEntering(false)} />}
      <div className="filters">
        <CurrencyFilter
          label={t('programmes.rates.ofCurrency')}
          any={t('programmes.list.all')}
          value={query.currency}
          onChange={(currency) => setQuery((q) => ({ ...q, currency }))}
        />
        {dateFilter('since')}
        {dateFilter('until')}
      </div>
      {rates.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {rates.state === 'failed' && <Alert kind="error">{problemText(rates.error)}</Alert>}
      {rates.state === 'ready' && (
        <ScrollTable
          label={t('programmes.rates.title')}
          empty={items.length === 0 && t('programmes.rates.none')}
          className="rates-scroll"
          tableClassName="mini-table rates-table"
          columns={columns.map(([head]) => head)}
        >
          {items.map((r) => (
            <tr key={r.id}>
              {columns.map(([head, cell]) => (
                <td key={head}>{cell(r)}</td>
              ))}
            </tr>
          ))}
        </ScrollTable>
      )}
      {moreFailed !== null && <Alert kind="error">{problemText(moreFailed, t('common.unexpectedError'))}</Alert>}
      {rates.state === 'ready' && nextCursor && (
        <div className="actions">
          <button type="button" className="button ghost" disabled={busy} onClick={() => void readMore()}>
            {t('programmes.rates.more', { count: items.length, page: PAGE })}
          </button>
        </div>
      )}
    </section>
  );
}

/** A dated rate: units of `to` for one unit of `from`, from `date` on, with its source. */
function RateForm({ onEntered, onClose }: { onEntered: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState('USD');
  const [to, setTo] = useState('MAD');
  const [rate, setRate] = useState('');
  const [date, setDate] = useState('');
  const [source, setSource] = useState('');
  const input = { from, to, rate: rate.trim().replace(',', '.'), date, source };
  const { failure, setFailure, issues, setIssues } = useRefusal(input);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const field = (path: string) => issuesAt(issues, path);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setNotice(null);
    const parsed = exchangeRateCreateSchema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    try {
      const r = await procurementApi.addExchangeRate(input);
      setNotice(t('programmes.rates.entered', { from: r.from, to: r.to, rate: r.rate, date: formatDate(r.date) }));
      setRate('');
      onEntered();
    } catch (err) {
      setIssues(err instanceof ProblemError ? err.errors : []);
      setFailure(problemText(err, t('common.unexpectedError')));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form inline-form rate-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="rate-form-heading">
      <h3 id="rate-form-heading">{t('programmes.rates.heading')}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
      <div className="field-row">
        <Field label={t('programmes.rates.from')} errors={field('from')}>
          {(p) => <CurrencySelect {...p} value={from} onChange={setFrom} />}
        </Field>
        <Field label={t('programmes.rates.to')} errors={field('to')}>
          {(p) => <CurrencySelect {...p} value={to} onChange={setTo} />}
        </Field>
        <Field label={t('programmes.rates.rate')} errors={field('rate')} hint={t('programmes.rates.rateHint', { from, to })}>
          {(p) => <input {...p} inputMode="decimal" dir="ltr" value={rate} onChange={(e) => setRate(e.target.value)} />}
        </Field>
        <Field label={t('programmes.rates.date')} errors={field('date')}>
          {(p) => <input {...p} type="date" value={date} onChange={(e) => setDate(e.target.value)} />}
        </Field>
      </div>
      <Field label={t('programmes.rates.source')} errors={field('source')}>
        {(p) => <input {...p} dir="auto" value={source} onChange={(e) => setSource(e.target.value)} />}
      </Field>
      <FormActions
        save={t('programmes.rates.save')}
        cancel={t('programmes.form.cancel')}
        onCancel={onClose}
        disabled={busy}
        small
      />
    </form>
  );
}
