import { describe, expect, it } from 'vitest';
import { parseContentLine } from '../../../src/domain/exchange/bundle-content.js';
import { refusal } from '../../support/refusal.js';

const record = (over: object = {}) =>
  JSON.stringify({
    kind: 'plan',
    id: '01900000-0000-7000-8000-000000000001',
    parentId: null,
    version: 3,
    updatedAt: '2026-05-01T10:00:00.000Z',
    label: {
      policyIdentifier: 'urn:jointplan:mar:security-policy:2026-1',
      classification: 'NP',
      categories: [],
      originator: { party: 'MAR', installation: 'jointplan-mar' },
      creationTime: '2026-05-01T10:00:00.000Z',
    },
    data: {},
    ...over,
  });

describe('a line of a bundle’s content', () => {
  it('refuses a record whose version no column keeps (above 2³¹ − 1), naming its line', () => {
    expect(parseContentLine(record({ version: 2 ** 31 - 1 }), 1)).toMatchObject({ kind: 'plan', version: 2 ** 31 - 1 });
    expect(refusal(() => parseContentLine(record({ version: 2 ** 31 }), 7))).toMatchObject({
      code: 'exchange.content_invalid',
      params: { line: 7 },
    });
    expect(refusal(() => parseContentLine(record({ version: 0 }), 2))).toMatchObject({ code: 'exchange.content_invalid' });
  });
});
