import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type KyselyPlugin, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import {
  addAmendment,
  addDelivery,
  addMilestone,
  addRate,
  createSupplier,
  moveProgramme,
  updateMilestone,
} from '../src/app/programme.usecases.js';
import { programmeMeasure, programmeMeasures } from '../src/app/programme-measures.usecases.js';
import { canRead, type Label } from '../src/domain/labels.js';
import type { MilestoneKind, MilestoneStatus } from '../src/domain/programme.schema.js';
import {
  amendmentCreateSchema,
  deliveryCreateSchema,
  milestoneCreateSchema,
  supplierCreateSchema,
} from '../src/domain/programme.schema.js';
import { buildServer } from '../src/server/app.js';
import { openDatabase } from '../src/store/db.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { makeActor, seedParties } from './support/fixtures.js';
import { PARTIES, prng } from './support/labelled-world.js';
import { createLabelledProgramme, offerFrom, programmeLabel, signContract } from './support/programmes.js';
import { generatedReader } from './support/world-labels.js';
import { halfEven } from './support/world-offsets.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

// biome-ignore lint/suspicious/noExplicitAny: the answers' JSON is read loosely here; the assertions check its shape
type Json = Record<string, any>;

/** Amounts in the reference model: minor units and currency, all with two decimals here. */
type Amount = { cents: bigint; currency: string };
const decimal = (cents: bigint) => {
  const digits = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${cents < 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
const json = (a: Amount) => ({ amount: decimal(a.cents), currency: a.currency });

/** 2^53 × 1000 + 7 centimes: a double would round it. */
const HUGE = 9007199254740993007n;

/** The installation's rates; EUR into MAD changes in August, ILS into MAD is the inverse of the rate entered. */
const RATES = [
  { from: 'EUR', to: 'MAD', rate: '10.85', date: '2026-01-01', source: 'Bank Al-Maghrib' },
  { from: 'EUR', to: 'MAD', rate: '10.9', date: '2026-08-01', source: 'Bank Al-Maghrib' },
  { from: 'USD', to: 'MAD', rate: '9.9735', date: '2026-01-01', source: 'Bank Al-Maghrib' },
  { from: 'MAD', to: 'ILS', rate: '0.37', date: '2026-01-01', source: 'Bank of Israel' },
];
const CURRENCIES = ['MAD', 'EUR', 'USD', 'ILS'];
const DAYS = ['2026-02-10', '2026-05-20', '2026-07-01', '2026-09-15', '2026-11-30', '2027-01-20'];
const AS_OF = ['2026-07-01', '2026-12-01'];

/** A reference conversion into MAD (two decimals both sides), written apart from the code under test. */
function toMad(a: Amount, on: string): bigint {
  if (a.currency === 'MAD') return a.cents;
  const usable = RATES.filter((r) => r.date <= on && (r.from === a.currency || r.to === a.currency));
  const latest = usable.sort((x, y) => (x.date < y.date ? 1 : -1))[0];
  if (!latest) throw new Error(`no rate for ${a.currency}`);
  const [whole, fraction = ''] = latest.rate.split('.');
  const numerator = BigInt(`${whole}${fraction}`);
  const scale = 10n ** BigInt(fraction.length);
  if (latest.from === a.currency) return halfEven(a.cents * numerator, scale);
  // Entered the other way round: its inverse, to 12 places, half to even.
  const inverse = halfEven(scale * 10n ** 12n, numerator);
  return halfEven(a.cents * inverse, 10n ** 12n);
}

interface Model {
  id: string;
  label: Label;
  signedOn: string | null;
  signed: Amount;
  amendments: { number: number; date: string; before: Amount; after: Amount }[];
  unitPrice: Amount;
  milestones: {
    id: string;
    kind: MilestoneKind;
    dueDate: string;
    value: Amount;
    status: MilestoneStatus;
    dateMet: string | null;
  }[];
  deliveries: { deliveredOn: string; accepted: number }[];
  endedAt: string | null;
}

/** What the reader should see, in MAD, as of `on`: the reference model of the measures. */
function expected(models: Model[], reader: Parameters<typeof canRead>[0], on: string, party?: string) {
  const rows = models
    .filter((m) => canRead(reader, m.label) && m.signedOn !== null && m.signedOn <= on)
    .filter((m) => !party || m.label.ownerParty === party)
    .map((m) => {
      const changes = m.amendments
        .filter((a) => a.date <= on && a.after.cents !== a.before.cents)
        .sort((a, b) => (a.date === b.date ? a.number - b.number : a.date < b.date ? -1 : 1));
      const committed = changes.at(-1)?.after ?? m.signed;
      const paidByCurrency = new Map<string, bigint>();
      for (const s of m.milestones)
        if (s.kind === 'payment' && s.status === 'met' && (s.dateMet ?? '') <= on)
          paidByCurrency.set(s.value.currency, (paidByCurrency.get(s.value.currency) ?? 0n) + s.value.cents);
      const accepted = m.deliveries.filter((d) => d.deliveredOn <= on).reduce((n, d) => n + d.accepted, 0);
      const ended = m.endedAt !== null && m.endedAt.slice(0, 10) <= on;
      const late = ended
        ? []
        : m.milestones.filter((s) => s.dueDate < on && !(s.status === 'met' && (s.dateMet ?? '') <= on)).map((s) => s.id);
      return {
        id: m.id,
        party: m.label.ownerParty,
        committed: toMad(committed, on),
        paid: [...paidByCurrency].reduce((sum, [currency, cents]) => sum + toMad({ cents, currency }, on), 0n),
        delivered: toMad({ cents: m.unitPrice.cents * BigInt(accepted), currency: m.unitPrice.currency }, on),
        late: late.sort(),
      };
    });
  const sum = (list: typeof rows) => ({
    programmes: list.length,
    committed: json({ cents: list.reduce((s, r) => s + r.committed, 0n), currency: 'MAD' }),
    paid: json({ cents: list.reduce((s, r) => s + r.paid, 0n), currency: 'MAD' }),
    delivered: json({ cents: list.reduce((s, r) => s + r.delivered, 0n), currency: 'MAD' }),
    lateMilestones: list.reduce((n, r) => n + r.late.length, 0),
  });
  const parties = [...new Set(rows.map((r) => r.party))].sort();
  return {
    totals: sum(rows),
    parties: parties.map((p) => ({ party: p, ...sum(rows.filter((r) => r.party === p)) })),
    programmes: rows
      .sort((a, b) => (a.party === b.party ? (a.id < b.id ? -1 : 1) : a.party < b.party ? -1 : 1))
      .map((r) => ({ id: r.id, ...sum([r]), late: r.late })),
  };
}

/** The answer reduced to what the reference model gives. */
const reduced = (m: Json) => ({
  totals: m.totals,
  parties: m.parties,
  programmes: m.programmes.map((p: Json) => ({
    id: p.id,
    programmes: p.programmes,
    committed: p.committed,
    paid: p.paid,
    delivered: p.delivered,
    lateMilestones: p.lateMilestones,
    late: p.late.map((l: Json) => l.id).sort(),
  })),
});

/**
 * Programme measures on each database: programmes of every label taken
 * through the use cases to contracts with milestones, deliveries and
 * amendments in several currencies; generated readers get, as of two days,
 * exactly the figures the reference model computes from what they may read.
 */
describe.each(databases())('programme measures on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let now = '2026-01-05T09:00:00.000Z';
  const models: Model[] = [];
  const rng = prng(20261201);
  const planners: Record<string, Actor> = {};

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date(now));
    await seedParties(t.ctx, [...PARTIES]);
    for (const party of PARTIES)
      planners[party] = await makeActor(t.ctx, party, ['planner', 'admin'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const mar = planners.MAR as Actor;
    for (const r of RATES) await addRate(t.ctx, mar, r);
    const amount = (currency: string, max = 1_000_000_000): Amount => ({
      cents: BigInt(rng.int(max)) * 100n + BigInt(rng.int(100)),
      currency,
    });
    for (let i = 0; i < 28; i++) {
      now = '2026-01-05T09:00:00.000Z';
      const label = programmeLabel(rng);
      const planner = planners[label.ownerParty] as Actor;
      const supplier = await createSupplier(
        t.ctx,
        planner,
        supplierCreateSchema.parse({ name: `Supplier ${i}`, country: 'France', systems: [{ name: 'S', category: 'radar' }] }),
      );
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`, 10);
      const unitPrice = amount(rng.pick(CURRENCIES), 10_000_000);
      const withOffer = await offerFrom(t.ctx, planner, p.id, supplier, {
        quantity: 10,
        unitPrice: json(unitPrice),
        totalPrice: json({ ...unitPrice, cents: unitPrice.cents * 10n }),
        validUntil: '2027-01-01',
      });
      const model: Model = {
        id: p.id,
        label,
        signedOn: null,
        signed: { cents: 0n, currency: 'MAD' },
        amendments: [],
        unitPrice,
        milestones: [],
        deliveries: [],
        endedAt: null,
      };
      models.push(model);
      // A few programmes never reach a contract: they count nowhere.
      if (i % 7 === 6) continue;
      // One contract is worth more than 2^53 centimes, and is never amended.
      const signed = i === 0 ? { cents: HUGE, currency: 'MAD' } : amount(rng.pick(CURRENCIES));
      const signedOn = rng.pick(DAYS.slice(0, 5));
      await signContract(t.ctx, planner, p.id, withOffer.offers[0]?.id, { value: json(signed), signedOn });
      await moveProgramme(t.ctx, planner, p.id, { to: 'contracted' });
      Object.assign(model, { signed, signedOn });
      for (let k = 0; k < 3; k++) {
        const kind = rng.pick(['payment', 'payment', 'delivery', 'acceptance'] as const);
        const value = amount(rng.pick(CURRENCIES), 100_000_000);
        const dueDate = rng.pick(DAYS);
        const added = await addMilestone(
          t.ctx,
          planner,
          p.id,
          milestoneCreateSchema.parse({ kind, title: `M${k}`, dueDate, value: json(value) }),
        );
        const id = added.contract?.milestones.find((s) => s.title === `M${k}`)?.id as string;
        const status = rng.pick(['scheduled', 'met', 'met', 'not_met', 'partially_met'] as const);
        const dateMet = status === 'met' || status === 'partially_met' ? rng.pick(DAYS) : null;
        if (status !== 'scheduled') await updateMilestone(t.ctx, planner, p.id, id, { status, dateMet });
        model.milestones.push({ id, kind, dueDate, value, status, dateMet });
      }
      await moveProgramme(t.ctx, planner, p.id, { to: 'delivering' });
      let left = 10;
      for (let k = 0; k < 2; k++) {
        const delivered = 1 + rng.int(4);
        const accepted = Math.min(left, rng.int(delivered + 1));
        const deliveredOn = rng.pick(DAYS);
        await addDelivery(
          t.ctx,
          planner,
          p.id,
          deliveryCreateSchema.parse({ lot: `Lot ${k}`, deliveredOn, quantityDelivered: delivered, quantityAccepted: accepted }),
        );
        left -= accepted;
        model.deliveries.push({ deliveredOn, accepted });
      }
      let value = signed;
      for (let k = 0; k < (i === 0 ? 0 : rng.int(3)); k++) {
        const date = rng.pick(DAYS);
        const after = rng.next() < 0.7 ? { ...amount(signed.currency), currency: signed.currency } : value;
        await addAmendment(
          t.ctx,
          planner,
          p.id,
          amendmentCreateSchema.parse({ date, rationale: `Change ${k}`, value: after === value ? null : json(after) }),
        );
        model.amendments.push({ number: k + 1, date, before: value, after });
        value = after;
      }
      // Some programmes are cancelled in September: their milestones are late before, not after.
      if (rng.next() < 0.25) {
        now = '2026-09-01T10:00:00.000Z';
        await moveProgramme(t.ctx, planner, p.id, { to: 'cancelled', reason: 'Requirement withdrawn' });
        model.endedAt = now;
      }
    }
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each generated reader, as of two days, exactly the figures of the programmes it may read', async () => {
    let seen = 0;
    let hidden = 0;
    for (let r = 0; r < 14; r++) {
      const reader = await generatedReader(t.ctx, rng);
      for (const on of AS_OF) {
        const party = r % 3 === 2 ? rng.pick(PARTIES.slice(0, 3)) : undefined;
        const want = expected(models, reader, on, party);
        // Page by page, a few programmes each: every page carries the totals over all of them.
        const limit = 1 + (r % 4);
        const got = await programmeMeasures(t.ctx, reader, { currency: 'MAD', on, party, limit });
        const programmes = [...got.programmes];
        let pages = 1;
        for (let cursor = got.nextCursor; cursor !== null; pages++) {
          const next = await programmeMeasures(t.ctx, reader, { currency: 'MAD', on, party, limit, cursor });
          expect(next.programmes.length).toBeLessThanOrEqual(limit);
          expect(next.programmes.length).toBeGreaterThan(0);
          expect({ ...next, programmes: [], nextCursor: null }).toEqual({ ...got, programmes: [], nextCursor: null });
          programmes.push(...next.programmes);
          cursor = next.nextCursor;
        }
        expect(pages).toBe(Math.max(1, Math.ceil(want.programmes.length / limit)));
        expect(reduced({ ...got, programmes }), `${JSON.stringify(reader)} on ${on} party ${party}`).toEqual(want);
        seen += want.totals.programmes;
        hidden += models.filter((m) => m.signedOn !== null && !canRead(reader, m.label)).length;
      }
    }
    // The readers see some programmes and miss others, and the figures are not all zero.
    expect(seen).toBeGreaterThan(20);
    expect(hidden).toBeGreaterThan(20);
    const all = await programmeMeasures(t.ctx, planners.MAR as Actor, { currency: 'MAD', on: '2026-12-01', limit: 500 });
    expect(all.nextCursor).toBeNull();
    expect(all.programmes.some((p) => p.lateMilestones > 0 && p.paid.amount !== '0.00' && p.delivered.amount !== '0.00')).toBe(
      true,
    );
  });

  it('keeps an amount above 2^53 exact, names the rate of every conversion, and refuses a currency without a rate', async () => {
    const { token } = await createToken(t.ctx, null, (planners.MAR as Actor).username, 'test');
    const headers = { authorization: `Bearer ${token}` };
    const big = models[0] as Model;
    const res = await app.inject({
      method: 'GET',
      url: `/api/programmes/${big.id}/measures?currency=MAD&on=2026-12-01`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().committed).toEqual({ amount: '90071992547409930.07', currency: 'MAD' });
    expect(res.json().lines[0]).toEqual({
      what: 'committed',
      money: res.json().committed,
      converted: res.json().committed,
      rate: null,
    });
    const all = await app.inject({ method: 'GET', url: '/api/programme-measures?currency=MAD&on=2026-12-01', headers });
    expect(all.statusCode, all.body).toBe(200);
    const body = all.json() as Json;
    for (const p of body.programmes)
      for (const line of p.lines) {
        if (line.money.currency === 'MAD') expect(line.rate).toBeNull();
        else expect(line.rate).toMatchObject({ from: line.money.currency, to: 'MAD', rate: expect.any(String) });
      }
    expect(body.rates.map((r: Json) => [r.from, r.rate, r.inverted])).toEqual(
      expect.arrayContaining([
        ['EUR', '10.9', false],
        ['ILS', '2.702702702703', true],
      ]),
    );
    // No EUR, MAD or ILS into JOD: refused, each amount named, nothing answered.
    const refused = await app.inject({ method: 'GET', url: '/api/programme-measures?currency=JOD&on=2026-12-01', headers });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('money.no_rate');
    expect(refused.json().errors[0]).toMatchObject({ code: 'field.no_rate', path: expect.stringMatching(/^programmes\./) });
    // Paged through the API: two programmes a page, the cursor carried; a cursor not given out is refused.
    const firstPage = await app.inject({
      method: 'GET',
      url: '/api/programme-measures?currency=MAD&on=2026-12-01&limit=2',
      headers,
    });
    expect(firstPage.statusCode, firstPage.body).toBe(200);
    expect(firstPage.json().programmes.map((p: Json) => p.id)).toEqual(body.programmes.slice(0, 2).map((p: Json) => p.id));
    expect(firstPage.json().totals).toEqual(body.totals);
    const second = await app.inject({
      method: 'GET',
      url: `/api/programme-measures?currency=MAD&on=2026-12-01&limit=2&cursor=${firstPage.json().nextCursor}`,
      headers,
    });
    expect(second.json().programmes.map((p: Json) => p.id)).toEqual(body.programmes.slice(2, 4).map((p: Json) => p.id));
    const forged = await app.inject({
      method: 'GET',
      url: '/api/programme-measures?currency=MAD&cursor=bm90LWEtY3Vyc29y',
      headers,
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('request.bad_cursor');
    for (const url of [
      '/api/programme-measures?currency=mad',
      '/api/programme-measures?currency=MAD&on=2026-13-01',
      '/api/programme-measures?currency=MAD&limit=0',
    ])
      expect((await app.inject({ method: 'GET', url, headers })).statusCode, url).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/programme-measures?currency=MAD' })).statusCode).toBe(401);
  });

  it("answers a programme's measures it may not read exactly as a missing one", async () => {
    const reader = { party: 'FRA', clearance: 'CONFIDENTIAL' as const, compartments: [] };
    const actor = await makeActor(t.ctx, reader.party, ['viewer'], reader.clearance, reader.compartments);
    const { token } = await createToken(t.ctx, null, actor.username, 'test');
    const headers = { authorization: `Bearer ${token}` };
    const ask = async (id: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/programmes/${id}/measures?currency=MAD&on=2026-12-01`, headers });
      const { instance: _i, ...body } = res.json() as Json;
      return { status: res.statusCode, body };
    };
    const missing = await ask('0190a000-0000-7000-8000-0000000fffff');
    expect(missing.status).toBe(404);
    let hidden = 0;
    for (const m of models) {
      const got = await ask(m.id);
      if (canRead(reader, m.label)) expect(got.status).toBe(200);
      else {
        hidden++;
        expect(got).toEqual(missing);
      }
    }
    expect(hidden).toBeGreaterThan(0);
  });

  it('prints the measures from the command line, for the acting user', async () => {
    const { DATABASE_URL: _ignored, JOINTPLAN_USER: _user, ...env } = process.env;
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(
          'node',
          [resolve(import.meta.dirname, '../bin/jointplan.js'), ...args],
          { env, timeout: 120_000 },
          (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
        );
      });
    const user = (planners.ISR as Actor).username;
    const asOf = ['--currency', 'MAD', '--on', '2026-12-01', '--as', user, '--db', t.url];
    const printed = await run(['programme', 'measures', ...asOf, '--json']);
    expect(printed.code, printed.stderr).toBe(0);
    // The command line lists every programme, whatever the page size of the API.
    const want = await programmeMeasures(t.ctx, planners.ISR as Actor, { currency: 'MAD', on: '2026-12-01', limit: 500 });
    expect(want.programmes.length).toBeGreaterThan(0);
    expect(JSON.parse(printed.stdout)).toEqual(want);
    const table = await run(['programme', 'measures', ...asOf]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(
      new RegExp(`ALL\\s+${want.totals.programmes}\\s+${want.totals.committed.amount.replace('.', '\\.')}`),
    );
    const bad = await run(['programme', 'measures', '--currency', 'mad', '--as', user, '--db', t.url]);
    expect(bad.code).not.toBe(0);
  });

  it('reads one answer in one state of the database, whatever another connection commits between its queries', async () => {
    const on = '2026-12-01';
    const actor = planners.MAR as Actor;
    const before = await programmeMeasures(t.ctx, actor, { currency: 'MAD', on, limit: 500 });
    const target = before.programmes.find((p) => p.late.length > 0);
    if (!target) throw new Error('the generated programmes have no milestone late');
    const milestone = target.late[0] as Json;
    // Another connection (on SQLite another one to the same file) marks the milestone met
    // right after the answer's first query: the answer must not see it, the next one must.
    const writer = kind === 'sqlite' ? openDatabase({ url: t.url, mustExist: true }) : t.db;
    let armed = true;
    const meddling: KyselyPlugin = {
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        // After the first query that reads rows (the one the snapshot starts with), not after BEGIN.
        if (armed && args.result.rows.length > 0) {
          armed = false;
          await sql`update programme_milestone set status = 'met', date_met = ${on} where id = ${milestone.id}`.execute(writer);
        }
        return args.result;
      },
    };
    const meddled = { ...t.ctx, db: t.ctx.db.withPlugin(meddling) };
    try {
      const during = await programmeMeasures(meddled, actor, { currency: 'MAD', on, limit: 500 });
      expect(armed).toBe(false);
      expect(during).toEqual(before);
      const one = await programmeMeasure(meddled, actor, target.id, { currency: 'MAD', on });
      expect(one.late.length).toBe(one.lateMilestones);
      const after = await programmeMeasures(t.ctx, actor, { currency: 'MAD', on, limit: 500 });
      expect(after.totals.lateMilestones).toBe(before.totals.lateMilestones - 1);
      const changed = after.programmes.find((p) => p.id === target.id) as Json;
      expect(changed.late.map((l: Json) => l.id)).not.toContain(milestone.id);
      expect(changed.lateMilestones).toBe(changed.late.length);
    } finally {
      await sql`update programme_milestone set status = ${milestone.status}, date_met = ${
        (models.flatMap((m) => m.milestones).find((m) => m.id === milestone.id)?.dateMet ?? null) as string | null
      } where id = ${milestone.id}`.execute(writer);
      if (writer !== t.db) await writer.destroy();
    }
  });
});
