import type { TFunction } from 'i18next';
import { lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import { procurementApi } from '../api/procurement.js';
import type { ProgrammeMeasures } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { Alert, Field } from '../components/field.js';
import { Amount, ConversionCells, CurrencySelect, conversionColumns, RateText } from '../components/programme-money.js';
import { ExchangeRates } from '../components/programme-rates.js';
import { ProgrammeStatusBadge } from '../components/programme-status.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDate, formatNumber, locale, localized } from '../i18n/format.js';
import { issueText, problemText } from '../i18n/problems.js';
import { Link, navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';

// The chart's code only when there are figures to draw.
const BarChart = lazy(() => import('../components/bar-chart.js').then((m) => ({ default: m.BarChart })));

type Programmes = ProgrammeMeasures['programmes'];
type RateUsed = ProgrammeMeasures['rates'][number];

const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** What the measures are of: a currency, a day (today when empty), and optionally one owner party and one commission. */
type MeasuresFilter = { currency: string; on: string; party: string; commission: string };

/** The address of the measures of `filter`, so reload and a shared link keep them. */
export const measuresAddress = (filter: MeasuresFilter) => {
  const params = new URLSearchParams({ currency: filter.currency });
  if (filter.on) params.set('on', filter.on);
  if (filter.party) params.set('party', filter.party);
  if (filter.commission) params.set('commission', filter.commission);
  return `/programmes/measures?${params.toString()}`;
};

/** The API's query for `filter`, from `cursor` on. */
const queryOf = (f: MeasuresFilter, cursor?: string) => ({
  currency: f.currency,
  ...(f.on ? { on: f.on } : {}),
  ...(f.party ? { party: f.party } : {}),
  ...(f.commission ? { commissionId: f.commission } : {}),
  ...(cursor ? { cursor } : {}),
});

/**
 * The measures of the programmes the reader may read: committed, paid and
 * delivered by programme and by owner party, in the currency chosen as of the
 * day chosen, of one owner party or one commission when chosen (all in the
 * address), each conversion naming the rate it took; the milestones late with
 * their days late. An amount without a rate is said plainly, naming each
 * currency missing, with the table of rates below it (where an administrator
 * enters the missing one).
 */
export default function ProgrammeMeasuresPage(props: MeasuresFilter) {
  const { t } = useTranslation();
  const filter: MeasuresFilter = {
    currency: CURRENCY.test(props.currency) ? props.currency : 'MAD',
    on: DAY.test(props.on) ? props.on : '',
    party: props.party,
    commission: props.commission,
  };
  const { currency: chosen, on: day, party, commission } = filter;
  const loaded = useLoad(() => procurementApi.programmeMeasures(queryOf(filter)), [chosen, day, party, commission]);
  const choices = useLoad(() => Promise.all([api.parties(), api.commissions()]), []);
  const [parties, commissions] = choices.data ?? [{ items: [] }, { items: [] }];
  const go = (change: Partial<MeasuresFilter>) => navigate(measuresAddress({ ...filter, ...change }));

  return (
    <div className="page programme-measures-page">
      <Breadcrumb trail={[{ to: '/programmes', label: t('programmes.title') }]} />
      <div className="page-head section-head">
        <h1>{t('programmes.measures.title')}</h1>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('programmes.measures.inputs')}>
        <Field label={t('programmes.measures.currency')}>
          {(p) => <CurrencySelect {...p} value={chosen} onChange={(c) => go({ currency: c })} />}
        </Field>
        <Field label={t('programmes.measures.on')} hint={t('programmes.totals.onHint')}>
          {(p) => <input {...p} type="date" value={day} onChange={(e) => go({ on: e.target.value })} />}
        </Field>
        <Field label={t('programmes.measures.party')}>
          {(p) => (
            <select {...p} value={party} onChange={(e) => go({ party: e.target.value })}>
              <option value="">{t('programmes.list.all')}</option>
              {/* A party named in the address but not (yet) listed stays shown as chosen. */}
              {[...new Set([...parties.items.map((x) => x.code), ...(party ? [party] : [])])].map((code) => (
                <option key={code} value={code} dir="ltr">
                  {code}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('programmes.measures.commission')}>
          {(p) => (
            <select {...p} value={commission} onChange={(e) => go({ commission: e.target.value })}>
              <option value="">{t('programmes.list.all')}</option>
              {commissions.items.map((c) => (
                <option key={c.id} value={c.id} lang={localized(c.name).lang}>
                  {localized(c.name).text}
                </option>
              ))}
              {commission && !commissions.items.some((c) => c.id === commission) && (
                <option value={commission}>{commission}</option>
              )}
            </select>
          )}
        </Field>
      </form>
      {loaded.state === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {loaded.state === 'failed' && <MeasuresRefused error={loaded.error} />}
      {loaded.state === 'ready' && <Figures key={measuresAddress(filter)} measures={loaded.data} filter={filter} />}
      <ExchangeRates onEntered={loaded.reload} />
    </div>
  );
}

/** Why there are no figures; for a missing rate, each amount's currency and the day, so the reader knows which rate to enter. */
function MeasuresRefused({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const noRate = error instanceof ProblemError && error.code === 'money.no_rate';
  // One line per currency missing: several programmes in the same currency need the same rate.
  const missing = noRate ? [...new Set(error.errors.map((i) => issueText(i)))] : [];
  return (
    <Alert kind="error">
      <p className="missing-rate">{noRate ? t('programmes.measures.noRate') : problemText(error)}</p>
      {noRate && <p>{problemText(error)}</p>}
      {missing.length > 0 && (
        <ul className="plain-list missing-rates">
          {missing.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

function Figures({ measures: first, filter }: { measures: ProgrammeMeasures; filter: MeasuresFilter }) {
  const { t } = useTranslation();
  // The totals, parties and rates cover every programme; the programmes come a page at a time.
  const [more, setMore] = useState<{ programmes: Programmes; nextCursor: string | null } | null>(null);
  const [moreFailed, setMoreFailed] = useState<string | null>(null);
  const m = { ...first, programmes: [...first.programmes, ...(more?.programmes ?? [])] };
  const next = more ? more.nextCursor : first.nextCursor;
  const late = m.programmes.flatMap((p) => p.late.map((l) => ({ programme: p, milestone: l })));
  const figures = figuresOf(t);
  async function loadMore() {
    if (!next) return;
    setMoreFailed(null);
    try {
      const page = await procurementApi.programmeMeasures(queryOf({ ...filter, currency: first.currency, on: first.on }, next));
      setMore((before) => ({ programmes: [...(before?.programmes ?? []), ...page.programmes], nextCursor: page.nextCursor }));
    } catch (err) {
      setMoreFailed(problemText(err));
    }
  }
  return (
    <>
      <p className="muted measures-caption">
        {t('programmes.measures.caption', { currency: m.currency, date: formatDate(m.on) })}
      </p>
      <dl className="kpi-cards measures-totals">
        {figures.map((f) => (
          <Kpi key={f.name} label={f.name}>
            {f.show(m.totals, 'amount kpi-amount')}
          </Kpi>
        ))}
      </dl>
      {m.programmes.length === 0 ? (
        <p className="muted">{t('programmes.measures.none')}</p>
      ) : (
        <>
          <PartyChart measures={m} />
          <MeasuresTable
            id="measures-parties-heading"
            title={t('programmes.measures.byParty')}
            className="mini-table measures-parties"
            columns={[t('programmes.list.owner'), ...figures.map((f) => f.name)]}
          >
            {m.parties.map((p) => (
              <tr key={p.party}>
                <th scope="row">
                  <span className="party-tag">{p.party}</span>
                </th>
                {figures.map((f) => (
                  <td key={f.name} className="number">
                    {f.show(p)}
                  </td>
                ))}
              </tr>
            ))}
          </MeasuresTable>
          <ByProgramme programmes={m.programmes} />
          {moreFailed && <Alert kind="error">{moreFailed}</Alert>}
          {next && (
            <div className="actions">
              <button type="button" className="button ghost" onClick={() => void loadMore()}>
                {t('programmes.measures.more')}
              </button>
            </div>
          )}
        </>
      )}
      <MeasuresTable
        id="measures-late-heading"
        title={t('programmes.measures.late', { count: late.length })}
        empty={late.length === 0 && t('programmes.measures.noneLate')}
        className="mini-table measures-late"
        columns={[
          t('programmes.list.programme'),
          t('programmes.milestones.titleField'),
          t('programmes.milestones.kind'),
          t('programmes.milestones.dueDate'),
          t('programmes.measures.daysLate'),
          t('programmes.milestones.value'),
        ]}
      >
        {late.map(({ programme: p, milestone: l }) => (
          <tr key={l.id}>
            <td>
              <ProgrammeLink programme={p} />
            </td>
            <td>
              <Bidi>{l.title}</Bidi> <span className="muted">{t(`programmes.milestoneStatus.${l.status}`)}</span>
            </td>
            <td>{t(`programmes.milestoneKind.${l.kind}`)}</td>
            <td>{formatDate(l.dueDate)}</td>
            <td className="number days-late">{formatNumber(l.daysLate)}</td>
            <td className="number">
              <Amount money={l.value} />
            </td>
          </tr>
        ))}
      </MeasuresTable>
      <RatesUsed rates={m.rates} currency={m.currency} />
    </>
  );
}

/** The name of a measure, in the reader's language. */
function measureName(t: TFunction, what: 'committed' | 'paid' | 'delivered') {
  if (what === 'committed') return t('programmes.measures.committed');
  if (what === 'paid') return t('programmes.measures.paid');
  return t('programmes.measures.delivered');
}

type Figured = ProgrammeMeasures['totals'];

/** The figures measured, in order, as the totals and each owner party have them: each its name, and how a value shows. */
function figuresOf(t: TFunction): { name: string; show: (f: Figured, amountClass?: string) => ReactNode }[] {
  const count = (k: 'programmes' | 'lateMilestones') => (f: Figured) => formatNumber(f[k]);
  const amount = (k: 'committed' | 'paid' | 'delivered') => (f: Figured, amountClass?: string) => (
    <Amount money={f[k]} className={amountClass} />
  );
  return [
    { name: t('programmes.measures.programmes'), show: count('programmes') },
    { name: measureName(t, 'committed'), show: amount('committed') },
    { name: measureName(t, 'paid'), show: amount('paid') },
    { name: measureName(t, 'delivered'), show: amount('delivered') },
    { name: t('programmes.measures.lateMilestones'), show: count('lateMilestones') },
  ];
}

/** A table of the figures in a card, under its heading, which also names its scrolling region (`empty` as `ScrollTable` takes it). */
function MeasuresTable({
  id,
  title,
  empty = false,
  className,
  columns,
  children,
}: {
  id: string;
  title: string;
  empty?: string | false;
  className: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <MeasuresSection id={id} title={title}>
      <ScrollTable label={title} className="measures-scroll" tableClassName={className} columns={columns} empty={empty}>
        {children}
      </ScrollTable>
    </MeasuresSection>
  );
}

/** A card of the figures under its heading, which names it. */
function MeasuresSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Kpi({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="card kpi">
      <dt>{label}</dt>
      <dd className="kpi-figure">{children}</dd>
    </div>
  );
}

function ProgrammeLink({ programme: p }: { programme: Programmes[number] }) {
  const title = localized(p.title);
  return (
    <Link to={`/programmes/${p.id}`}>
      <Bidi lang={title.lang}>{title.text}</Bidi>
    </Link>
  );
}

/** Each programme's figures, each in its own currency beside its conversion and the rate taken. */
function ByProgramme({ programmes }: { programmes: Programmes }) {
  const { t } = useTranslation();
  return (
    <MeasuresTable
      id="measures-programmes-heading"
      title={t('programmes.measures.byProgramme')}
      className="mini-table measures-programmes"
      columns={[
        t('programmes.list.programme'),
        t('programmes.list.status'),
        t('programmes.list.owner'),
        t('programmes.measures.figure'),
        ...conversionColumns(t),
      ]}
    >
      {programmes.map((p) => {
        const lines = p.lines.length ? p.lines : [null];
        return lines.map((l, i) => (
          <tr key={`${p.id}|${l?.what ?? ''}|${l?.money.currency ?? ''}`}>
            {i === 0 && (
              <>
                <th scope="row" rowSpan={lines.length}>
                  <ProgrammeLink programme={p} />
                  {p.signedOn && (
                    <span className="muted signed-on">{t('programmes.measures.signedOn', { date: formatDate(p.signedOn) })}</span>
                  )}
                </th>
                <td rowSpan={lines.length}>
                  <ProgrammeStatusBadge status={p.status} />
                </td>
                <td rowSpan={lines.length}>
                  <span className="party-tag">{p.ownerParty}</span>
                </td>
              </>
            )}
            {l ? (
              <>
                <td>{measureName(t, l.what)}</td>
                <ConversionCells line={l} />
              </>
            ) : (
              <td colSpan={4} className="muted">
                {t('programmes.measures.nothingYet')}
              </td>
            )}
          </tr>
        ));
      })}
    </MeasuresTable>
  );
}

/** Every rate the figures took, one per currency converted. */
function RatesUsed({ rates, currency }: { rates: RateUsed[]; currency: string }) {
  const { t } = useTranslation();
  return (
    <MeasuresSection id="measures-rates-heading" title={t('programmes.measures.ratesUsed')}>
      {rates.length === 0 ? (
        <p className="muted">{t('programmes.measures.noRateUsed', { currency })}</p>
      ) : (
        <ul className="plain-list rates-used">
          {rates.map((r) => (
            <li key={`${r.from}|${r.to}`}>
              <RateText rate={r} />
            </li>
          ))}
        </ul>
      )}
    </MeasuresSection>
  );
}

/** Committed, paid and delivered by party, for the eye; the table above holds the exact figures. */
function PartyChart({ measures: m }: { measures: ProgrammeMeasures }) {
  const { t } = useTranslation();
  const rtl = document.documentElement.dir === 'rtl';
  const series = useMemo(
    () =>
      (['committed', 'paid', 'delivered'] as const).map((k, i) => ({
        name: measureName(t, k),
        // For the bars' length only: the figures read in the table are the exact decimal strings.
        values: m.parties.map((p) => Number(p[k].amount)),
        color: ['#1d4ed8', '#059669', '#d97706'][i] ?? '#1d4ed8',
      })),
    [m, t],
  );
  return (
    <figure className="card chart-card">
      <figcaption>{t('programmes.measures.chart', { currency: m.currency })}</figcaption>
      <Suspense fallback={<div className="chart" />}>
        <BarChart
          categories={m.parties.map((p) => p.party)}
          series={series}
          format={(v) => new Intl.NumberFormat(locale(), { notation: 'compact' }).format(v)}
          rtl={rtl}
        />
      </Suspense>
    </figure>
  );
}
