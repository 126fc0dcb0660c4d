import type { ReactNode } from 'react';
import { ScrollRegion } from './scroll-region.js';
import { TableHead } from './table-head.js';

/**
 * A table in a region that scrolls on its own, named by `label`, under its
 * column headers (as `TableHead` takes them); `children` are its rows. When
 * `empty` is given, there are no rows and it says so instead.
 */
export function ScrollTable({
  label,
  className,
  tableClassName,
  columns,
  empty = false,
  children,
}: {
  label: string;
  /** The scrolling region's class. */
  className: string;
  tableClassName: string;
  columns: readonly (string | false)[];
  empty?: string | false;
  children: ReactNode;
}) {
  if (empty) return <p className="muted">{empty}</p>;
  return (
    <ScrollRegion label={label} className={className}>
      <table className={tableClassName}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </ScrollRegion>
  );
}
