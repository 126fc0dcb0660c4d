/** A number typed in a field, with a comma accepted as the decimal mark; NaN when it is not one. */
export const numberOf = (text: string) => (text.trim() === '' ? Number.NaN : Number(text.replace(',', '.')));
