import { readFileSync } from 'node:fs';
import { createInstance } from 'i18next';
import { renderToStaticMarkup } from 'react-dom/server';
import type { OffsetReportDocument } from '../app/offset-report.usecases.js';
import type { DocumentLanguage } from '../domain/document.model.js';
import type { Claim } from '../domain/offset.schema.js';
import { FIGURES } from '../domain/offset-ledger.js';
import { type Figures, figures } from './number-format.js';
import { Bidi, type Ctx, context, DataTable, Frame, Portion, Sentence } from './render.js';

// The industrial-participation report of a contract: what the selected offer
// promised, the obligations the contract lays, the ledger as of a day, the
// claims with their status and the industrial projects linked, in the frame,
// marking and direction of the other documents.

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const LANGS = ['fr', 'en', 'ar', 'he'] as const;
const resources = Object.fromEntries(
  LANGS.map((lng) => [lng, { translation: { ...read(`./i18n/${lng}.json`), offset: read(`./i18n/offset-report/${lng}.json`) } }]),
);

type ReportCtx = Ctx & { figures: Figures };

/**
 * The shared document context, its texts joined by this report's own (under
 * `offset.`), its figures with the decimals each has.
 */
function offsetContext(lang: DocumentLanguage): ReportCtx {
  const i18n = createInstance({ lng: lang, fallbackLng: 'en', resources, interpolation: { escapeValue: false } });
  void i18n.init();
  const f = figures(lang);
  return {
    ...context(lang),
    t: i18n.t,
    num: (x) => f.number(x),
    figures: f,
  };
}

type MoneyOut = { amount: string; currency: string };

// Figures and statuses are kept on one line; a claim's evidence has a row of its own under its figures.
const REPORT_CSS =
  'td.nowrap { white-space: nowrap; } table.claims { font-size: 7.5pt; width: 100%; } tbody.claim { break-inside: avoid; } tr.evidence td { color: #52606d; border-top: none; }';

function Body({ c, doc }: { c: ReportCtx; doc: OffsetReportDocument }) {
  const t = (k: string, v?: Record<string, unknown>) => c.t(`offset.${k}`, v ?? {});
  const money = (m: MoneyOut | null) => <Bidi ltr>{c.figures.money(m)}</Bidi>;
  const percent = (x: string | number) => <Bidi ltr>{c.figures.percent(x)}</Bidi>;
  const p = doc.programme;
  const offer = doc.selectedOffer;
  const projectTitle = new Map(doc.projects.map((x) => [x.id, x.title]));
  const claimSource = (cl: Claim) => {
    if (cl.source === 'purchase') return t('purchase');
    const title = cl.industrialProjectId ? projectTitle.get(cl.industrialProjectId) : undefined;
    return title ? <Bidi>{c.text(title)}</Bidi> : t('hiddenProject');
  };
  const obligationTitle = new Map(doc.obligations.map((o) => [o.obligation.id, o.obligation.title]));
  return (
    <Frame c={c} doc={doc} title={t('title')} name={p.title} subtitle={[t('asOf', { date: c.date(doc.on) })]}>
      <style>{REPORT_CSS}</style>
      <h2>{t('section.contract')}</h2>
      <p>
        {p.contract ? (
          <Sentence
            c={c}
            k="offset.contractLine"
            values={{
              date: c.date(p.contract.signedOn),
              reference: p.contract.reference ?? '—',
              value: c.figures.money(p.contract.value),
            }}
            ltr={['reference', 'value']}
          />
        ) : (
          t('noContract')
        )}
      </p>
      <h2>{t('section.promised')}</h2>
      {offer ? (
        <table className="promised">
          <tbody>
            <tr>
              <th>{t('localShare')}</th>
              <td className="num">{percent(offer.industrialParticipation.localShare)}</td>
            </tr>
            <tr>
              <th>{t('jobs')}</th>
              <td className="num">{c.num(offer.industrialParticipation.jobs)}</td>
            </tr>
            <tr>
              <th>{t('sites')}</th>
              <td>
                {offer.industrialParticipation.sites.length === 0
                  ? '—'
                  : offer.industrialParticipation.sites.map((s, i) => (
                      <span key={s}>
                        {i > 0 && ' · '}
                        <Bidi>{s}</Bidi>
                      </span>
                    ))}
              </td>
            </tr>
            <tr>
              <th>{t('technologyTransfer')}</th>
              <td>
                <Bidi>{offer.industrialParticipation.technologyTransfer ?? '—'}</Bidi>
              </td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p>{t('noOffer')}</p>
      )}
      <h2>{t('section.obligations')}</h2>
      <DataTable
        c={c}
        rows={doc.obligations.map((o) => o.obligation)}
        columns={[
          {
            head: t('obligation'),
            cell: (o) => (
              <>
                <Portion c={c} label={o} /> <Bidi>{c.text(o.title)}</Bidi>
              </>
            ),
          },
          { head: t('parties'), cell: (o) => <Bidi ltr>{`${o.obligorParty} → ${o.beneficiaryParty}`}</Bidi> },
          { head: t('required'), cell: (o) => percent(o.requiredPercentage), className: 'num' },
          { head: t('amount'), cell: (o) => money(o.amount), className: 'num' },
          { head: t('arisesOn'), cell: (o) => c.date(o.arisesOn) },
          { head: t('deadline'), cell: (o) => c.date(o.deadline) },
          { head: t('penalty'), cell: (o) => percent(o.penaltyPercentage), className: 'num' },
          {
            head: t('multipliers'),
            cell: (o) =>
              o.multipliers.map((m) => `${t(`categories.${m.category}`)} × ${c.figures.number(m.multiplier)}`).join(' · '),
          },
        ]}
      />
      <h2>{`${t('section.ledger')} — ${t('asOf', { date: c.date(doc.on) })}`}</h2>
      {doc.ledger ? (
        // A row per figure and a column per obligation, then the total: it fits the page whatever the figures.
        <table className="ledger">
          <thead>
            <tr>
              <th />
              {doc.ledger.lines.map((line) => (
                <th key={line.obligationId}>
                  <Bidi>{c.text(obligationTitle.get(line.obligationId) ?? {})}</Bidi>
                  {line.rate && (
                    <div className="muted">
                      <Sentence
                        c={c}
                        k="offset.rate"
                        values={{ rate: `${line.rate.from}/${line.rate.to} ${line.rate.rate}`, date: c.date(line.rate.date) }}
                        ltr={['rate']}
                      />
                    </div>
                  )}
                </th>
              ))}
              {doc.ledger.lines.length > 1 && <th>{t('total')}</th>}
            </tr>
          </thead>
          <tbody>
            {FIGURES.map((f) => (
              <tr key={f}>
                <th>{t(`figure.${f}`)}</th>
                {doc.ledger?.lines.map((line) => (
                  <td key={line.obligationId} className="num nowrap">
                    {money(line[f])}
                  </td>
                ))}
                {(doc.ledger?.lines.length ?? 0) > 1 && <td className="num nowrap">{money(doc.ledger?.totals[f] ?? null)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{c.t('none')}</p>
      )}
      <h2>{t('section.claims')}</h2>
      {doc.obligations.map(({ obligation, claims }) => (
        <section key={obligation.id}>
          {doc.obligations.length > 1 && (
            <h3>
              <Bidi>{c.text(obligation.title)}</Bidi>
            </h3>
          )}
          {claims.length === 0 ? (
            <p>{t('noClaims')}</p>
          ) : (
            <table className="claims">
              <thead>
                <tr>
                  {[
                    t('claimedOn'),
                    t('category'),
                    t('source'),
                    t('value'),
                    t('claimedCredit'),
                    t('grantedCredit'),
                    t('status'),
                  ].map((head) => (
                    <th key={head}>{head}</th>
                  ))}
                </tr>
              </thead>
              {claims.map((cl) => {
                const reason = cl.status === 'refused' ? cl.history.at(-1)?.reason : null;
                return (
                  <tbody key={cl.id} className="claim">
                    <tr>
                      <td>
                        <Portion c={c} label={cl} /> {c.date(cl.claimedOn)}
                      </td>
                      <td>{`${t(`categories.${cl.category}`)} × ${c.figures.number(cl.multiplier)}`}</td>
                      <td>{claimSource(cl)}</td>
                      <td className="num">{money(cl.value)}</td>
                      <td className="num">{money(cl.claimedCredit)}</td>
                      <td className="num">{money(cl.grantedCredit)}</td>
                      <td className="nowrap">{t(`statuses.${cl.status}`)}</td>
                    </tr>
                    <tr className="evidence">
                      <td colSpan={7}>
                        {t('evidence')} : <Bidi>{cl.evidence}</Bidi>
                        {reason && (
                          <div>
                            {t('reason')} : <Bidi>{reason}</Bidi>
                          </div>
                        )}
                      </td>
                    </tr>
                  </tbody>
                );
              })}
            </table>
          )}
        </section>
      ))}
      {doc.obligations.length === 0 && <p>{c.t('none')}</p>}
      <h2>{t('section.projects')}</h2>
      <DataTable
        c={c}
        rows={doc.projects}
        columns={[
          {
            head: t('project'),
            cell: (x) => (
              <>
                <Portion c={c} label={x} /> <Bidi>{c.text(x.title)}</Bidi>
              </>
            ),
          },
          { head: t('kind'), cell: (x) => t(`projectKinds.${x.kind}`) },
          { head: t('status'), cell: (x) => t(`projectStatuses.${x.status}`) },
          { head: t('jobs'), cell: (x) => t('jobsLine', { created: c.num(x.jobsCreated), planned: c.num(x.jobsPlanned) }) },
          {
            head: t('localContent'),
            cell: (x) =>
              t('percentLine', {
                reached: c.figures.percent(x.localContentReached),
                planned: c.figures.percent(x.localContentPlanned),
              }),
          },
        ]}
      />
    </Frame>
  );
}

/** The industrial-participation report as a self-contained HTML page, in its language and direction. */
export function renderOffsetReportHtml(doc: OffsetReportDocument, lang: DocumentLanguage): string {
  return `<!doctype html>${renderToStaticMarkup(<Body c={offsetContext(lang)} doc={doc} />)}`;
}
