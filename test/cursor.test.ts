import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../src/domain/errors.js';
import { daysBetween } from '../src/domain/period.js';
import { decodeCursor, encodeCursor } from '../src/store/cursor.js';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return null;
};

describe('keyset cursors', () => {
  it('give back the values they were made of', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (values) => {
        expect(decodeCursor(encodeCursor(values), values.length)).toEqual(values);
      }),
    );
  });

  it('refuse, coded, a cursor of another length, of other values, or made up', () => {
    const cursor = encodeCursor(['2026-01-01T00:00:00.000Z', 'id']);
    expect(codeOf(() => decodeCursor(cursor, 3))).toBe('request.bad_cursor');
    expect(codeOf(() => decodeCursor(encodeCursor(['a', 2]), 2))).toBe('request.bad_cursor');
    expect(codeOf(() => decodeCursor(encodeCursor(['x', 'a']), 2, (v, i) => (i === 0 ? v === 'r' : true)))).toBe(
      'request.bad_cursor',
    );
    // A NUL no key holds, which PostgreSQL would refuse in a parameter.
    expect(codeOf(() => decodeCursor(encodeCursor(['a\u0000', 'plan']), 2))).toBe('request.bad_cursor');
    for (const made of ['', 'not a cursor', '!!!', Buffer.from('{"a":1}').toString('base64url')])
      expect(codeOf(() => decodeCursor(made, 2))).toBe('request.bad_cursor');
  });
});

describe('days between two dates', () => {
  it('counts whole calendar days, either way', () => {
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(30);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2028-03-01', '2028-02-28')).toBe(-2);
    expect(daysBetween('2026-06-15', '2026-06-15')).toBe(0);
  });
});
