import { useTranslation } from 'react-i18next';
import { analysePairwise, matrixFrom, type RandomIndexTable } from '../../../src/domain/evaluation/ahp.js';
import type { Judgment } from '../api/types.js';
import { decimal } from './evaluation-format.js';

/** Saaty's scale, strongest preference for the row first, then its reciprocals. */
const SCALE = [9, 8, 7, 6, 5, 4, 3, 2, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9];

/** A judgment as the reader reads it: "3", "1/3", or the number itself off the scale. */
export function saatyText(v: number): string {
  const whole = Math.round(v);
  if (v >= 1 && Math.abs(v - whole) < 1e-9) return String(whole);
  const inverse = Math.round(1 / v);
  if (v < 1 && Math.abs(1 / v - inverse) < 1e-9) return `1/${inverse}`;
  return decimal(v);
}

export function saatyValue(text: string): number {
  const [num, den] = text.split('/');
  return den === undefined ? Number(num) : Number(num) / Number(den);
}

/** The cells of a grid, by pair key `a|b` (a listed before b): the judgment's text, '' where not compared. */
export type PairCells = Record<string, string>;
export const pairKey = (a: string, b: string) => `${a}|${b}`;

/** The grid's cells of `judgments` over `items`, each pair keyed in the items' order. */
export function cellsOf(judgments: readonly Judgment[], items: readonly string[]): PairCells {
  const cells: PairCells = {};
  for (const j of judgments) {
    const forward = items.indexOf(j.a) < items.indexOf(j.b);
    cells[forward ? pairKey(j.a, j.b) : pairKey(j.b, j.a)] = saatyText(forward ? j.value : 1 / j.value);
  }
  return cells;
}

export function judgmentsOf(cells: PairCells, items: readonly string[]): Judgment[] {
  const out: Judgment[] = [];
  items.forEach((a, i) => {
    for (const b of items.slice(i + 1)) {
      const text = cells[pairKey(a, b)];
      if (text) out.push({ a, b, value: saatyValue(text) });
    }
  });
  return out;
}

/**
 * The consistency of the grid as it stands, computed in the browser with the
 * evaluation's own method: null until the pairs given link every item.
 */
export function liveConsistency(cells: PairCells, items: readonly string[], table: RandomIndexTable) {
  const n = items.length;
  const index = new Map(items.map((id, i) => [id, i]));
  const given = judgmentsOf(cells, items).map((j) => [index.get(j.a) ?? 0, index.get(j.b) ?? 0, j.value] as const);
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : find(parent[i] as number));
  for (const [a, b] of given) parent[find(a)] = find(b);
  if (n < 2 || new Set(items.map((_, i) => find(i))).size > 1) return null;
  const analysis = analysePairwise(matrixFrom(n, given), n, table);
  const worst = analysis.mostInconsistent;
  return { ...analysis, worst: worst ? { a: items[worst.i] as string, b: items[worst.j] as string, ...worst } : null };
}

/**
 * A pairwise-comparison grid: above the diagonal, how many times the row is
 * preferred to the column (Saaty 1–9 and reciprocals); below it, the
 * reciprocal. The consistency ratio is computed as the reader edits, and the
 * judgment furthest from the priorities is pointed out.
 */
export function PairwiseGrid({
  caption,
  items,
  names,
  cells,
  table,
  onChange,
  cellLabel,
  unlinked,
}: {
  caption: string;
  items: readonly string[];
  names: (id: string) => string;
  cells: PairCells;
  table: RandomIndexTable;
  onChange: (cells: PairCells) => void;
  /** The name of a cell, row `a` against column `b`; by default, how many times a criterion matters more. */
  cellLabel?: (a: string, b: string) => string;
  /** What to say until the pairs given link every item; by default, about criteria. */
  unlinked?: string;
}) {
  const { t } = useTranslation();
  const live = liveConsistency(cells, items, table);
  const worst = live?.worst ?? null;
  const flagged = live?.flagged ?? false;
  return (
    <div className="pairwise">
      <table className="pairwise-grid">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {items.map((id) => (
              <th key={id} scope="col">
                {names(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((row, i) => (
            <tr key={row}>
              <th scope="row">{names(row)}</th>
              {items.map((col, j) => {
                if (i === j) return <td key={col}>1</td>;
                const key = i < j ? pairKey(row, col) : pairKey(col, row);
                const pointed = worst !== null && flagged && key === pairKey(worst.a, worst.b);
                const text = cells[key] ?? '';
                if (i > j)
                  return (
                    <td key={col} className={pointed ? 'inconsistent' : undefined}>
                      {text ? saatyText(1 / saatyValue(text)) : '—'}
                    </td>
                  );
                const options = SCALE.map(saatyText);
                if (text && !options.includes(text)) options.push(text);
                return (
                  <td key={col} className={pointed ? 'inconsistent' : undefined}>
                    <select
                      aria-label={
                        cellLabel ? cellLabel(row, col) : t('evaluation.pairwise.cell', { a: names(row), b: names(col) })
                      }
                      value={text}
                      onChange={(e) => onChange({ ...cells, [key]: e.target.value })}
                    >
                      <option value="">—</option>
                      {options.map((o) => (
                        <option key={o} value={o}>
                          {o}
                        </option>
                      ))}
                    </select>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className={flagged ? 'consistency flagged' : 'consistency'} aria-live="polite">
        {live === null
          ? (unlinked ?? t('evaluation.pairwise.unlinked'))
          : t(flagged ? 'evaluation.pairwise.crFlagged' : 'evaluation.pairwise.cr', {
              cr: live.cr === null ? '—' : decimal(live.cr),
              lambda: decimal(live.lambdaMax),
            })}
        {flagged && worst && (
          <>
            {' '}
            {t('evaluation.pairwise.worst', {
              a: names(worst.a),
              b: names(worst.b),
              given: saatyText(worst.given),
              implied: decimal(worst.implied),
            })}
          </>
        )}
      </p>
    </div>
  );
}
