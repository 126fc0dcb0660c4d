/** A table's head: one column header a label (each a different one), a column left out where its label is `false`. */
export function TableHead({ columns }: { columns: readonly (string | false)[] }) {
  return (
    <thead>
      <tr>
        {columns.map(
          (label) =>
            label !== false && (
              <th key={label} scope="col">
                {label}
              </th>
            ),
        )}
      </tr>
    </thead>
  );
}
