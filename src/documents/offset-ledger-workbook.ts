import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText } from '../domain/marking.js';
import { formatMoney, type Money } from '../domain/money.js';
import { FIGURES, type LedgerTotals } from '../domain/offset-ledger.js';
import { markedWorkbook } from './marked-workbook.js';

/**
 * The offset ledger as a workbook: one "Ledger" sheet with a row per
 * obligation and a total row, every figure in the ledger's currency (the
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
): Promise<Buffer> {
  const book = markedWorkbook(labels.all);
  book.wb.title = `Offset ledger as of ${ledger.on}, in ${ledger.currency}`;
  const sheet = book.sheet(
    'Ledger',
    [
      { header: 'obligation id', key: 'obligationId', width: 38 },
      { header: 'programme id', key: 'programmeId', width: 38 },
      { header: 'owes', key: 'obligorParty', width: 6 },
      { header: 'owed to', key: 'beneficiaryParty', width: 8 },
      { header: 'deadline', key: 'deadline', width: 11 },
      { header: 'deadline passed', key: 'deadlinePassed', width: 9 },
      ...FIGURES.map((f) => ({ header: `${f} (${ledger.currency}, ${ledger.on})`, key: f, width: 20 })),
      { header: 'own currency', key: 'ownCurrency', width: 9 },
      { header: 'rate', key: 'rate', width: 14 },
      { header: 'rate date', key: 'rateDate', width: 11 },
      { header: 'rate source', key: 'rateSource', width: 28 },
    ],
    { views: [{ state: 'frozen', ySplit: 1 }] },
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
      obligationId: l.obligationId,
      programmeId: l.programmeId,
      obligorParty: l.obligorParty,
      beneficiaryParty: l.beneficiaryParty,
      deadline: l.deadline,
      deadlinePassed: l.deadlinePassed ? 'yes' : 'no',
      ...figuresRow(l.converted),
      ownCurrency: l.currency,
      rate: l.rate?.rate ?? null,
      rateDate: l.rate?.entry.date ?? null,
      rateSource: l.rate?.entry.source ?? null,
    });
  }
  const total = sheet.addRow({ marking: `(${book.markingText})`, obligationId: 'TOTAL', ...figuresRow(ledger.totals) });
  total.font = { bold: true };
  for (const f of FIGURES) sheet.getColumn(f).numFmt = numFmt;
  return book.write();
}
