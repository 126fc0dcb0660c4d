import type { ReactNode } from 'react';
import { TableHead } from './table-head.js';

/** One column of a table of records: its header, and what a record shows under it. */
export type Column<R> = { head: string; cell: (record: R) => ReactNode; dir?: 'ltr' };

/**
 * A table of records, a row each. Each column names its header beside what it
 * shows, so that the two cannot drift apart as columns come and go.
 */
export function RecordTable<R>({
  className,
  records,
  keyOf,
  rowClass,
  columns,
}: {
  className: string;
  records: readonly R[];
  keyOf: (record: R) => string | number;
  rowClass?: (record: R) => string | undefined;
  columns: readonly Column<R>[];
}) {
  return (
    <table className={className}>
      <TableHead columns={columns.map((c) => c.head)} />
      <tbody>
        {records.map((r) => (
          <tr key={keyOf(r)} className={rowClass?.(r)}>
            {columns.map((c) => (
              <td key={c.head} dir={c.dir}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
