import { readFileSync } from 'node:fs';
import { createInstance } from 'i18next';
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ReleaseRecordDocument } from '../app/exchange-bundle.usecases.js';
import type { DocumentLanguage } from '../domain/document.model.js';
import { RECORD_KINDS } from '../domain/exchange/bundle-content.js';
import { CLASSIFICATIONS, type Classification, type Label, levelOf } from '../domain/labels.js';
import { documentMarking } from '../domain/marking.js';
import { Bidi, type Ctx, context, Frame, Sentence } from './render.js';

// The release record of a bundle sent to a partner: its header as signed and its manifest, by label as
// sent, in the frame, marking and direction of the other documents.

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
const LANGS = ['fr', 'en', 'ar', 'he'] as const;
const resources = Object.fromEntries(
  LANGS.map((lng) => [
    lng,
    { translation: { ...read(`./i18n/${lng}.json`), release: read(`./i18n/release-record/${lng}.json`) } },
  ]),
);

function releaseContext(lang: DocumentLanguage): Ctx {
  const i18n = createInstance({ lng: lang, fallbackLng: 'en', resources, interpolation: { escapeValue: false } });
  void i18n.init();
  return { ...context(lang), t: i18n.t };
}

const CSS =
  'table.head th { text-align: start; width: 32%; } td.hash { font-family: monospace; font-size: 7.5pt; word-break: break-all; } table.records { font-size: 7.5pt; width: 100%; } td.id { font-family: monospace; font-size: 6.5pt; }';

type Group = ReleaseRecordDocument['groups'][number];

/** The local level a token of the installation's ladder stands at on the common order. */
function commonOf(doc: ReleaseRecordDocument, token: string): Classification {
  return doc.policy.ladder.find((l) => l.token === token)?.common ?? 'TOP_SECRET';
}

const groupLabel = (doc: ReleaseRecordDocument, g: Group): Label => ({
  ownerParty: doc.policy.party,
  classification: commonOf(doc, g.level),
  releasableTo: g.releasableTo.filter((p) => p !== doc.policy.party),
  compartments: g.compartments,
});

/** The marking of a group here, in the document's language, and as it travels at the partner: `SECRET // INDUS // REL TO ISR, MAR`. */
function markings(c: Ctx, doc: ReleaseRecordDocument, g: Group) {
  const lang = c.lang;
  const here = doc.policy.ladder.find((l) => l.token === g.level)?.markings[lang] ?? g.level;
  const agreement = doc.policy.partners.find((a) => a.party === doc.header.audience.party);
  const there = agreement?.ladder.find((l) => l.token === g.partnerLevel)?.native ?? g.partnerLevel;
  const rest = `${g.compartments.length ? ` // ${g.compartments.join('/')}` : ''} // ${c.t('relTo')} ${g.releasableTo.join(', ')}`;
  return { here: `${here}${rest}`, there: `${there}${rest}` };
}

const titleText = (c: Ctx, title: string | undefined) => {
  if (!title) return null;
  try {
    const parsed = JSON.parse(title) as unknown;
    return typeof parsed === 'object' && parsed ? c.text(parsed as Record<string, string>) : String(parsed);
  } catch {
    return title;
  }
};

function Body({ c, doc }: { c: Ctx; doc: ReleaseRecordDocument }) {
  const t = (k: string, v?: Record<string, unknown>) => c.t(`release.${k}`, v ?? {});
  const h = doc.header;
  const dateTime = (iso: string) =>
    new Intl.DateTimeFormat(c.lang, { dateStyle: 'long', timeStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  const labels = doc.groups.map((g) => groupLabel(doc, g));
  const head = {
    marking: documentMarking(labels),
    ladder: Object.fromEntries([
      [doc.policy.party, CLASSIFICATIONS.map((cl) => doc.policy.ladder.find((l) => l.common === cl)?.native ?? null)],
      ...doc.policy.partners
        .filter((a) => a.party === h.audience.party)
        .map((a) => [a.party, CLASSIFICATIONS.map((cl) => a.ladder.find((l) => l.common === cl)?.native ?? null)]),
    ]),
    generatedAt: doc.generatedAt,
    generatedBy: doc.generatedBy,
  };
  const code = (v: string) => <Bidi ltr>{v}</Bidi>;
  const text = (v: string) => <Bidi>{v}</Bidi>;
  const sentence = (k: string, values: Record<string, string>) => <Sentence c={c} k={k} values={values} />;
  const rows: [string, ReactNode, string?][] = [
    [t('field.bundleId'), code(h.bundleId), 'hash'],
    [t('field.sender'), code(`${h.sender.installation} (${h.sender.party})`)],
    [t('field.recipient'), code(`${h.audience.installation} (${h.audience.party})`)],
    [t('field.sequence'), c.num(h.sequence)],
    [t('field.createdAt'), text(dateTime(h.createdAt))],
    [t('field.expiresAt'), text(dateTime(h.expiresAt))],
    [
      t('field.window'),
      doc.since
        ? sentence('release.since', { since: dateTime(doc.since), upto: dateTime(doc.upto) })
        : sentence('release.everything', { upto: dateTime(doc.upto) }),
    ],
    [t('field.acknowledges'), doc.acknowledges === null ? t('noAck') : c.num(doc.acknowledges)],
    [t('field.contentHash'), code(h.content.hash), 'hash'],
    [t('field.contentLength'), c.num(h.content.length)],
    [t('field.previousHash'), h.previousHash ? code(h.previousHash) : t('first'), h.previousHash ? 'hash' : undefined],
    [t('field.bundleHash'), code(doc.bundleHash), 'hash'],
    [t('field.key'), code(`${h.kid} (${h.alg})`)],
    [t('field.fingerprint'), code(doc.fingerprint), 'hash'],
  ];
  const total = (k: (typeof RECORD_KINDS)[number]) => doc.groups.reduce((n, g) => n + g.counts[k], 0);
  // Groups from the most protected down, as a reader checks the highest levels first.
  const groups = [...doc.groups].sort((a, b) => levelOf(commonOf(doc, b.level)) - levelOf(commonOf(doc, a.level)));
  return (
    <Frame
      c={c}
      doc={head}
      title={t('title')}
      name={`${h.audience.installation} #${h.sequence}`}
      subtitle={[t('subtitle', { sequence: h.sequence, recipient: h.audience.party }), dateTime(h.createdAt)]}
    >
      <style>{CSS}</style>
      <h2>{t('section.header')}</h2>
      <table className="head">
        <tbody>
          {rows.map(([k, v, cls]) => (
            <tr key={k}>
              <th>{k}</th>
              <td className={cls}>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('section.summary')}</h2>
      {groups.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <table className="summary">
          <thead>
            <tr>
              <th>{t('marking')}</th>
              <th>{t('travelsAs')}</th>
              {RECORD_KINDS.map((k) => (
                <th key={k}>{t(`kinds.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => {
              const m = markings(c, doc, g);
              return (
                <tr key={`${g.level}|${g.partnerLevel}|${g.releasableTo.join()}|${g.compartments.join()}`}>
                  <td>
                    <Bidi>{m.here}</Bidi>
                  </td>
                  <td>
                    <Bidi>{m.there}</Bidi>
                  </td>
                  {RECORD_KINDS.map((k) => (
                    <td key={k} className="num">
                      {c.num(g.counts[k])}
                    </td>
                  ))}
                </tr>
              );
            })}
            <tr>
              <th colSpan={2}>{t('total')}</th>
              {RECORD_KINDS.map((k) => (
                <td key={k} className="num">
                  {c.num(total(k))}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      )}
      <h2>{t('section.records')}</h2>
      {groups.map((g) => {
        const m = markings(c, doc, g);
        return (
          <section key={`${g.level}|${g.partnerLevel}|${g.releasableTo.join()}|${g.compartments.join()}`}>
            <h3>
              <Bidi>{m.here}</Bidi> — <Bidi>{m.there}</Bidi>
            </h3>
            <table className="records">
              <thead>
                <tr>
                  <th>{t('record')}</th>
                  <th>{t('version')}</th>
                  <th>ID</th>
                </tr>
              </thead>
              <tbody>
                {g.records.map((r) => {
                  const title = titleText(c, r.title);
                  const name = r.kind === 'follow_up' ? r.followUpKind : [r.ref, title].filter((x) => x).join(' — ') || null;
                  return (
                    <tr key={`${r.kind}:${r.id}`}>
                      <td>
                        {t(`kind.${r.kind}`)} : {name ? <Bidi>{name}</Bidi> : <span className="muted">{t('notReadable')}</span>}
                      </td>
                      <td className="num">{c.num(r.version)}</td>
                      <td className="id">
                        <Bidi ltr>{r.id}</Bidi>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
        );
      })}
    </Frame>
  );
}

/** The release record as a self-contained HTML page, in its language and direction. */
export function renderReleaseRecordHtml(doc: ReleaseRecordDocument, lang: DocumentLanguage): string {
  return `<!doctype html>${renderToStaticMarkup(<Body c={releaseContext(lang)} doc={doc} />)}`;
}
