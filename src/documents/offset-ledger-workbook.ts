import type { LocalizedText } from '../domain/common.schema.js';
import type { DocumentLanguage } from '../domain/document.model.js';
import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText } from '../domain/marking.js';
import { formatMoney, type Money } from '../domain/money.js';
import { FIGURES, type LedgerTotals } from '../domain/offset-ledger.js';
import { markedWorkbook } from './marked-workbook.js';

type Figure = (typeof FIGURES)[number];

interface Words {
  title: (on: string, currency: string) => string;
  obligation: string;
  programme: string;
  obligationId: string;
  programmeId: string;
  owes: string;
  owedTo: string;
  deadline: string;
  deadlinePassed: string;
  yes: string;
  no: string;
  figure: Record<Figure, string>;
  ownCurrency: string;
  rate: string;
  rateDate: string;
  rateSource: string;
  total: string;
}

/** The workbook's words in each document language; the figures named as the report and the web name them. */
const WORDS: Record<DocumentLanguage, Words> = {
  fr: {
    title: (on, currency) => `Registre des compensations au ${on}, en ${currency}`,
    obligation: 'Obligation',
    programme: 'Programme',
    obligationId: 'Identifiant de l’obligation',
    programmeId: 'Identifiant du programme',
    owes: 'Due par',
    owedTo: 'Due à',
    deadline: 'Échéance',
    deadlinePassed: 'Échéance passée',
    yes: 'oui',
    no: 'non',
    figure: {
      obligation: 'Obligation',
      granted: 'Accordé',
      pending: 'En attente',
      bankedIn: 'Report reçu',
      bankedOut: 'Report transmis',
      met: 'Satisfait',
      shortfall: 'Manque',
      penaltyDue: 'Pénalité due',
    },
    ownCurrency: 'Devise propre',
    rate: 'Taux',
    rateDate: 'Date du taux',
    rateSource: 'Source du taux',
    total: 'TOTAL',
  },
  en: {
    title: (on, currency) => `Offset ledger as of ${on}, in ${currency}`,
    obligation: 'Obligation',
    programme: 'Programme',
    obligationId: 'Obligation id',
    programmeId: 'Programme id',
    owes: 'Owed by',
    owedTo: 'Owed to',
    deadline: 'Deadline',
    deadlinePassed: 'Deadline passed',
    yes: 'yes',
    no: 'no',
    figure: {
      obligation: 'Obligation',
      granted: 'Granted',
      pending: 'Pending',
      bankedIn: 'Banked in',
      bankedOut: 'Banked out',
      met: 'Met',
      shortfall: 'Shortfall',
      penaltyDue: 'Penalty due',
    },
    ownCurrency: 'Own currency',
    rate: 'Rate',
    rateDate: 'Rate date',
    rateSource: 'Rate source',
    total: 'TOTAL',
  },
  ar: {
    title: (on, currency) => `سجل المقاصة في ${on}، بعملة ${currency}`,
    obligation: 'الالتزام',
    programme: 'البرنامج',
    obligationId: 'معرّف الالتزام',
    programmeId: 'معرّف البرنامج',
    owes: 'المدين',
    owedTo: 'الدائن',
    deadline: 'الأجل',
    deadlinePassed: 'انقضى الأجل',
    yes: 'نعم',
    no: 'لا',
    figure: {
      obligation: 'الالتزام',
      granted: 'الممنوح',
      pending: 'قيد الانتظار',
      bankedIn: 'المرحَّل إليه',
      bankedOut: 'المرحَّل منه',
      met: 'المستوفى',
      shortfall: 'العجز',
      penaltyDue: 'الغرامة المستحقة',
    },
    ownCurrency: 'عملة الالتزام',
    rate: 'السعر',
    rateDate: 'تاريخ السعر',
    rateSource: 'مصدر السعر',
    total: 'المجموع',
  },
  he: {
    title: (on, currency) => `ספר חשבונות האופסט ליום ${on}, ב־${currency}`,
    obligation: 'התחייבות',
    programme: 'תוכנית',
    obligationId: 'מזהה ההתחייבות',
    programmeId: 'מזהה התוכנית',
    owes: 'חייב',
    owedTo: 'זכאי',
    deadline: 'מועד אחרון',
    deadlinePassed: 'המועד חלף',
    yes: 'כן',
    no: 'לא',
    figure: {
      obligation: 'התחייבות',
      granted: 'אושר',
      pending: 'ממתין',
      bankedIn: 'הועבר אליה',
      bankedOut: 'הועבר ממנה',
      met: 'מולא',
      shortfall: 'חוסר',
      penaltyDue: 'קנס לתשלום',
    },
    ownCurrency: 'מטבע ההתחייבות',
    rate: 'שער',
    rateDate: 'תאריך השער',
    rateSource: 'מקור השער',
    total: 'סה״כ',
  },
};

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
  const w = WORDS[lang];
  const book = markedWorkbook(labels.all);
  book.wb.title = w.title(ledger.on, ledger.currency);
  const sheet = book.sheet(
    'Ledger',
    [
      { header: w.obligation, key: 'obligationTitle', width: 48 },
      { header: w.programme, key: 'programmeTitle', width: 40 },
      { header: w.owes, key: 'obligorParty', width: 8 },
      { header: w.owedTo, key: 'beneficiaryParty', width: 8 },
      { header: w.deadline, key: 'deadline', width: 11 },
      { header: w.deadlinePassed, key: 'deadlinePassed', width: 9 },
      ...FIGURES.map((f) => ({ header: `${w.figure[f]} (${ledger.currency}, ${ledger.on})`, key: f, width: 20 })),
      { header: w.ownCurrency, key: 'ownCurrency', width: 9 },
      { header: w.rate, key: 'rate', width: 14 },
      { header: w.rateDate, key: 'rateDate', width: 11 },
      { header: w.rateSource, key: 'rateSource', width: 28 },
      { header: w.obligationId, key: 'obligationId', width: 38 },
      { header: w.programmeId, key: 'programmeId', width: 38 },
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
      deadlinePassed: l.deadlinePassed ? w.yes : w.no,
      ...figuresRow(l.converted),
      ownCurrency: l.currency,
      rate: l.rate?.rate ?? null,
      rateDate: l.rate?.entry.date ?? null,
      rateSource: l.rate?.entry.source ?? null,
    });
  }
  const total = sheet.addRow({ marking: `(${book.markingText})`, obligationTitle: w.total, ...figuresRow(ledger.totals) });
  total.font = { bold: true };
  for (const f of FIGURES) sheet.getColumn(f).numFmt = numFmt;
  return book.write();
}
