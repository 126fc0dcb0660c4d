import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { ProblemError } from '../api/problem.js';
import { type ProgrammeTrace, type TraceClaims, traceApi } from '../api/trace.js';
import type { Programme } from '../api/types.js';
import { Bidi, Code } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { formatShare, IndustrialStatusBadge, useKindText } from '../components/industrial-project-texts.js';
import { LoadError } from '../components/load-error.js';
import { Amount, CurrencyFilter } from '../components/programme-money.js';
import { ProgrammeStatusBadge } from '../components/programme-status.js';
import { formatDate, formatNumber, localized } from '../i18n/format.js';
import { loadTraceTexts } from '../i18n/trace.js';
import { Link, navigate } from '../router.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';
import '../components/programme-trace.css';

type Claim = TraceClaims['items'][number];
type ClaimSummaryJson = ProgrammeTrace['obligations'][number]['claims'];
type Offer = Programme['offers'][number];

const CURRENCY = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The address of a programme's trace in `currency` as of `on` (each left out when empty). */
export const traceAddress = (id: string, currency = '', on = '') => {
  const params = new URLSearchParams();
  if (currency) params.set('currency', currency);
  if (on) params.set('on', on);
  const query = params.toString();
  return `/programmes/${id}/trace${query ? `?${query}` : ''}`;
};

// Each value's text is named in full, so that the translations' test finds every key the page uses.
function useClaimTexts() {
  const { t } = useTranslation();
  return {
    status: {
      claimed: t('trace.claimStatus.claimed'),
      under_review: t('trace.claimStatus.under_review'),
      granted: t('trace.claimStatus.granted'),
      refused: t('trace.claimStatus.refused'),
    } satisfies Record<Claim['status'], string>,
    category: {
      technology_transfer: t('trace.category.technology_transfer'),
      local_production: t('trace.category.local_production'),
      training: t('trace.category.training'),
      research_development: t('trace.category.research_development'),
      investment: t('trace.category.investment'),
      local_procurement: t('trace.category.local_procurement'),
    } satisfies Record<Claim['category'], string>,
  };
}

/** The page's module once its texts are there (for `lazy`). */
export const withTexts = () => loadTraceTexts().then(() => ({ default: ProgrammeTracePage }));

/**
 * A programme's record graph as a linked outline: the need, the offers with
 * the industrial participation each promised, the evaluation, the contract,
 * the offset obligations with their credit claims, the industrial projects,
 * and the measures comparing promised, obligated and achieved. Only what the
 * reader may read comes from the API; each node shows its marking.
 */
export default function ProgrammeTracePage({ programmeId, currency, on }: { programmeId: string; currency: string; on: string }) {
  const { t } = useTranslation();
  const chosen = CURRENCY.test(currency) ? currency : '';
  const day = DAY.test(on) ? on : '';
  const loaded = useLoad(
    () => traceApi.programmeTrace(programmeId, { currency: chosen || undefined, on: day || undefined }),
    [programmeId, chosen, day],
  );
  // The programme as its page reads it: its title and marking when the trace is refused (a currency without a
  // rate), and the supplier and system of each offer, named only when the reader may read the supplier.
  const programme = useLoad(() => api.programme(programmeId), [programmeId]);
  const g = loaded.data;
  const p = programme.data;
  usePageLabels(
    g
      ? [
          g.programme.label,
          ...(g.evaluation ? [g.evaluation.label] : []),
          ...g.obligations.map((o) => o.label),
          ...g.claimLabels,
          ...g.projects.map((x) => x.label),
        ]
      : p
        ? [p]
        : [],
  );
  // Not found (or not readable) is said alone; any other refusal keeps the page around it.
  if (programme.state === 'failed') return <LoadError error={programme.error} />;
  if (loaded.state === 'failed' && !p) return <LoadError error={loaded.error} />;
  if (!p || (loaded.state === 'loading' && !g)) return <p className="muted">{t('common.loading')}</p>;
  const title = localized(p.title);
  return (
    <div className="page programme-trace-page">
      <Breadcrumb
        trail={[
          { to: '/programmes', label: t('programmes.title') },
          { to: `/programmes/${p.id}`, label: title.text },
        ]}
      />
      <div className="page-head section-head">
        <h1>{t('trace.title')}</h1>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('trace.inputs')}>
        {/* The currencies the ledger offers, those the parties hold rates for; by default the programme's budget's. */}
        <CurrencyFilter
          label={t('trace.currency')}
          any={t('trace.ownCurrency', { currency: p.need.budgetCeiling.currency })}
          value={chosen}
          onChange={(c) => navigate(traceAddress(programmeId, c, day))}
        />
        <label className="filter">
          <span>{t('trace.on')}</span>
          <input type="date" value={day} onChange={(e) => navigate(traceAddress(programmeId, chosen, e.target.value))} />
        </label>
      </form>
      {loaded.state === 'failed' ? (
        <TraceRefused error={loaded.error} />
      ) : g ? (
        <>
          <Measures trace={g} />
          <Outline trace={g} offers={p.offers} />
        </>
      ) : null}
    </div>
  );
}

/** Why the trace has no figures (a currency without a rate, most often), its day in the reader's calendar. */
function TraceRefused({ error }: { error: unknown }) {
  const date = error instanceof ProblemError ? error.params.date : undefined;
  const shown =
    error instanceof ProblemError && typeof date === 'string' && DAY.test(date)
      ? new ProblemError(error.status, error.type, error.title, error.detail, error.errors, error.code, {
          ...error.params,
          date: formatDate(date),
        })
      : error;
  return (
    <div className="trace-refused">
      <LoadError error={shown} />
    </div>
  );
}

/**
 * An offer's supplier and system, each when the reader may read it, as the programme's page names them (the
 * system is the supplier's: it is named with it); nothing when the reader may not read the supplier.
 */
function OfferName({ offer }: { offer: Offer | undefined }) {
  if (!offer?.supplier) return null;
  return (
    <>
      {' '}
      <span className="trace-offer-name">
        <Bidi>{offer.supplier.name}</Bidi>
        {offer.system && (
          <>
            {' — '}
            <Bidi>{offer.system.name}</Bidi>
          </>
        )}
      </span>{' '}
      ·
    </>
  );
}

function Measures({ trace: g }: { trace: ProgrammeTrace }) {
  const { t } = useTranslation();
  const m = g.measures;
  return (
    <section aria-labelledby="trace-measures">
      <h2 id="trace-measures">{t('trace.measures', { date: formatDate(g.on), currency: g.currency })}</h2>
      <table className="trace-measures">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">{t('trace.value')}</th>
            <th scope="col">{t('trace.jobs')}</th>
            <th scope="col">{t('trace.localContent')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('trace.promised')}</th>
            <td>{m.promised.value ? <Amount money={m.promised.value.converted} /> : '—'}</td>
            <td>{m.promised.jobs === null ? '—' : formatNumber(m.promised.jobs)}</td>
            <td>{m.promised.localShare === null ? '—' : `${formatShare(m.promised.localShare)} %`}</td>
          </tr>
          <tr>
            <th scope="row">{t('trace.obligated', { count: m.obligated.obligations })}</th>
            <td>
              <Amount money={m.obligated.value} />
            </td>
            <td>—</td>
            <td>—</td>
          </tr>
          <tr>
            <th scope="row">{t('trace.achieved', { count: m.achieved.claims })}</th>
            <td>
              <Amount money={m.achieved.granted} />
              <span className="muted">
                {' '}
                {t('trace.pending')} <Amount money={m.achieved.pending} />
              </span>
            </td>
            <td>
              {t('trace.ofPlanned', {
                reached: formatNumber(m.achieved.jobsCreated),
                planned: formatNumber(m.achieved.jobsPlanned),
              })}
            </td>
            <td>
              {m.achieved.localContentReached === null
                ? '—'
                : t('trace.ofPlanned', {
                    reached: `${formatShare(m.achieved.localContentReached)} %`,
                    planned: `${formatShare(m.achieved.localContentPlanned ?? '0')} %`,
                  })}
            </td>
          </tr>
        </tbody>
      </table>
      {m.rates.length > 0 && (
        <ul className="plain-list trace-rates">
          {m.rates.map((r) => (
            <li key={`${r.from}${r.to}`}>
              {t('trace.rate', { from: r.from, to: r.to, rate: r.rate, date: formatDate(r.date), source: r.source })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Outline({ trace: g, offers }: { trace: ProgrammeTrace; offers: readonly Offer[] }) {
  const { t } = useTranslation();
  const kindText = useKindText();
  const p = g.programme;
  const offerOf = new Map(offers.map((o) => [o.id, o]));
  const projectTitle = new Map(g.projects.map((x) => [x.id, localized(x.title).text]));
  return (
    <section aria-labelledby="trace-outline">
      <h2 id="trace-outline">{t('trace.outline')}</h2>
      <ol className="trace-outline">
        <li className="trace-node">
          <RecordMarking label={p.label} compact />{' '}
          <Link to={`/programmes/${p.id}`}>
            <Bidi lang={localized(p.title).lang}>{localized(p.title).text}</Bidi>
          </Link>{' '}
          <ProgrammeStatusBadge status={p.status} />
          <ol>
            <li className="trace-node">
              <strong>{t('trace.need')}</strong> <Bidi>{p.need.capabilityGap}</Bidi>{' '}
              <span className="muted">
                {t('trace.needLine', { quantity: formatNumber(p.need.quantity), date: formatDate(p.need.requiredBy) })}{' '}
                <Amount money={p.need.budgetCeiling} />
              </span>
            </li>
            <li className="trace-node">
              <strong>{t('trace.offers', { count: g.offers.length })}</strong>
              <ol>
                {g.offers.map((o, i) => (
                  <li key={o.id} className="trace-node">
                    <Link to={`/programmes/${p.id}#offer-${o.id}`}>{t('trace.offer', { n: i + 1 })}</Link>
                    <OfferName offer={offerOf.get(o.id)} /> <Amount money={o.totalPrice} />{' '}
                    {o.contracted && <span className="badge selected">{t('trace.contracted')}</span>}
                    {!o.contracted && o.selected && <span className="badge selected">{t('trace.selected')}</span>}
                    {o.withdrawn && <span className="badge withdrawn">{t('trace.withdrawn')}</span>}{' '}
                    <span className="muted">
                      {t('trace.promise', {
                        share: formatShare(o.industrialParticipation.localShare),
                        jobs: formatNumber(o.industrialParticipation.jobs),
                      })}
                    </span>
                  </li>
                ))}
              </ol>
            </li>
            <li className="trace-node">
              {g.evaluation ? (
                <>
                  <RecordMarking label={g.evaluation.label} compact />{' '}
                  <Link to={`/programmes/${p.id}/evaluation`}>{t('trace.evaluation')}</Link>{' '}
                  <span className="muted">
                    {g.evaluation.frozenAt
                      ? t('trace.frozen', { date: formatDate(g.evaluation.frozenAt.slice(0, 10)) })
                      : t('trace.notFrozen')}
                  </span>
                </>
              ) : (
                <span className="muted">{t('trace.noEvaluation')}</span>
              )}
            </li>
            <li className="trace-node">
              {g.contract ? (
                <>
                  <Link to={`/programmes/${p.id}#contract-heading`}>{t('trace.contract')}</Link>{' '}
                  <Amount money={g.contract.value} />{' '}
                  <span className="muted">{t('trace.signed', { date: formatDate(g.contract.signedOn) })}</span>
                  {g.contract.reference && (
                    <>
                      {' '}
                      <Code>{g.contract.reference}</Code>
                    </>
                  )}
                </>
              ) : (
                <span className="muted">{t('trace.noContract')}</span>
              )}
              <ol>
                {g.obligations.length === 0 && (
                  <li className="muted trace-no-obligation">
                    {t('trace.noObligations')}
                    {g.contract && (
                      <>
                        {' · '}
                        <Link to={`/offsets?contract=${p.id}`}>{t('trace.toLedger')}</Link>
                      </>
                    )}
                  </li>
                )}
                {g.obligations.map((o) => (
                  <li key={o.id} id={`obligation-${o.id}`} className="trace-node">
                    <RecordMarking label={o.label} compact />{' '}
                    <Link to={`/offsets?contract=${p.id}`}>
                      <strong>{t('trace.obligation')}</strong>
                    </Link>{' '}
                    <Amount money={o.amount} />{' '}
                    <span className="muted">
                      {t('trace.obligationLine', {
                        percent: formatShare(o.requiredPercentage),
                        obligor: o.obligorParty,
                        beneficiary: o.beneficiaryParty,
                        date: formatDate(o.deadline),
                      })}
                    </span>
                    <div className="trace-claims">
                      <ClaimSummary summary={o.claims} />
                      <ul className="plain-list">
                        {o.byProject.map((c) => (
                          <li key={c.industrialProjectId ?? ''}>
                            {c.industrialProjectId ? (
                              <>
                                {t('trace.fromProject')}{' '}
                                <Link to={`/industry/${c.industrialProjectId}`}>
                                  <Bidi>{projectTitle.get(c.industrialProjectId) ?? ''}</Bidi>
                                </Link>
                              </>
                            ) : (
                              t('trace.fromPurchase')
                            )}
                            {' · '}
                            <ClaimSummary summary={c} />
                          </li>
                        ))}
                      </ul>
                      {o.claims.count > 0 && (
                        <ClaimList
                          // Read again, closed, for another day.
                          key={g.on}
                          programmeId={p.id}
                          on={g.on}
                          obligationId={o.id}
                          projectTitle={projectTitle}
                        />
                      )}
                    </div>
                  </li>
                ))}
              </ol>
            </li>
            <li className="trace-node">
              <strong>{t('trace.projects', { count: g.projects.length })}</strong>
              <ol>
                {g.projects.map((x) => {
                  const name = localized(x.title);
                  return (
                    <li key={x.id} className="trace-node">
                      <RecordMarking label={x.label} compact />{' '}
                      <Link to={`/industry/${x.id}`}>
                        <Bidi lang={name.lang}>{name.text}</Bidi>
                      </Link>{' '}
                      {kindText[x.kind]} <IndustrialStatusBadge status={x.status} />{' '}
                      <span className="muted">
                        {x.linked ? t('trace.linked') : t('trace.throughClaim')}
                        {' · '}
                        {t('trace.projectLine', {
                          created: formatNumber(x.jobsCreated),
                          planned: formatNumber(x.jobsPlanned),
                          reached: formatShare(x.localContentReached),
                          aimed: formatShare(x.localContentPlanned),
                        })}
                      </span>
                      {x.claims.count > 0 && (
                        <div className="trace-claims">
                          <ClaimSummary summary={x.claims} />
                        </div>
                      )}
                    </li>
                  );
                })}
              </ol>
            </li>
          </ol>
        </li>
      </ol>
    </section>
  );
}

/** Claims added up: how many, in each status, and the credit claimed, granted and pending, in the trace's currency. */
function ClaimSummary({ summary: c }: { summary: ClaimSummaryJson }) {
  const { t } = useTranslation();
  const claimText = useClaimTexts();
  const statuses = (Object.keys(claimText.status) as Claim['status'][]).filter((s) => (c.byStatus[s] ?? 0) > 0);
  return (
    <span className="trace-claim-summary">
      <strong>{t('trace.claimCount', { count: formatNumber(c.count) })}</strong>
      {statuses.map((s) => (
        <span key={s} className={`badge claim-${s}`}>
          {claimText.status[s]} {formatNumber(c.byStatus[s] ?? 0)}
        </span>
      ))}{' '}
      <span className="muted">
        {t('trace.claimed')} <Amount money={c.claimed} /> · {t('trace.granted')} <Amount money={c.granted} /> ·{' '}
        {t('trace.pending')} <Amount money={c.pending} />
      </span>
    </span>
  );
}

/** The claims of one obligation, read a page at a time when asked for: a trace adds them up, this lists them. */
function ClaimList({
  programmeId,
  on,
  obligationId,
  projectTitle,
}: {
  programmeId: string;
  on: string;
  obligationId: string;
  projectTitle: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const claimText = useClaimTexts();
  const [list, setList] = useState<{ items: Claim[]; nextCursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const more = async (cursor?: string) => {
    setBusy(true);
    try {
      const page = await traceApi.claims(programmeId, { on, obligationId, ...(cursor ? { cursor } : {}) });
      setList((was) => ({ items: [...(was?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (error) return <LoadError error={error} />;
  if (!list)
    return (
      <button type="button" className="button ghost small" disabled={busy} onClick={() => void more()}>
        {t('trace.showClaims')}
      </button>
    );
  return (
    <>
      <ol aria-label={t('trace.claimsOf')}>
        {list.items.map((c) => (
          <li key={c.id} id={`claim-${c.id}`} className={`trace-node claim-${c.status}`}>
            <RecordMarking label={c.label} compact /> {formatDate(c.claimedOn)} {claimText.category[c.category]}{' '}
            <span className="badge">{claimText.status[c.status]}</span> {t('trace.claimed')} <Amount money={c.claimedCredit} />
            {c.grantedCredit && (
              <>
                {' '}
                {t('trace.granted')} <Amount money={c.grantedCredit} />
              </>
            )}
            {c.industrialProjectId && (
              <>
                {' '}
                {t('trace.fromProject')}{' '}
                <Link to={`/industry/${c.industrialProjectId}`}>
                  <Bidi>{projectTitle.get(c.industrialProjectId) ?? ''}</Bidi>
                </Link>
              </>
            )}
          </li>
        ))}
      </ol>
      {list.nextCursor && (
        <button
          type="button"
          className="button ghost small"
          disabled={busy}
          onClick={() => void more(list.nextCursor ?? undefined)}
        >
          {t('trace.moreClaims')}
        </button>
      )}
    </>
  );
}
