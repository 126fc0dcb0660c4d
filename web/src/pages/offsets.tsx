import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CLAIM_STATUSES } from '../../../src/domain/offset.lifecycle.js';
import { type CLAIM_SOURCES, type Claim, CREDIT_CATEGORIES, type Obligation } from '../../../src/domain/offset.schema.js';
import { FIGURES, type LedgerJson } from '../../../src/domain/offset-ledger.js';
import { api } from '../api/client.js';
import { type LedgerScope, ledgerWorkbookHref, offsetApi, offsetReportHref } from '../api/offsets.js';
import { type FieldIssue, issuesAt, ProblemError } from '../api/problem.js';
import { Bidi, isolate, isolateLtr } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { Alert, Field } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { Amount, CurrencyFilter } from '../components/programme-money.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDate, locale, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { loadOffsetTexts } from '../i18n/offsets.js';
import { problemText } from '../i18n/problems.js';
import { Link, navigate } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/programme.css';

/** The statuses of a programme once its contract is signed: those whose contract may carry an offset obligation. */
const CONTRACTED = ['contracted', 'delivering', 'operational', 'closed', 'cancelled'] as const;

/**
 * The contracted programmes the reader may read, by title: the first page of each status after signature
 * (a cancelled programme only if its contract was recorded).
 */
const contractedProgrammes = async () => {
  const pages = await Promise.all(CONTRACTED.map((status) => api.programmes({ status, limit: 500 })));
  return pages.flatMap((p) => p.items).filter((p) => p.contractValue !== null);
};

/** A percentage given as a decimal string ("12.5" for 12.5 %), in the reader's language, its digits all kept. */
export const formatPercentage = (percent: string) => {
  const decimals = percent.split('.')[1]?.length ?? 0;
  return new Intl.NumberFormat(locale(), {
    style: 'percent',
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(Number(percent) / 100);
};

/** The page's module once its texts are there (for `lazy`). */
export const withTexts = () => loadOffsetTexts().then(() => ({ default: OffsetsPage }));

type Scope = { contract: string; party: string; on: string; currency: string };

/** What a write refused: the issues beside their fields, and the problem's own words when none is a field's. */
interface Refusal {
  issues: FieldIssue[];
  message: string | null;
}
const refusalOf = (err: unknown): Refusal =>
  err instanceof ProblemError && err.errors.length > 0
    ? { issues: err.errors, message: null }
    : { issues: [], message: problemText(err) };

/**
 * The offset ledger of a contract or a party as of a day, in a chosen
 * currency (all in the address), with the obligations it counts and their
 * claims; and, for the users the API allows, stating an obligation on the
 * contract, claiming credit and reviewing a claim.
 */
export default function OffsetsPage(scope: Scope) {
  const { t } = useTranslation();
  const all = useLoad(() => offsetApi.obligations({}), []);
  const programmes = useLoad(contractedProgrammes, []);
  const ledgerScope: LedgerScope = {
    contract: scope.contract || undefined,
    party: scope.contract ? undefined : scope.party || undefined,
    on: scope.on || undefined,
    currency: scope.currency || undefined,
  };
  const scoped = Boolean(ledgerScope.contract || ledgerScope.party);
  const obligations = useLoad(
    () =>
      scoped
        ? offsetApi.obligations(ledgerScope.contract ? { programmeId: ledgerScope.contract } : { party: ledgerScope.party })
        : Promise.resolve({ items: [] as Obligation[], nextCursor: null }),
    [scope.contract, scope.party],
  );
  const ledger = useLoad(
    () => (scoped ? offsetApi.ledger(ledgerScope) : Promise.resolve(null)),
    [scope.contract, scope.party, scope.on, scope.currency],
  );
  usePageLabels(obligations.data?.items ?? []);
  if (all.state === 'failed') return <LoadError error={all.error} />;
  // The contracts' titles come with the page; should they be refused, the contracts of the obligations are listed.
  if (all.state === 'loading' || programmes.state === 'loading') return <p className="muted">{t('common.loading')}</p>;

  /** The scope lives in the address, so a ledger read can be shared. */
  const go = (change: Partial<Scope>) => {
    const next = { ...scope, ...change };
    if (change.contract) next.party = '';
    if (change.party) next.contract = '';
    const params = new URLSearchParams();
    for (const k of ['contract', 'party', 'on', 'currency'] as const) if (next[k]) params.set(k, next[k]);
    const text = params.toString();
    navigate(text ? `/offsets?${text}` : '/offsets');
  };
  // Every contracted programme the reader may read, by its title, so that a contract's first obligation can be
  // stated; and those of the obligations read, should one not be among them (past the first page).
  const contracts = new Map<string, { text: string; lang: string }>(
    (programmes.data ?? []).map((p) => [p.id, localized(p.title)]),
  );
  for (const o of all.data.items) if (!contracts.has(o.programmeId)) contracts.set(o.programmeId, localized(o.title));
  if (scope.contract && !contracts.has(scope.contract)) contracts.set(scope.contract, { text: scope.contract, lang: 'en' });
  const parties = [...new Set(all.data.items.flatMap((o) => [o.obligorParty, o.beneficiaryParty]))].sort();
  const reload = () => {
    obligations.reload();
    ledger.reload();
    all.reload();
  };

  return (
    <div className="page offsets-page">
      <Breadcrumb />
      <div className="page-head section-head">
        <h1>{t('offsets.title')}</h1>
      </div>
      <div className="filters">
        <label className="filter">
          <span>{t('offsets.scope.contract')}</span>
          <select value={scope.contract} onChange={(e) => go({ contract: e.target.value })}>
            <option value="">{t('offsets.scope.allContracts')}</option>
            {[...contracts].map(([id, title]) => (
              <option key={id} value={id} lang={title.lang}>
                {title.text}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('offsets.scope.party')}</span>
          <select value={scope.contract ? '' : scope.party} onChange={(e) => go({ party: e.target.value })}>
            <option value="">{t('offsets.scope.anyParty')}</option>
            {parties.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('offsets.scope.on')}</span>
          <input type="date" value={scope.on} onChange={(e) => go({ on: e.target.value })} />
        </label>
        <CurrencyFilter
          label={t('offsets.scope.currency')}
          any={t('offsets.scope.own')}
          value={scope.currency}
          onChange={(currency) => go({ currency })}
        />
      </div>
      {all.data.items.length === 0 && !scope.contract ? (
        <p className="muted">{t('offsets.none')}</p>
      ) : !scoped ? (
        <p className="muted">{t('offsets.pick')}</p>
      ) : (
        <>
          <p className="offsets-links">
            <a href={ledgerWorkbookHref(ledgerScope, currentLanguage())} download>
              {t('offsets.workbook')}
            </a>
            {ledgerScope.contract && (
              <>
                {' · '}
                <a href={offsetReportHref(ledgerScope.contract, currentLanguage(), ledgerScope)} download>
                  {t('offsets.report')}
                </a>
                {' · '}
                <Link to={`/programmes/${ledgerScope.contract}/trace`}>{t('offsets.trace')}</Link>
                {' · '}
                <Link to={`/programmes/${ledgerScope.contract}`}>{t('offsets.programme')}</Link>
              </>
            )}
          </p>
          {obligations.state === 'ready' && obligations.data.items.length === 0 ? (
            // Nothing to count: no ledger, rather than its refusal to pick a currency for nothing.
            <p className="muted">{t('offsets.none')}</p>
          ) : ledger.state === 'failed' ? (
            <LoadError error={ledger.error} />
          ) : ledger.state === 'ready' && ledger.data ? (
            <LedgerTable ledger={ledger.data} obligations={obligations.data?.items ?? []} />
          ) : (
            <p className="muted">{t('common.loading')}</p>
          )}
          {obligations.state === 'failed' ? (
            <LoadError error={obligations.error} />
          ) : obligations.state === 'ready' && obligations.data.items.length > 0 ? (
            <>
              <h2>{t('offsets.obligations')}</h2>
              {obligations.data.items.map((o) => (
                <ObligationPanel key={o.id} obligation={o} on={scope.on} onChanged={reload} />
              ))}
            </>
          ) : null}
          {ledgerScope.contract && <StateObligation programmeId={ledgerScope.contract} onStated={reload} />}
        </>
      )}
    </div>
  );
}

function LedgerTable({ ledger, obligations }: { ledger: LedgerJson; obligations: Obligation[] }) {
  const { t } = useTranslation();
  const titleOf = new Map(obligations.map((o) => [o.id, localized(o.title)]));
  return (
    <section aria-labelledby="offset-ledger-title">
      <h2 id="offset-ledger-title">{t('offsets.ledger', { date: formatDate(ledger.on) })}</h2>
      <ScrollTable
        label={t('offsets.ledger', { date: formatDate(ledger.on) })}
        className="programmes-scroll"
        tableClassName="programmes-table offset-ledger"
        columns={[t('offsets.lineTitle'), ...FIGURES.map((f) => t(`offsets.figure.${f}`))]}
      >
        {ledger.lines.map((line) => {
          const title = titleOf.get(line.obligationId);
          return (
            <tr key={line.obligationId}>
              <td>
                <Bidi lang={title?.lang}>{title?.text ?? `${line.obligorParty} → ${line.beneficiaryParty}`}</Bidi>
                {line.rate && (
                  <div className="muted">
                    {t('offsets.rate', {
                      rate: `${line.rate.from}/${line.rate.to} ${line.rate.rate}`,
                      date: formatDate(line.rate.date),
                    })}
                  </div>
                )}
              </td>
              {FIGURES.map((f) => (
                <td key={f} className="number" data-figure={f}>
                  <Amount money={line[f]} />
                </td>
              ))}
            </tr>
          );
        })}
        <tr className="total">
          <th scope="row">{t('offsets.total')}</th>
          {FIGURES.map((f) => (
            <td key={f} className="number" data-figure={f}>
              <Amount money={ledger.totals[f]} />
            </td>
          ))}
        </tr>
      </ScrollTable>
    </section>
  );
}

function ObligationPanel({ obligation: o, on, onChanged }: { obligation: Obligation; on: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const claims = useLoad(() => offsetApi.claims(o.id), [o.id, o.version]);
  const title = localized(o.title);
  const mayClaim = user.party === o.obligorParty && user.roles.some((r) => r === 'planner' || r === 'contributor');
  const changed = () => {
    claims.reload();
    onChanged();
  };
  return (
    <section className="offset-obligation panel" aria-label={title.text}>
      <h3>
        <RecordMarking label={o} compact /> <Bidi lang={title.lang}>{title.text}</Bidi>
      </h3>
      <p>
        {t('offsets.owes', { obligor: isolateLtr(o.obligorParty), beneficiary: isolateLtr(o.beneficiaryParty) })} ·{' '}
        {t('offsets.terms', {
          required: isolate(formatPercentage(o.requiredPercentage)),
          deadline: isolate(formatDate(o.deadline)),
          penalty: isolate(formatPercentage(o.penaltyPercentage)),
        })}{' '}
        · {t('offsets.figure.obligation')} <Amount money={o.amount} />
      </p>
      <p className="muted">
        {t('offsets.multipliers', {
          list: o.multipliers.map((m) => `${t(`offsets.category.${m.category}`)} × ${m.multiplier}`).join(' · '),
        })}
      </p>
      <h4>{t('offsets.claims')}</h4>
      {/* The claims API answers them as they stand today: said, when the ledger above is read as of another day. */}
      {on && on !== today() && <p className="muted claims-as-of">{t('offsets.claimsToday', { date: formatDate(on) })}</p>}
      {claims.state === 'failed' ? (
        <LoadError error={claims.error} />
      ) : claims.state === 'loading' ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <ScrollTable
          label={t('offsets.claims')}
          empty={claims.data.items.length === 0 && t('offsets.noClaims')}
          className="programmes-scroll"
          tableClassName="programmes-table offset-claims"
          columns={[
            t('offsets.col.claimedOn'),
            t('offsets.col.category'),
            t('offsets.col.source'),
            t('offsets.col.value'),
            t('offsets.col.claimed'),
            t('offsets.col.granted'),
            t('offsets.col.status'),
            t('offsets.col.evidence'),
            t('offsets.review.title'),
          ]}
        >
          {claims.data.items.map((c) => (
            <ClaimRow key={`${c.id}-${c.version}`} claim={c} obligation={o} onMoved={changed} />
          ))}
        </ScrollTable>
      )}
      {mayClaim && <ClaimForm obligation={o} onClaimed={changed} />}
    </section>
  );
}

/** Today in the reader's calendar, as the API writes days. */
const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function ClaimRow({ claim: c, obligation: o, onMoved }: { claim: Claim; obligation: Obligation; onMoved: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const final = c.status === 'granted' || c.status === 'refused';
  const mayReview = !final && user.party === o.beneficiaryParty && user.roles.includes('planner') && c.claimedBy !== user.id;
  const reason = c.status === 'refused' ? c.history.at(-1)?.reason : null;
  return (
    <tr data-claim={c.id}>
      <td>
        <RecordMarking label={c} compact /> {formatDate(c.claimedOn)}
      </td>
      <td>
        {t(`offsets.category.${c.category}`)} × <Bidi>{c.multiplier}</Bidi>
      </td>
      <td>
        {c.source === 'purchase' ? (
          t('offsets.purchase')
        ) : (
          <Link to={`/industry/${c.industrialProjectId}`}>{t('offsets.project')}</Link>
        )}
      </td>
      <td className="number">
        <Amount money={c.value} />
      </td>
      <td className="number">
        <Amount money={c.claimedCredit} />
      </td>
      <td className="number">{c.grantedCredit ? <Amount money={c.grantedCredit} /> : '—'}</td>
      <td>
        <span className={`badge claim-${c.status}`}>{t(`offsets.status.${c.status}`)}</span>
      </td>
      <td>
        <Bidi>{c.evidence}</Bidi>
        {reason && <div className="muted">{t('offsets.refusedBecause', { reason })}</div>}
      </td>
      <td>{mayReview && <ReviewForm claim={c} onMoved={onMoved} />}</td>
    </tr>
  );
}

function ReviewForm({ claim: c, onMoved }: { claim: Claim; onMoved: () => void }) {
  const { t } = useTranslation();
  const [accepted, setAccepted] = useState(c.value.amount);
  const [reason, setReason] = useState('');
  const [refusal, setRefusal] = useState<Refusal>({ issues: [], message: null });
  const [busy, setBusy] = useState(false);
  const move = async (to: (typeof CLAIM_STATUSES)[number]) => {
    setBusy(true);
    try {
      await offsetApi.moveClaim(c.id, {
        to,
        version: c.version,
        ...(to === 'granted' ? { acceptedValue: accepted } : {}),
        ...(to === 'refused' && reason.trim() ? { reason } : {}),
      });
      setRefusal({ issues: [], message: null });
      onMoved();
    } catch (err) {
      setRefusal(refusalOf(err));
    } finally {
      setBusy(false);
    }
  };
  if (c.status === 'claimed')
    return (
      <div className="offset-review">
        {refusal.message && <Alert kind="error">{refusal.message}</Alert>}
        <button type="button" className="button" disabled={busy} onClick={() => move('under_review')}>
          {t('offsets.review.start')}
        </button>
      </div>
    );
  return (
    <div className="offset-review">
      {refusal.message && <Alert kind="error">{refusal.message}</Alert>}
      <Field
        label={t('offsets.review.acceptedValue', { currency: c.value.currency })}
        errors={issuesAt(refusal.issues, 'acceptedValue')}
      >
        {(p) => (
          <input
            {...p}
            inputMode="decimal"
            dir="ltr"
            value={accepted}
            onChange={(e) => setAccepted(e.target.value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))}
          />
        )}
      </Field>
      <button type="button" className="button" disabled={busy} onClick={() => move('granted')}>
        {t('offsets.review.grant')}
      </button>
      <Field label={t('offsets.review.reason')} errors={issuesAt(refusal.issues, 'reason')}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="button" className="button" disabled={busy} onClick={() => move('refused')}>
        {t('offsets.review.refuse')}
      </button>
    </div>
  );
}

function ClaimForm({ obligation: o, onClaimed }: { obligation: Obligation; onClaimed: () => void }) {
  const { t } = useTranslation();
  const projects = useLoad(() => api.industrialProjects({ programmeId: o.programmeId, limit: 500 }), [o.programmeId]);
  const [source, setSource] = useState<(typeof CLAIM_SOURCES)[number]>('purchase');
  const [projectId, setProjectId] = useState('');
  const [category, setCategory] = useState(o.multipliers[0]?.category ?? CREDIT_CATEGORIES[0]);
  const [amount, setAmount] = useState('');
  const [evidence, setEvidence] = useState('');
  const [claimedOn, setClaimedOn] = useState('');
  const [refusal, setRefusal] = useState<Refusal>({ issues: [], message: null });
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await offsetApi.createClaim(o.id, {
        source,
        industrialProjectId: source === 'industrial_project' ? projectId || null : null,
        category,
        value: { amount, currency: o.amount.currency },
        evidence,
        description: null,
        ...(claimedOn ? { claimedOn } : {}),
      });
      setRefusal({ issues: [], message: null });
      setAmount('');
      setEvidence('');
      setDone(true);
      onClaimed();
    } catch (err) {
      setDone(false);
      setRefusal(refusalOf(err));
    }
  };
  const at = (path: string) => issuesAt(refusal.issues, path);
  return (
    <form className="offset-claim-form form" onSubmit={submit} noValidate>
      <h4>{t('offsets.claim.title')}</h4>
      {refusal.message && <Alert kind="error">{refusal.message}</Alert>}
      {done && <Alert kind="success">{t('offsets.claim.done')}</Alert>}
      <Field label={t('offsets.claim.source')} errors={at('source')}>
        {(p) => (
          <select {...p} value={source} onChange={(e) => setSource(e.target.value as typeof source)}>
            <option value="purchase">{t('offsets.purchase')}</option>
            <option value="industrial_project">{t('offsets.project')}</option>
          </select>
        )}
      </Field>
      {source === 'industrial_project' && (
        <Field label={t('offsets.claim.project')} errors={at('industrialProjectId')}>
          {(p) => (
            <select {...p} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              <option value="" />
              {(projects.data?.items ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {localized(x.title).text}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('offsets.claim.category')} errors={at('category')}>
        {(p) => (
          <select {...p} value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
            {CREDIT_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`offsets.category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('offsets.claim.value', { currency: o.amount.currency })} errors={at('value')}>
        {(p) => (
          <input
            {...p}
            inputMode="decimal"
            dir="ltr"
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.'))}
          />
        )}
      </Field>
      <Field label={t('offsets.claim.evidence')} errors={at('evidence')}>
        {(p) => <textarea {...p} rows={3} value={evidence} onChange={(e) => setEvidence(e.target.value)} />}
      </Field>
      <Field label={t('offsets.claim.claimedOn')} errors={at('claimedOn')}>
        {(p) => <input {...p} type="date" value={claimedOn} onChange={(e) => setClaimedOn(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary">
        {t('offsets.claim.submit')}
      </button>
    </form>
  );
}

function StateObligation({ programmeId, onStated }: { programmeId: string; onStated: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const programme = useLoad(() => api.programme(programmeId), [programmeId]);
  const [obligor, setObligor] = useState('');
  const [required, setRequired] = useState('');
  const [deadline, setDeadline] = useState('');
  const [penalty, setPenalty] = useState('0');
  const [multipliers, setMultipliers] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<Refusal>({ issues: [], message: null });
  const [done, setDone] = useState(false);
  // The categories sent, in order: the API names a multiplier's problem by its place in that list.
  const [sent, setSent] = useState<string[]>([]);
  const p = programme.data;
  // The API says who may: a planner of the party that owns the programme, once its contract is recorded.
  if (!p?.contract || p.ownerParty !== user.party || !user.roles.includes('planner')) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const table = CREDIT_CATEGORIES.flatMap((category) =>
      multipliers[category]?.trim() ? [{ category, multiplier: (multipliers[category] ?? '').trim() }] : [],
    );
    setSent(table.map((m) => m.category));
    try {
      await offsetApi.createObligation({
        programmeId,
        obligorParty: obligor,
        beneficiaryParty: user.party,
        requiredPercentage: required,
        deadline,
        penaltyPercentage: penalty,
        multipliers: table,
      });
      setRefusal({ issues: [], message: null });
      setDone(true);
      onStated();
    } catch (err) {
      setDone(false);
      setRefusal(refusalOf(err));
    }
  };
  const at = (path: string) => issuesAt(refusal.issues, path);
  return (
    <details className="offset-obligation-details" open={refusal.message !== null || refusal.issues.length > 0 || done}>
      <summary>{t('offsets.state.title')}</summary>
      <form className="offset-obligation-form form panel" onSubmit={submit} noValidate>
        {refusal.message && <Alert kind="error">{refusal.message}</Alert>}
        {done && <Alert kind="success">{t('offsets.state.done')}</Alert>}
        <Field label={t('offsets.state.obligor')} errors={at('obligorParty')}>
          {(f) => <input {...f} dir="ltr" value={obligor} onChange={(e) => setObligor(e.target.value.toUpperCase())} />}
        </Field>
        <Field label={t('offsets.state.required')} errors={at('requiredPercentage')}>
          {(f) => <input {...f} inputMode="decimal" dir="ltr" value={required} onChange={(e) => setRequired(e.target.value)} />}
        </Field>
        <Field label={t('offsets.state.deadline')} errors={at('deadline')}>
          {(f) => <input {...f} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />}
        </Field>
        <Field label={t('offsets.state.penalty')} errors={at('penaltyPercentage')}>
          {(f) => <input {...f} inputMode="decimal" dir="ltr" value={penalty} onChange={(e) => setPenalty(e.target.value)} />}
        </Field>
        {CREDIT_CATEGORIES.map((category, i) => (
          <Field
            key={category}
            label={t('offsets.state.multiplier', { category: t(`offsets.category.${category}`) })}
            hint={t('offsets.state.multiplierHint')}
            errors={
              sent.includes(category)
                ? at(`multipliers.${sent.indexOf(category)}`)
                : // A problem of the table as a whole (none given, a category twice) is said under the first.
                  i === 0
                  ? issuesAt(
                      refusal.issues.filter((x) => x.path === 'multipliers'),
                      'multipliers',
                    )
                  : []
            }
          >
            {(f) => (
              <input
                {...f}
                inputMode="decimal"
                dir="ltr"
                value={multipliers[category] ?? ''}
                onChange={(e) => setMultipliers({ ...multipliers, [category]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <button type="submit" className="button primary">
          {t('offsets.state.submit')}
        </button>
      </form>
    </details>
  );
}
