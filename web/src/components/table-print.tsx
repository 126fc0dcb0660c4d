import { type ReactNode, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { documentMarking } from '../../../src/domain/marking.js';
import type { Label } from '../api/types.js';
import './table-print.css';

/**
 * Whether the browser is printing: from `beforeprint` to `afterprint`. The
 * change is rendered before the browser lays the page out for print, so that
 * a table drawn only where the reader looks (virtual rows) prints every row.
 */
export function usePrinting() {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}

/** One column of a printed table: its header and what a record shows under it. */
export interface PrintColumn<R> {
  id: string;
  head: string;
  cell: (record: R) => ReactNode;
}

/**
 * A table as it prints: every record given, every column chosen, the text
 * wrapped rather than cut, the header row and the marking of the whole table
 * repeated at the top and bottom of each printed page (a table's header and
 * footer groups repeat on every page). Hidden on screen.
 */
export function PrintTable<R extends Label>({
  caption,
  records,
  keyOf,
  columns,
}: {
  caption: string;
  records: readonly R[];
  keyOf: (record: R) => string;
  columns: readonly PrintColumn<R>[];
}) {
  const { t } = useTranslation();
  const marking = documentMarking(records);
  const parts = [t(`classification.${marking.classification}`)];
  if (marking.compartments.length) parts.push(marking.compartments.join('/'));
  if (marking.releasableTo.length) parts.push(t('banner.relTo', { parties: marking.releasableTo.join(', ') }));
  const text = parts.join(' // ');
  const markingRow = (
    <tr className="print-marking-row">
      <td
        colSpan={columns.length}
        className={`print-marking level-${marking.classification}`}
        data-classification={marking.classification}
      >
        {text}
      </td>
    </tr>
  );
  return (
    <table className="print-table">
      <caption>{caption}</caption>
      <thead>
        {markingRow}
        <tr>
          {columns.map((c) => (
            <th key={c.id} scope="col">
              {c.head}
            </th>
          ))}
        </tr>
      </thead>
      <tfoot>{markingRow}</tfoot>
      <tbody>
        {records.map((r) => (
          <tr key={keyOf(r)}>
            {columns.map((c) => (
              <td key={c.id}>{c.cell(r)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
