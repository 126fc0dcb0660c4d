import { readFileSync } from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import type { LocalizedText } from '../domain/common.schema.js';
import type { DocumentLanguage } from '../domain/document.model.js';
import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText } from '../domain/marking.js';
import { formatMoney, type Money } from '../domain/money.js';
import { FIGURES, type LedgerTotals } from '../domain/offset-ledger.js';
import { markedWorkbook } from './marked-workbook.js';

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as Record<string, unknown>;
// The report's texts (src/documents/i18n/offset-report): its figures named as the report and the web name them,
// and the workbook's own words under `workbook`.
const resources = Object.fromEntries(
  (['fr', 'en', 'ar', 'he'] as const).map((lng) => [lng, { translation: read(`./i18n/offset-report/${lng}.json`) }]),
);

/** The workbook's words in `lang`. */
function wordsIn(lang: DocumentLanguage): TFunction {
  const i18n = createInstance({ lng: lang, fallbackLng: 'en', resources, interpolation: { escapeValue: false } });
  void i18n.init();
  return i18n.t;
}

/** A title in the workbook's language when written in it, else in French, English or the first written. */
function titleIn(text: LocalizedText | undefined, lang: DocumentLanguage): string | null {
  if (!text) return null;
  const texts = text as Record<string, string | undefined>;
  for (const l of [lang, 'fr', 'en', ...Object.keys(texts)]) if (texts[l]) return texts[l] ?? null;
  return null;
}

/** The titles a reader may read of each line's obligation and programme, by obligation id. */
export type LedgerNames = ReadonlyMap<string, { obligation: LocalizedText; programme: LocalizedText }>;

/**
 * The offset ledger as a workbook: one "Ledger" sheet with a row per
 * obligation, named by its title and its programme's in `lang` where written
 * in it (its id and its programme's at the end of the row), and a total row,
 * headed in `lang`, every figure in the ledger's currency (the
 * obligation's own currency and the rate used beside it). The sheet carries the
 * high-water marking of every obligation and claim the ledger counts, in a
 * cell of its header row and in the header and footer of every printed page;
 * each row carries the marking of what its figures come from: its obligation,
 * its claims, and the obligations (and claims) credit was banked in from.
 *
 * Amounts are numbers where a double holds them exactly (below 2^53 minor
 * units), formatted with the currency's decimals; a larger one is written as
 * its exact decimal text rather than rounded.
 */
export async function offsetLedgerWorkbook(
  ledger: LedgerTotals,
  labels: { all: readonly Label[]; byObligation: ReadonlyMap<string, readonly Label[]> },
  names: LedgerNames = new Map(),
  lang: DocumentLanguage = 'en',
): Promise<Buffer> {
  const t = wordsIn(lang);
  const book = markedWorkbook(labels.all);
  book.wb.title = t('workbook.title', { on: ledger.on, currency: ledger.currency });
  const sheet = book.sheet(
    'Ledger',
    [
      { header: t('workbook.obligation'), key: 'obligationTitle', width: 48 },
      { header: t('workbook.programme'), key: 'programmeTitle', width: 40 },
      { header: t('workbook.owes'), key: 'obligorParty', width: 8 },
      { header: t('workbook.owedTo'), key: 'beneficiaryParty', width: 8 },
      { header: t('workbook.deadline'), key: 'deadline', width: 11 },
      { header: t('workbook.deadlinePassed'), key: 'deadlinePassed', width: 9 },
      ...FIGURES.map((f) => ({ header: `${t(`figure.${f}`)} (${ledger.currency}, ${ledger.on})`, key: f, width: 20 })),
      { header: t('workbook.ownCurrency'), key: 'ownCurrency', width: 9 },
      { header: t('workbook.rate'), key: 'rate', width: 14 },
      { header: t('workbook.rateDate'), key: 'rateDate', width: 11 },
      { header: t('workbook.rateSource'), key: 'rateSource', width: 28 },
      { header: t('workbook.obligationId'), key: 'obligationId', width: 38 },
      { header: t('workbook.programmeId'), key: 'programmeId', width: 38 },
    ],
    { views: [{ state: 'frozen', ySplit: 1, ...(lang === 'ar' || lang === 'he' ? { rightToLeft: true } : {}) }] },
    34,
  );
  const decimals = formatMoney({ amount: 0n, currency: ledger.currency }).split('.')[1]?.length ?? 0;
  const numFmt = decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  const cellOf = (m: Money) => {
    const text = formatMoney(m);
    const exact = m.amount <= BigInt(Number.MAX_SAFE_INTEGER) && m.amount >= -BigInt(Number.MAX_SAFE_INTEGER);
    return exact ? Number(text) : text;
  };
  const figuresRow = (f: Record<(typeof FIGURES)[number], Money>) => Object.fromEntries(FIGURES.map((k) => [k, cellOf(f[k])]));
  for (const l of ledger.lines) {
    const rowLabels = labels.byObligation.get(l.obligationId) ?? [];
    sheet.addRow({
      marking: `(${documentMarkingText(documentMarking([...rowLabels]))})`,
      obligationTitle: titleIn(names.get(l.obligationId)?.obligation, lang),
      programmeTitle: titleIn(names.get(l.obligationId)?.programme, lang),
      obligationId: l.obligationId,
      programmeId: l.programmeId,
      obligorParty: l.obligorParty,
      beneficiaryParty: l.beneficiaryParty,
      deadline: l.deadline,
      deadlinePassed: t(l.deadlinePassed ? 'workbook.yes' : 'workbook.no'),
      ...figuresRow(l.converted),
      ownCurrency: l.currency,
      rate: l.rate?.rate ?? null,
      rateDate: l.rate?.entry.date ?? null,
      rateSource: l.rate?.entry.source ?? null,
    });
  }
  const total = sheet.addRow({
    marking: `(${book.markingText})`,
    obligationTitle: t('workbook.total'),
    ...figuresRow(ledger.totals),
  });
  total.font = { bold: true };
  for (const f of FIGURES) sheet.getColumn(f).numFmt = numFmt;
  return book.write();
}
