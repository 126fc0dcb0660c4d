import { describe, expect, it } from 'vitest';
import { money } from '../../src/domain/money.js';
import { buildOcdsRecordPackage, ocdsJson } from '../../src/domain/ocds.js';
import type { ProgrammeRecord } from '../../src/domain/programme.schema.js';

const record = (over: Partial<ProgrammeRecord> = {}): ProgrammeRecord => ({
  id: '0190a000-0000-7000-8000-000000000001',
  version: 3,
  label: { ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: [], compartments: [] },
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-02T09:00:00.000Z',
  commissionId: null,
  title: { en: 'Coastal radars' },
  description: {},
  status: 'need',
  cancelReason: null,
  need: {
    capabilityGap: 'Coastal surveillance',
    quantity: 3,
    requiredBy: '2028-01-31',
    budgetCeiling: money(9007199254740993007n, 'EUR'),
  },
  evaluationId: null,
  evaluationHash: null,
  selectedOfferId: null,
  objectiveIds: [],
  activityIds: [],
  offers: [],
  contract: null,
  history: [],
  ...over,
});

describe('OCDS export', () => {
  it('writes amounts digit for digit, in major units with the currency’s decimals', () => {
    const text = ocdsJson(buildOcdsRecordPackage(record(), { publishedDate: '2026-12-06T10:00:00Z', buyerName: null }));
    expect(text).toContain('"amount": 90071992547409930.07');
    expect(text).not.toContain('\\u0000');
    const iqd = ocdsJson(
      buildOcdsRecordPackage(record({ need: { ...record().need, budgetCeiling: money(1234500n, 'IQD') } }), {
        publishedDate: '2026-12-06T10:00:00Z',
        buyerName: null,
      }),
    );
    expect(iqd).toContain('"amount": 1234.500');
  });

  it('leaves text alone that looks like a marked amount', () => {
    const gap = '\u00001234 and "\\u00005678"';
    const text = ocdsJson(
      buildOcdsRecordPackage(record({ need: { ...record().need, capabilityGap: gap } }), {
        publishedDate: '2026-12-06T10:00:00Z',
        buyerName: null,
      }),
    );
    expect(JSON.parse(text).records[0].compiledRelease.planning.rationale).toBe(gap);
  });

  it('tags the release by where the programme stands, and a cancellation by whether a contract was signed', () => {
    const tagsOf = (r: ProgrammeRecord) =>
      buildOcdsRecordPackage(r, { publishedDate: '2026-12-06T10:00:00Z', buyerName: null }).records[0]?.releases[0]?.tag;
    expect(tagsOf(record())).toEqual(['planning']);
    expect(tagsOf(record({ status: 'evaluation' }))).toEqual(['tender']);
    const cancelled = record({
      status: 'cancelled',
      history: [{ at: '2026-12-02T09:00:00.000Z', from: 'evaluation', to: 'cancelled', reason: 'x', party: 'MAR', userId: 'u' }],
    });
    expect(tagsOf(cancelled)).toEqual(['tender', 'tenderCancellation']);
  });
});
