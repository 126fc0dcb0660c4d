import { readFileSync } from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Activity } from '../domain/activity.schema.js';
import { agendaTitleMessage } from '../domain/agenda.js';
import type { LocalizedText } from '../domain/common.schema.js';
import type { CurvePoint } from '../domain/curve.js';
import type {
  DocumentHead,
  DocumentLanguage,
  JointPlanDocument,
  MinutesDocument,
  PlanDocument,
  ReportDocument,
  Signature,
} from '../domain/document.model.js';
import { type Label, levelOf } from '../domain/labels.js';
import { releaseList } from '../domain/marking.js';
import { quarterOf } from '../domain/period.js';
import type { ActionItem, AgendaItem } from '../domain/session.schema.js';
import { curveLines, rateBars } from './charts.js';
import { DOCUMENT_LOCALES } from './number-format.js';

const resources = Object.fromEntries(
  (['fr', 'en', 'ar', 'he'] as const).map((lng) => [
    lng,
    { translation: JSON.parse(readFileSync(new URL(`./i18n/${lng}.json`, import.meta.url), 'utf8')) as Record<string, unknown> },
  ]),
);

export const isRtl = (lang: DocumentLanguage) => lang === 'ar' || lang === 'he';

export interface Ctx {
  t: TFunction;
  lang: DocumentLanguage;
  date: (iso: string | null) => string;
  monthYear: (iso: string) => string;
  pct: (x: number | null) => string;
  num: (x: number) => string;
  text: (t: LocalizedText | Record<string, string>) => string;
  /** The same text with the language it is written in, for its `lang` attribute. */
  localized: (t: LocalizedText | Record<string, string>) => { text: string; lang: string };
}

export function context(lang: DocumentLanguage): Ctx {
  const i18n = createInstance({ lng: lang, fallbackLng: 'en', resources, interpolation: { escapeValue: false } });
  void i18n.init();
  // The regional variant the web uses for the same language: a printed figure or date reads as on the screen.
  const locale = DOCUMENT_LOCALES[lang];
  const dateFormat = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthYearFormat = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const pctFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const numFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  // Formatters are built once per document: building one costs more than formatting a thousand rows.
  return {
    t: i18n.t,
    lang,
    date: (iso) => (iso ? dateFormat.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)) : '—'),
    monthYear: (iso) => monthYearFormat.format(new Date(`${iso}T00:00:00Z`)),
    pct: (x) => (x === null ? '—' : pctFormat.format(x)),
    num: (x) => numFormat.format(x),
    // Text in the document's language when written in it, else the first written.
    text: (t) => localizedText(t, lang).text,
    localized: (t) => localizedText(t, lang),
  };
}

function localizedText(t: LocalizedText | Record<string, string>, lang: DocumentLanguage) {
  const texts = t as Record<string, string | undefined>;
  for (const l of [lang, 'fr', 'en', ...Object.keys(texts)]) {
    const text = texts[l];
    if (text) return { text, lang: l };
  }
  return { text: '', lang };
}

/**
 * A value written by a user or made by the system (a name, a place, a date, a
 * reference code) in a directional isolate: "2026-DOC-01" or a French title
 * keeps its own order on an Arabic or Hebrew page and does not pull the words
 * around it. Its direction is that of its first strong letter (`ltr` for codes
 * and hashes, which are written left to right whatever they hold). An element
 * rather than the isolate characters, so that text copied from the PDF is the
 * value and nothing else.
 */
export function Bidi({ children, ltr, lang }: { children: ReactNode; ltr?: boolean; lang?: string }) {
  return (
    <bdi dir={ltr ? 'ltr' : 'auto'} lang={lang}>
      {children}
    </bdi>
  );
}

/** A translated sentence whose text values are each set in an isolate ({@link Bidi}); `ltr` names those written left to right. */
export function Sentence({
  c,
  k,
  values,
  ltr = [],
}: {
  c: Ctx;
  k: string;
  values: Record<string, string | number>;
  ltr?: string[];
}) {
  // Numbers read the same in either direction and stay in the sentence as they are.
  const marks = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, typeof value === 'number' ? value : `\u0000${name}\u0000`]),
  );
  const parts = c.t(k, marks).split('\u0000');
  // Odd parts are the names of values, even parts the words between them.
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 0 ? (
          part
        ) : (
          <Bidi key={part} ltr={ltr.includes(part)}>
            {values[part]}
          </Bidi>
        ),
      )}
    </>
  );
}

/** Text in the document's language when written in it, else the first written, marked with its language and direction. */
function Localized({ c, text }: { c: Ctx; text: LocalizedText | Record<string, string> }) {
  const t = c.localized(text);
  return <Bidi lang={t.lang === c.lang ? undefined : t.lang}>{t.text}</Bidi>;
}

/** The marking in the document's language, as classified documents print it. */
export function markingLine(doc: DocumentHead, lang: DocumentLanguage): string {
  const { t } = context(lang);
  const m = doc.marking;
  const comps = m.compartments.length ? ` // ${m.compartments.join('/')}` : '';
  const rel = m.releasableTo.length ? ` // ${t('relTo')} ${m.releasableTo.join(', ')}` : '';
  return `${t(`level.${m.classification}`)}${comps}${rel}`;
}

/**
 * The portion marking of one record, in the document's language, leading its
 * row or heading: `(SECRET // REL TO MAR, ISR)`; isolated, so that on an
 * Arabic or Hebrew page the codes in it keep their order.
 */
export function Portion({ c, label }: { c: Ctx; label: Label }) {
  const comps = label.compartments.length ? ` // ${label.compartments.join('/')}` : '';
  const text = `(${c.t(`level.${label.classification}`)}${comps} // ${c.t('relTo')} ${releaseList(label).join(', ')})`;
  return (
    <bdi dir="auto" className={`portion level-${label.classification}`}>
      {text}
    </bdi>
  );
}

/** Each party's own name of the document's level, from the commission's equivalence table. */
function nationalEquivalents(doc: DocumentHead): ReactNode {
  const level = levelOf(doc.marking.classification);
  return Object.entries(doc.ladder)
    .map(([party, ladder]) => {
      // A party without that level reads the record at its next level up.
      const name = ladder.slice(level).find((l) => l);
      return name ? `${party}: ${name}` : null;
    })
    .filter((entry) => entry !== null)
    .map((entry, i) => (
      <span key={entry}>
        {i > 0 && ' · '}
        <Bidi>{entry}</Bidi>
      </span>
    ));
}

/** A CSS string literal: quotes, backslashes and line ends escaped, and `<` so it cannot close the style element. */
const cssString = (text: string) => `"${text.replace(/[\\"<\n]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;

/**
 * The classification marking at the top and bottom of every printed page and
 * the page number under it, as page margin boxes: Chromium prints them with
 * the page, and a reader who prints the HTML version gets them as well.
 */
function pageMarkingCss(marking: string): string {
  const box =
    "font-family: 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans Hebrew', sans-serif; font-size: 7pt; font-weight: 700; letter-spacing: .05em; color: #1f2933;";
  return `@page {
  @top-center { content: ${cssString(marking)}; ${box} }
  @bottom-center { content: ${cssString(marking)} "\\A" counter(page) " / " counter(pages); white-space: pre; ${box} }
}`;
}

const periodText = (c: Ctx, a: Activity): ReactNode => {
  const p = a.plannedPeriod;
  if (p.precision === 'quarter') {
    const [year, q] = quarterOf(p.start).split('-Q');
    return c.t('quarter', { q, year });
  }
  if (p.precision === 'month') return c.monthYear(p.start);
  return p.start === p.end ? c.date(p.start) : <DateSpan c={c} from={p.start} to={p.end} />;
};

/** Two dates, each kept whole: "15 June 2026 – 17 June 2026" in any direction. */
const DateSpan = ({ c, from, to }: { c: Ctx; from: string; to: string }) => (
  <>
    <Bidi>{c.date(from)}</Bidi> – <Bidi>{c.date(to)}</Bidi>
  </>
);

/**
 * The title of an agenda item in the document's language: a carried-forward
 * item's sentence is built from its facts, with the free text as typed kept
 * in a directional isolate so it reads right in either direction.
 */
function agendaTitle(c: Ctx, item: Pick<AgendaItem, 'title' | 'reference'>): ReactNode {
  const message = agendaTitleMessage(item, (iso) => c.date(iso));
  if (!message) return <Bidi>{item.title}</Bidi>;
  return <Sentence c={c} k={message.key} values={message.values} ltr={['refCode']} />;
}

export function Frame({
  c,
  doc,
  title,
  name,
  subtitle,
  children,
}: {
  c: Ctx;
  doc: DocumentHead;
  /** What the document is ("Work plan"), followed by the name of what it is about. */
  title: string;
  name: LocalizedText | string;
  /** Facts about it, each kept whole in its own isolate and joined by a dot. */
  subtitle: ReactNode[];
  children: ReactNode;
}) {
  const named = typeof name === 'string' ? { text: name, lang: c.lang } : c.localized(name);
  return (
    <html lang={c.lang} dir={isRtl(c.lang) ? 'rtl' : 'ltr'}>
      <head>
        <meta charSet="utf-8" />
        <title>{`${title} — ${named.text}`}</title>
        <style>{CSS}</style>
        <style>{pageMarkingCss(markingLine(doc, c.lang))}</style>
      </head>
      <body>
        <header className="doc-head">
          <div className="marking-block">{markingLine(doc, c.lang)}</div>
          <div className="equivalents">{nationalEquivalents(doc)}</div>
          <h1>
            {title} — <Bidi lang={named.lang === c.lang ? undefined : named.lang}>{named.text}</Bidi>
          </h1>
          <p className="subtitle">
            {subtitle
              .filter((part) => part !== null)
              .map((part, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the parts are fixed in number and order
                <span key={i}>
                  {i > 0 && ' · '}
                  <Bidi>{part}</Bidi>
                </span>
              ))}
          </p>
          <p className="generated">
            <Sentence c={c} k="generated" values={{ date: c.date(doc.generatedAt), name: doc.generatedBy }} />
          </p>
        </header>
        {children}
      </body>
    </html>
  );
}

function Signatures({ c, parties, approvals }: { c: Ctx; parties: string[]; approvals: Signature[] }) {
  return (
    <table className="signatures">
      <thead>
        <tr>
          <th>{c.t('field.party')}</th>
          <th>{c.t('field.approvedBy')}</th>
          <th>{c.t('field.approvedOn')}</th>
          <th>{c.t('field.signature')}</th>
        </tr>
      </thead>
      <tbody>
        {parties.map((party) => {
          const a = approvals.find((x) => x.party === party);
          return (
            <tr key={party}>
              <td>
                <Bidi ltr>{party}</Bidi>
              </td>
              <td>{a ? <Bidi>{a.name ?? c.t('otherPartyUser', { party })}</Bidi> : c.t('awaiting')}</td>
              <td>{a ? c.date(a.at) : '—'}</td>
              <td className="sign-box" />
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface Column<T> {
  head: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

/** A table of rows, or "None." when there are none. */
// A static document: rows are rendered once and never reordered, so the index is a fine key.
/** A chart, as the SVG that echarts drew from the document's numbers and the catalogue's labels. */
export function Chart({ svg }: { svg: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the SVG is echarts' drawing of numbers and fixed labels, no reader's text
  return <div className="chart" dangerouslySetInnerHTML={{ __html: svg }} />;
}

export function DataTable<T>({
  c,
  rows,
  columns,
  rowClass,
}: {
  c: Ctx;
  rows: T[];
  columns: Column<T>[];
  rowClass?: (row: T) => string;
}) {
  if (rows.length === 0) return <p>{c.t('none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          {columns.map((col) => (
            <th key={col.head}>{col.head}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a document is rendered once, to static HTML: its rows never move
          <tr key={i} className={rowClass?.(row)}>
            {columns.map((col) => (
              <td key={col.head} className={col.className}>
                {col.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ActionItemTable({ c, items }: { c: Ctx; items: ActionItem[] }) {
  return (
    <DataTable
      c={c}
      rows={items}
      rowClass={(a) => (a.overdue ? 'late' : '')}
      columns={[
        {
          head: c.t('field.activity'),
          cell: (a) => (
            <>
              <Portion c={c} label={a} /> <Bidi>{a.title}</Bidi>
            </>
          ),
        },
        {
          head: c.t('field.responsible'),
          cell: (a) => (
            <>
              <Bidi ltr>{a.responsibleParty}</Bidi>
              {a.responsibleOrganisation && (
                <>
                  {' — '}
                  <Bidi>{a.responsibleOrganisation}</Bidi>
                </>
              )}
            </>
          ),
        },
        { head: c.t('field.due'), cell: (a) => c.date(a.dueDate) },
        { head: c.t('field.status'), cell: (a) => c.t(`actionStatus.${a.status}`) },
      ]}
    />
  );
}

function ActivityTable({ c, activities, withStatus }: { c: Ctx; activities: Activity[]; withStatus?: boolean }) {
  const columns: Column<Activity>[] = [
    { head: c.t('field.ref'), cell: (a) => <Bidi ltr>{a.refCode}</Bidi>, className: 'ref' },
    {
      head: c.t('field.activity'),
      cell: (a) => (
        <>
          <Portion c={c} label={a} /> <Localized c={c} text={a.title} />
          {a.participatingParties.length > 0 && (
            <span className="muted">
              {' ('}
              <Bidi ltr>{a.participatingParties.join(', ')}</Bidi>)
            </span>
          )}
        </>
      ),
    },
    { head: c.t('field.domain'), cell: (a) => c.t(`domainName.${a.domain}`) },
    { head: c.t('field.lead'), cell: (a) => <Bidi ltr>{a.leadParty}</Bidi> },
    { head: c.t('field.plannedPeriod'), cell: (a) => periodText(c, a) },
    { head: c.t('field.priority'), cell: (a) => a.priority, className: 'num' },
    ...(withStatus ? [{ head: c.t('field.status'), cell: (a: Activity) => c.t(`activityStatus.${a.status}`) }] : []),
  ];
  return <DataTable c={c} rows={activities} columns={columns} />;
}

/** The frame of a document about a plan: named by the plan, its facts between its commission and its status. */
function PlanFrame({
  c,
  doc,
  title,
  facts,
  children,
}: {
  c: Ctx;
  doc: PlanDocument | ReportDocument;
  title: string;
  facts: ReactNode[];
  children: ReactNode;
}) {
  const subtitle = [c.text(doc.commission.name), ...facts, c.t(`planStatus.${doc.plan.status}`)];
  return (
    <Frame c={c} doc={doc} title={title} name={doc.plan.title} subtitle={subtitle}>
      {children}
    </Frame>
  );
}

function PlanBody({ c, doc }: { c: Ctx; doc: PlanDocument }) {
  const facts = [
    doc.session ? c.t('field.sessionNumber', { number: doc.session.number }) : null,
    doc.session ? doc.session.place : null,
    <DateSpan key="period" c={c} from={doc.plan.periodStart} to={doc.plan.periodEnd} />,
  ];
  return (
    <PlanFrame c={c} doc={doc} title={c.t('doc.plan')} facts={facts}>
      <h2>{c.t('section.activities')}</h2>
      <ActivityTable c={c} activities={doc.activities} />
      <h2>{c.t('section.approvals')}</h2>
      <Signatures c={c} parties={doc.commission.parties} approvals={doc.approvals} />
      {doc.baseline ? (
        <>
          <p className="hash baseline-hash">
            <Sentence
              c={c}
              k="baselineHash"
              values={{ date: c.date(doc.baseline.approvedAt), hash: doc.baseline.contentHash ?? '' }}
              ltr={['hash']}
            />
          </p>
          {doc.revision && (
            <p className="hash revision-hash">
              <Sentence
                c={c}
                k="revisionHash"
                values={{
                  number: doc.revision.number,
                  date: c.date(doc.revision.approvedAt),
                  hash: doc.revision.contentHash ?? '',
                }}
                ltr={['hash']}
              />
            </p>
          )}
        </>
      ) : (
        <p className="hash">{c.t('notApproved')}</p>
      )}
    </PlanFrame>
  );
}

function MinutesBody({ c, doc }: { c: Ctx; doc: MinutesDocument }) {
  const s = doc.session;
  return (
    <Frame
      c={c}
      doc={doc}
      title={c.t('doc.minutes')}
      name={c.t('field.sessionNumber', { number: s.number })}
      subtitle={[
        c.text(doc.commission.name),
        s.place,
        <DateSpan key="dates" c={c} from={s.startDate} to={s.endDate} />,
        c.t(`sessionStatus.${s.status}`),
      ]}
    >
      <h2>{c.t('section.delegations')}</h2>
      <DataTable
        c={c}
        rows={s.delegations}
        columns={[
          { head: c.t('field.party'), cell: (d) => <Bidi ltr>{d.party}</Bidi> },
          { head: c.t('field.name'), cell: (d) => <Bidi>{d.name}</Bidi> },
          { head: c.t('field.rank'), cell: (d) => <Bidi>{d.title ?? ''}</Bidi> },
          { head: c.t('field.function'), cell: (d) => <Bidi>{d.function ?? ''}</Bidi> },
          { head: c.t('field.organisation'), cell: (d) => <Bidi>{d.organisation ?? ''}</Bidi> },
        ]}
      />
      <h2>{c.t('section.agenda')}</h2>
      {doc.agenda.length === 0 && <p>{c.t('none')}</p>}
      {doc.agenda.map((item, i) => (
        <section key={item.id} className="agenda-item">
          <h3>
            <Portion c={c} label={item} /> {i + 1}. {agendaTitle(c, item)}
          </h3>
          {item.summary && (
            <p>
              <strong>{c.t('field.summary')} : </strong>
              <Bidi>{item.summary}</Bidi>
            </p>
          )}
          {item.decisions && (
            <p>
              <strong>{c.t('field.decisions')} : </strong>
              <Bidi>{item.decisions}</Bidi>
            </p>
          )}
        </section>
      ))}
      <h2>{c.t('section.actionItems')}</h2>
      <ActionItemTable c={c} items={doc.actionItems} />
      <h2>{c.t('section.approvals')}</h2>
      <Signatures c={c} parties={doc.commission.parties} approvals={doc.approvals} />
    </Frame>
  );
}

function ReportBody({ c, doc }: { c: Ctx; doc: ReportDocument }) {
  const k = doc.kpis;
  const rtl = isRtl(c.lang);
  const overdue = new Set(doc.overdue);
  const figures: [string, string][] = [
    [c.t('kpi.executionRate'), c.pct(k.execution.executionRate)],
    [c.t('kpi.done'), `${k.execution.done} / ${k.execution.total}`],
    [c.t('kpi.onTimeRate'), c.pct(k.timeliness.onTimeRate)],
    [
      c.t('kpi.averageSlip'),
      k.timeliness.averageSlipDays === null ? '—' : c.t('kpi.days', { count: k.timeliness.averageSlipDays }),
    ],
    [c.t('kpi.postponements'), String(k.timeliness.postponements)],
    [c.t('kpi.overdue'), String(k.execution.overdue)],
    [c.t('kpi.stale', { days: k.staleAfterDays }), String(k.freshness.stale)],
  ];
  const month = new Intl.DateTimeFormat(c.lang, { month: 'short', timeZone: 'UTC' });
  const monthOf = (period: string) => month.format(new Date(`${period}T00:00:00Z`));
  const years = new Map<string, CurvePoint[]>();
  for (const p of doc.curve) years.set(p.period.slice(0, 4), [...(years.get(p.period.slice(0, 4)) ?? []), p]);
  const facts = [
    <span key="asOf">
      {c.t('field.asOf')} <Bidi>{c.date(k.asOf)}</Bidi>
    </span>,
  ];
  return (
    <PlanFrame c={c} doc={doc} title={c.t('doc.report')} facts={facts}>
      <h2>{c.t('section.figures')}</h2>
      <div className="figures">
        {figures.map(([label, value]) => (
          <div key={label} className="figure">
            <div className="figure-value">{value}</div>
            <div className="figure-label">{label}</div>
          </div>
        ))}
      </div>
      <h2>{c.t('section.curve')}</h2>
      <Chart
        svg={curveLines(
          doc.curve.map((p) => ({ label: monthOf(p.period), planned: p.planned, actual: p.actual })),
          { planned: c.t('kpi.planned'), actual: c.t('kpi.actual') },
          rtl,
        )}
      />
      {/* The chart's own numbers, so that a reader can quote them exactly: a table per year, to fit the page. */}
      {[...years].map(([year, points]) => (
        <table key={year} className="curve-figures">
          <thead>
            <tr>
              <th>{year}</th>
              {points.map((p) => (
                <th key={p.period} className="num">
                  {monthOf(p.period)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr className="curve-planned">
              <th>{c.t('kpi.planned')}</th>
              {points.map((p) => (
                <td key={p.period} className="num">
                  {c.num(p.planned)}
                </td>
              ))}
            </tr>
            <tr className="curve-actual">
              <th>{c.t('kpi.actual')}</th>
              {points.map((p) => (
                <td key={p.period} className="num">
                  {p.actual === null ? '—' : c.num(p.actual)}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      ))}
      <h2>{c.t('section.byDomain')}</h2>
      <Chart
        svg={rateBars(
          k.byDomain.map((b) => ({ label: c.t(`domainName.${b.key}`), rate: b.executionRate })),
          rtl,
        )}
      />
      <h2>{c.t('section.byQuarter')}</h2>
      <Chart
        svg={rateBars(
          k.byQuarter.map((b) => ({ label: b.key, rate: b.executionRate })),
          rtl,
        )}
      />
      <h2>{c.t('section.overdue')}</h2>
      <ActivityTable c={c} activities={doc.overdue} withStatus />
      <h2>{c.t('section.openActionItems')}</h2>
      <ActionItemTable c={c} items={doc.openActionItems} />
      <h2>{c.t('section.open')}</h2>
      <ActivityTable c={c} activities={doc.open.filter((a) => !overdue.has(a))} withStatus />
    </PlanFrame>
  );
}

/** The document as a self-contained HTML page, in its language and direction. */
export function renderDocumentHtml(doc: JointPlanDocument, lang: DocumentLanguage): string {
  const c = context(lang);
  const body =
    doc.kind === 'plan' ? (
      <PlanBody c={c} doc={doc} />
    ) : doc.kind === 'minutes' ? (
      <MinutesBody c={c} doc={doc} />
    ) : (
      <ReportBody c={c} doc={doc} />
    );
  return `<!doctype html>${renderToStaticMarkup(body)}`;
}

const CSS = `
@page { size: A4; margin: 22mm 16mm 20mm 16mm; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans', 'Noto Sans Arabic', 'Noto Naskh Arabic', 'Noto Sans Hebrew', sans-serif; color: #1f2933; font-size: 9.5pt; line-height: 1.45; margin: 0; }
h1 { font-size: 17pt; margin: 6mm 0 1mm; font-weight: 600; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5px solid #2f5d8a; color: #2f5d8a; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; break-after: avoid; }
.subtitle { margin: 0; color: #52606d; }
.generated { margin: 1mm 0 0; color: #7b8794; font-size: 8pt; }
.portion { font-size: 6.5pt; font-weight: 700; letter-spacing: .02em; white-space: nowrap; }
.marking-block { display: inline-block; padding: 1mm 3mm; border: 1.5px solid #1f2933; font-weight: 700; letter-spacing: .04em; }
.equivalents { font-size: 8pt; color: #52606d; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; }
th, td { text-align: start; vertical-align: top; padding: 1.4mm 2mm; border-bottom: 0.5px solid #cbd2d9; }
th { background: #f0f4f8; font-weight: 600; font-size: 8.5pt; }
tr { break-inside: avoid; }
td.ref { white-space: nowrap; font-family: 'Noto Sans Mono', monospace; font-size: 8.5pt; }
td.num { text-align: center; }
tr.late td { color: #b42318; }
.muted { color: #7b8794; }
.signatures td.sign-box { height: 14mm; width: 35%; border: 0.5px solid #9aa5b1; }
.hash { font-family: 'Noto Sans Mono', monospace; font-size: 7.5pt; word-break: break-all; color: #52606d; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; }
.figure { border: 0.5px solid #cbd2d9; border-radius: 2mm; padding: 2.5mm; }
.figure-value { font-size: 15pt; font-weight: 600; color: #2f5d8a; }
.figure-label { font-size: 8pt; color: #52606d; }
.chart { direction: ltr; }
.chart svg { width: 100%; height: auto; }
.curve-figures th, .curve-figures td { padding: 0.8mm 1mm; font-size: 7.5pt; }
.agenda-item { break-inside: avoid; }
`;
