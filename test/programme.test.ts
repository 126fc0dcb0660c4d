import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { createObjective } from '../src/app/objective.usecases.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import { databases, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, type seedWorld } from './support/fixtures.js';
import { PARTIES, prng, READER_COMPARTMENT_SETS, RECORD_COMPARTMENT_SETS } from './support/labelled-world.js';
import { type Json, programmeApi } from './support/programme-api.js';

const VECTORS = join(import.meta.dirname, 'vectors/ocds');
const schemaOf = (name: string) => JSON.parse(readFileSync(join(VECTORS, name), 'utf8'));

// CommonJS modules whose default export NodeNext types as the module itself.
type Ajv = import('ajv').Ajv;
const Ajv04 = (ajvDraft04 as unknown as { default: new (opts: object) => Ajv }).default;
const addFormats = (ajvFormats as unknown as { default: (ajv: Ajv) => Ajv }).default;

/**
 * The OCDS 1.1 release schema and record package schema, under the draft-04
 * meta-schema they are written to. The record package's `versionedRelease`
 * refers to a schema that is not among the vectors; the export gives no
 * versioned release, so that one property is left out of the package schema.
 */
function ocdsValidators() {
  const ajv = new Ajv04({ strict: false, allErrors: true });
  addFormats(ajv);
  const release = schemaOf('release-schema.json');
  ajv.addSchema(release);
  const recordPackage = schemaOf('record-package-schema.json');
  expect(recordPackage.definitions.record.properties.versionedRelease).toBeDefined();
  delete recordPackage.definitions.record.properties.versionedRelease;
  return {
    release: ajv.getSchema(release.id) as ReturnType<typeof ajv.compile>,
    recordPackage: ajv.compile(recordPackage),
  };
}

/** An amount above 2^53 minor units: a double would round it. */
const HUGE = '90071992547409930.07';

const need = (over: Json = {}) => ({
  capabilityGap: 'Short-range air defence of the northern airbases',
  quantity: 12,
  requiredBy: '2028-06-30',
  budgetCeiling: { amount: '450000000.00', currency: 'EUR' },
  ...over,
});

/**
 * Procurement programmes through the API on each database: the record, its
 * lifecycle, offers kept once the evaluation opened, the contract and its
 * execution, exact amounts, exchange rates, the OCDS export, and the read
 * rule (a programme one may not read answers exactly like a missing one).
 */
describe.each(databases())('procurement programmes on %s', (kind) => {
  const api = programmeApi(kind, {
    name: 'Skyguard Systems',
    country: 'France',
    identifier: 'FR-552100554',
    systems: [{ name: 'SG-300 short-range air defence', category: 'air defence' }],
    releasableTo: ['ISR'],
  });
  const { headersOf, send, ok } = api;
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let supplier: Json;
  beforeEach(() => {
    ({ t, w, supplier } = api.s);
  });

  /** An offer's delivery schedule: `[quantity, date]` a lot, named Lot 1, Lot 2… in order. */
  const lots = (...each: [number, string][]) => each.map(([quantity, date], i) => ({ lot: `Lot ${i + 1}`, quantity, date }));
  /** Twelve systems at 30 M EUR each, in two lots, with the industrial participation they promise. */
  const offerOf = (over: Json = {}) => ({
    supplierId: supplier.id,
    systemId: supplier.systems[0].id,
    quantity: 12,
    unitPrice: { amount: '30000000.00', currency: 'EUR' },
    totalPrice: { amount: '360000000.00', currency: 'EUR' },
    deliverySchedule: lots([4, '2027-09-30'], [8, '2028-03-31']),
    industrialParticipation: {
      localShare: 35,
      sites: ['Nouaceur'],
      jobs: 420,
      technologyTransfer: 'Final assembly of launchers',
    },
    validUntil: '2027-06-30',
    documents: [{ title: 'Technical offer', reference: 'SG-2026-114' }],
    ...over,
  });
  const create = (over: Json = {}) =>
    ok('mar', 'POST', '/api/programmes', {
      commissionId: w.commission.id,
      title: { en: 'Air defence of the northern airbases', fr: 'Défense aérienne des bases du nord' },
      need: need(),
      releasableTo: ['ISR'],
      ...over,
    });
  const move = async (id: string, to: string, extra: Json = {}) =>
    send('mar', 'POST', `/api/programmes/${id}/transitions`, { to, ...extra });

  it('states a need linked to the results framework, with its budget ceiling exact above 2^53 minor units', async () => {
    const activity = await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput('2026-PRG-01') as never);
    const objective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
      title: { en: 'Air defence capability' },
      activityIds: [activity.id],
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    const p = await create({
      need: need({ budgetCeiling: { amount: HUGE, currency: 'EUR' } }),
      objectiveIds: [objective.id],
      activityIds: [activity.id],
    });
    expect(p).toMatchObject({ status: 'need', ownerParty: 'MAR', objectiveIds: [objective.id], activityIds: [activity.id] });
    expect(p.need.budgetCeiling).toEqual({ amount: HUGE, currency: 'EUR' });
    const stored = await t.db
      .selectFrom('programme')
      .select((eb) => eb.cast<string>('budget_amount', 'text').as('a'))
      .executeTakeFirstOrThrow();
    expect(stored.a).toBe('9007199254740993007');
    const read = await ok('isr', 'GET', `/api/programmes/${p.id}`);
    expect(read.need.budgetCeiling.amount).toBe(HUGE);
    expect(read.history).toEqual([expect.objectContaining({ from: null, to: 'need', party: 'MAR' })]);
    const list = await ok('isr', 'GET', '/api/programmes');
    expect(list.items.map((x: Json) => x.id)).toEqual([p.id]);
    // Too many decimals, an amount past 64 bits, a link one may not make: refused, nothing written.
    for (const [body, code] of [
      [{ need: need({ budgetCeiling: { amount: '10.001', currency: 'EUR' } }) }, 'field.amount_decimals'],
      [{ need: need({ budgetCeiling: { amount: '92233720368547758.08', currency: 'EUR' } }) }, 'field.amount_range'],
      [{ activityIds: ['0190a000-0000-7000-8000-00000000abcd'] }, 'field.unknown_ids'],
    ] as const) {
      const res = await send('mar', 'POST', '/api/programmes', {
        title: { en: 'x' },
        need: need(),
        ...body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors.map((e: Json) => e.code)).toContain(code);
    }
    expect((await ok('mar', 'GET', '/api/programmes')).items).toHaveLength(1);
  });

  it('moves through its lifecycle with offers, contract, milestones, deliveries and amendments, keeping offers once evaluated', async () => {
    const p = await create();
    // The evaluation needs an offer.
    expect((await move(p.id, 'evaluation')).json().code).toBe('programme.evaluation_needs_offer');
    const first = (await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf())).offers[0];
    const mistaken = (await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf({ quantity: 1, deliverySchedule: [] })))
      .offers[1];
    // Before the evaluation opens, an offer entered by mistake may be deleted.
    expect((await ok('mar', 'DELETE', `/api/programmes/${p.id}/offers/${mistaken.id}`)).offers).toHaveLength(1);
    const second = (
      await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf({ totalPrice: { amount: HUGE, currency: 'EUR' } }))
    ).offers[1];
    expect(second.totalPrice.amount).toBe(HUGE);
    expect((await move(p.id, 'evaluation')).statusCode).toBe(200);
    // Once the evaluation opened, nothing is deleted: the offer is withdrawn and stays.
    const del = await send('mar', 'DELETE', `/api/programmes/${p.id}/offers/${second.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('programme.offer_kept');
    const withdrawn = await ok('mar', 'POST', `/api/programmes/${p.id}/offers/${second.id}/withdrawal`, {
      reason: 'Price not held',
    });
    expect(withdrawn.offers).toHaveLength(2);
    expect(withdrawn.offers[1]).toMatchObject({
      id: second.id,
      withdrawnReason: 'Price not held',
      withdrawnAt: expect.any(String),
    });
    expect((await move(p.id, 'selected', { offerId: second.id })).json().code).toBe('programme.offer_not_selectable');
    expect((await move(p.id, 'contracted')).json().code).toBe('programme.cannot_move');
    // ISR reads the programme but may not change it.
    expect(
      (await send('isr', 'POST', `/api/programmes/${p.id}/transitions`, { to: 'selected', offerId: first.id })).statusCode,
    ).toBe(403);
    expect((await move(p.id, 'selected', { offerId: first.id })).statusCode).toBe(200);
    expect((await move(p.id, 'contracted')).json().code).toBe('programme.contract_needed');
    const contracted = await ok('mar', 'PUT', `/api/programmes/${p.id}/contract`, {
      value: { amount: '355000000.00', currency: 'EUR' },
      signedOn: '2027-02-15',
      reference: 'MAR-DEF-2027-014',
    });
    expect(contracted.contract).toMatchObject({ offerId: first.id, value: { amount: '355000000.00', currency: 'EUR' } });
    expect(
      (
        await send('mar', 'PUT', `/api/programmes/${p.id}/contract`, {
          value: { amount: '1.00', currency: 'EUR' },
          signedOn: '2027-02-16',
        })
      ).statusCode,
    ).toBe(400);
    expect((await move(p.id, 'contracted')).statusCode).toBe(200);

    const withMilestones = await ok('mar', 'POST', `/api/programmes/${p.id}/contract/milestones`, {
      kind: 'payment',
      title: 'Advance payment',
      dueDate: '2027-03-15',
      value: { amount: '71000000.00', currency: 'EUR' },
    });
    const payment = withMilestones.contract.milestones[0];
    await ok('mar', 'POST', `/api/programmes/${p.id}/contract/milestones`, {
      kind: 'acceptance',
      title: 'Acceptance of lot 1',
      dueDate: '2027-10-31',
      value: { amount: '0.00', currency: 'EUR' },
    });
    const met = await ok('mar', 'PATCH', `/api/programmes/${p.id}/contract/milestones/${payment.id}`, {
      status: 'met',
      dateMet: '2027-03-10',
    });
    expect(met.contract.milestones.find((m: Json) => m.id === payment.id)).toMatchObject({
      status: 'met',
      dateMet: '2027-03-10',
    });
    expect((await move(p.id, 'delivering')).statusCode).toBe(200);
    await ok('mar', 'POST', `/api/programmes/${p.id}/contract/deliveries`, {
      lot: 'Lot 1',
      deliveredOn: '2027-09-28',
      quantityDelivered: 4,
      quantityAccepted: 3,
    });
    const over = await send('mar', 'POST', `/api/programmes/${p.id}/contract/deliveries`, {
      lot: 'Lot 2',
      deliveredOn: '2028-03-20',
      quantityDelivered: 10,
      quantityAccepted: 10,
    });
    expect(over.json().code).toBe('programme.accepted_over_quantity');
    const bad = await send('mar', 'POST', `/api/programmes/${p.id}/contract/deliveries`, {
      lot: 'Lot 2',
      deliveredOn: '2028-03-20',
      quantityDelivered: 2,
      quantityAccepted: 3,
    });
    expect(bad.json().errors[0]).toMatchObject({ path: 'quantityAccepted', code: 'field.accepted_over_delivered' });
    const amended = await ok('mar', 'POST', `/api/programmes/${p.id}/contract/amendments`, {
      date: '2027-11-02',
      rationale: 'A fifth battery for the southern base',
      value: { amount: '389000000.00', currency: 'EUR' },
    });
    expect(amended.contract.value.amount).toBe('389000000.00');
    expect(amended.contract.amendments).toEqual([
      expect.objectContaining({
        number: 1,
        rationale: 'A fifth battery for the southern base',
        valueBefore: { amount: '355000000.00', currency: 'EUR' },
        valueAfter: { amount: '389000000.00', currency: 'EUR' },
      }),
    ]);
    const otherCurrency = await send('mar', 'POST', `/api/programmes/${p.id}/contract/amendments`, {
      date: '2027-11-03',
      rationale: 'x',
      value: { amount: '1.00', currency: 'USD' },
    });
    expect(otherCurrency.json().code).toBe('programme.amendment_currency');
    expect((await move(p.id, 'operational')).statusCode).toBe(200);
    expect((await move(p.id, 'cancelled')).json().code).toBe('programme.cancel_needs_reason');
    const closed = (await move(p.id, 'closed')).json();
    expect(closed.status).toBe('closed');
    // The moves are written out, not taken from the lifecycle: the test states the path a programme takes.
    expect(closed.history.map((h: Json) => `${h.from ?? 'start'} → ${h.to}`)).toEqual([
      'start → need',
      'need → evaluation',
      'evaluation → selected',
      'selected → contracted',
      'contracted → delivering',
      'delivering → operational',
      'operational → closed',
    ]);
    expect((await move(p.id, 'cancelled', { reason: 'too late' })).json().code).toBe('programme.cannot_move_final');
    // Every write was audited.
    const actions = await t.db.selectFrom('audit_entry').select('action').where('entity_id', '=', p.id).execute();
    expect(actions.map((a) => a.action)).toContain('programme.amendment_add');

    // The export is an OCDS 1.1 record package, valid against the published schemas, amounts exact.
    const res = await send('mar', 'GET', `/api/programmes/${p.id}/ocds`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('"amount": 389000000.00');
    const pkg = JSON.parse(res.body);
    const v = ocdsValidators();
    expect(v.recordPackage(pkg), JSON.stringify(v.recordPackage.errors)).toBe(true);
    for (const release of [...pkg.records[0].releases, pkg.records[0].compiledRelease])
      expect(v.release(release), JSON.stringify(v.release.errors)).toBe(true);
    const release = pkg.records[0].compiledRelease;
    expect(release.tag).toEqual(['compiled']);
    expect(release.awards[0]).toMatchObject({ id: first.id, status: 'active' });
    expect(release.contracts[0]).toMatchObject({ awardID: first.id, status: 'terminated', dateSigned: '2027-02-15T00:00:00Z' });
    expect(release.contracts[0].milestones.map((m: Json) => [m.code, m.status])).toEqual([
      ['payment', 'met'],
      ['acceptance', 'scheduled'],
    ]);
    expect(release.contracts[0].implementation.milestones[0]).toMatchObject({ title: 'Lot 1', status: 'partiallyMet' });
    expect(release.contracts[0].implementation.transactions[0].value).toEqual({ amount: 71000000, currency: 'EUR' });
    expect(release.contracts[0].amendments[0]).toMatchObject({ id: '1', rationale: 'A fifth battery for the southern base' });
    expect(release.tender.tenderers).toHaveLength(1);
  });

  it('exports a programme with an amount above 2^53 digit for digit, valid against the schema', async () => {
    const p = await create({ need: need({ budgetCeiling: { amount: HUGE, currency: 'EUR' } }) });
    await ok('mar', 'POST', `/api/programmes/${p.id}/offers`, offerOf());
    const res = await send('isr', 'GET', `/api/programmes/${p.id}/ocds`);
    expect(res.body).toContain(`"amount": ${HUGE}`);
    const v = ocdsValidators();
    const pkg = JSON.parse(res.body);
    expect(v.recordPackage(pkg), JSON.stringify(v.recordPackage.errors)).toBe(true);
    expect(v.release(pkg.records[0].releases[0]), JSON.stringify(v.release.errors)).toBe(true);
    expect(pkg.records[0].releases[0].tag).toEqual(['planning']);
    // A document whose shape the schema refuses is told apart: the validator is not a yes-machine.
    expect(v.release({ ...pkg.records[0].releases[0], tag: ['bogus'] })).toBe(false);
  });

  it('keeps a dated exchange-rate table and totals a programme in one currency, naming each rate', async () => {
    const rate = { from: 'EUR', to: 'MAD', rate: '10.85', date: '2026-11-30', source: 'Bank Al-Maghrib' };
    const entered = await ok('mar', 'POST', '/api/exchange-rates', rate);
    expect(entered).toMatchObject({ ...rate, enteredBy: w.marPlanner.displayName });
    const again = await send('mar', 'POST', '/api/exchange-rates', rate);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('exchange_rate.exists');
    expect((await send('isr', 'POST', '/api/exchange-rates', { ...rate, date: '2026-12-01' })).json().code).toBe(
      'exchange_rate.only_admins',
    );
    expect((await send('mar', 'POST', '/api/exchange-rates', { ...rate, to: 'EUR' })).statusCode).toBe(400);
    await ok('mar', 'POST', '/api/exchange-rates', { from: 'USD', to: 'EUR', rate: '0.92', date: '2026-12-01', source: 'ECB' });
    expect((await ok('isr', 'GET', '/api/exchange-rates')).items).toHaveLength(2);

    const p = await create({ need: need({ budgetCeiling: { amount: '1000.00', currency: 'EUR' } }) });
    await ok(
      'mar',
      'POST',
      `/api/programmes/${p.id}/offers`,
      offerOf({ unitPrice: { amount: '10', currency: 'USD' }, totalPrice: { amount: '120.00', currency: 'USD' } }),
    );
    const totals = await ok('isr', 'GET', `/api/programmes/${p.id}/totals?currency=EUR&on=2026-12-06`);
    expect(totals.lines.map((l: Json) => [l.what.split(':')[0], l.converted.amount])).toEqual([
      ['budgetCeiling', '1000.00'],
      ['offer', '110.40'],
    ]);
    expect(totals.lines[1].rate).toMatchObject({ from: 'USD', to: 'EUR', rate: '0.92', source: 'ECB', inverted: false });
    const missing = await send('mar', 'GET', `/api/programmes/${p.id}/totals?currency=MAD&on=2026-12-06`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('money.no_rate');
  });

  it('answers a programme a reader may not read exactly as a missing one, for generated readers and labels', async () => {
    const rng = prng(20261212);
    const releasable = [[], ['ISR'], ['USA'], ['ISR', 'USA', 'FRA']];
    const labels = new Map<string, Label>();
    for (let i = 0; i < 16; i++) {
      const label: Label = {
        ownerParty: 'MAR',
        classification: rng.pick(CLASSIFICATIONS),
        releasableTo: [...rng.pick(releasable)],
        compartments: [...rng.pick(RECORD_COMPARTMENT_SETS)],
      };
      const p = await create({
        commissionId: null,
        title: { en: `Programme ${i}` },
        classification: label.classification,
        releasableTo: label.releasableTo,
        compartments: label.compartments,
      });
      labels.set(p.id, label);
    }
    const missingId = '0190a000-0000-7000-8000-0000000fffff';
    for (let r = 0; r < 10; r++) {
      const reader = {
        party: rng.pick(PARTIES.slice(0, 3)),
        clearance: rng.pick(CLASSIFICATIONS),
        compartments: [...rng.pick(READER_COMPARTMENT_SETS)],
      };
      const actor = await makeActor(t.ctx, reader.party, ['planner', 'viewer'], reader.clearance, reader.compartments);
      const headers = await headersOf(actor);
      const expected = [...labels].filter(([, l]) => canRead(reader, l)).map(([id]) => id);
      const list = (await send(headers, 'GET', '/api/programmes')).json() as Json;
      expect(list.items.map((x: Json) => x.id).sort(), JSON.stringify(reader)).toEqual(expected.sort());
      const answerTo = async (id: string, method: 'GET' | 'POST', url: string, payload?: object) => {
        const res = await send(headers, method, url.replace(':id', id), payload);
        const body = res.json() as Json;
        return { status: res.statusCode, code: body.code, detail: body.detail, params: body.params, errors: body.errors };
      };
      for (const [id, label] of labels) {
        const readable = canRead(reader, label);
        for (const [method, url, payload] of [
          ['GET', '/api/programmes/:id', undefined],
          ['GET', '/api/programmes/:id/ocds', undefined],
          ['POST', '/api/programmes/:id/transitions', { to: 'cancelled', reason: 'x' }],
          ['POST', '/api/programmes/:id/offers', offerOf()],
        ] as const) {
          const got = await answerTo(id, method, url, payload);
          if (readable) expect(got.status, `${url} ${JSON.stringify(reader)}`).not.toBe(404);
          else
            expect(got, `${url} ${JSON.stringify(reader)} ${JSON.stringify(label)}`).toEqual(
              await answerTo(missingId, method, url, payload),
            );
        }
      }
    }
  });
});
