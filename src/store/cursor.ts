import { issue, problem } from '../domain/problems.js';

/**
 * Keyset cursors: the sort values of the last row of a page, handed to the
 * client as an opaque string and given back to ask for the next page.
 */
export const encodeCursor = (values: readonly unknown[]): string => Buffer.from(JSON.stringify(values)).toString('base64url');

/**
 * The values of a cursor, when it is an array of `length` values each of
 * which `valid` takes (strings by default); anything else, a cursor made up
 * or cut short included, is refused as `request.bad_cursor`.
 */
export function decodeCursor(
  cursor: string,
  length: number,
  valid: (value: unknown, index: number) => boolean = (v) => typeof v === 'string',
): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === length && parsed.every(valid)) return parsed;
  } catch {
    // fall through to the refusal below
  }
  throw problem('request.bad_cursor', {}, [issue('cursor', 'field.bad_cursor')]);
}
