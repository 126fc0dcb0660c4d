import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import type { Actor } from '../src/app/context.js';
import { ceremonyRecords, exportBundle, importBundle, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { createPlan } from '../src/app/plan.usecases.js';
import { DomainError } from '../src/domain/errors.js';
import { type SenderState, type VerifyContext, verifyBundle } from '../src/domain/exchange/bundle.js';
import { trustKey } from '../src/domain/exchange/keys.js';
import { partnerReader } from '../src/domain/exchange/security-policy.js';
import { CLASSIFICATIONS, canRead, type Label } from '../src/domain/labels.js';
import type { ActivityTable, FollowUpTable, WorkPlanTable } from '../src/store/database.js';
import { verifySignature } from '../src/store/signing.js';
import { countRows, databases } from './support/databases.js';
import { type Installation, installation, marIsrCommission } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

/**
 * The exchange's two promises, held over a generated world of 100,000 records of random labels
 * (docs/exchange.md §4): a bundle for party P holds exactly the records the read rule gives P's reader
 * -- every one, and none other -- checked against a reference model written from the domain's read
 * rule, not the SQL's; and a bundle with any one byte changed is refused. The world is inserted in bulk
 * (rows cloned from records made through the use cases), one export per partner is compared with the
 * model, every byte of a small bundle is mutated, and a sample of the large one's.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const EXPIRES = '2099-01-01T00:00:00.000Z';
const SEED = Number(process.env.EXCHANGE_PROPERTY_SEED ?? 20261207);
const RECORDS = Number(process.env.EXCHANGE_PROPERTY_RECORDS ?? 100_000);
const PARTIES = ['MAR', 'ISR', 'USA', 'FRA'] as const;
const COMPARTMENTS = ['INDUS', 'INTEL', 'LOG-2'] as const;

type Kind = 'plan' | 'activity' | 'follow_up';
interface ModelRecord {
  kind: Kind;
  id: string;
  label: Label;
  parent: string | null;
}

async function* bytesOf(b: Uint8Array) {
  yield b;
}

/** A bundle's header and content lines, as the bytes say. */
function parse(bytes: Uint8Array) {
  const buf = Buffer.from(bytes);
  const magicEnd = buf.indexOf(0x0a);
  const headerEnd = buf.indexOf(0x0a, magicEnd + 1);
  const signatureEnd = buf.indexOf(0x0a, headerEnd + 1);
  const lines = buf
    .subarray(signatureEnd + 1)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { kind: string; id: string; version?: number });
  return { headLength: signatureEnd + 1, lines };
}

const isRefusal = (err: unknown) => err instanceof DomainError && err.code.startsWith('exchange.');

describe.each(databases())('bundles over a generated world of %s', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let planner: Actor;
  const model: ModelRecord[] = [];
  let small: Uint8Array;
  let smallState: SenderState;
  const timings: Record<string, number> = {};

  const rng = prng(SEED);
  const randomLabel = (): Label => {
    const ownerParty = rng.next() < 0.8 ? 'MAR' : rng.pick(PARTIES.slice(1));
    return {
      ownerParty,
      classification: rng.pick(CLASSIFICATIONS),
      releasableTo: PARTIES.filter((p) => p !== ownerParty && rng.next() < 0.5),
      compartments: COMPARTMENTS.filter(() => rng.next() < 0.15),
    };
  };

  /** The receiving side, as ISR checks bundles: MAR's keys trusted, the state it recorded. */
  const receiver = (state: SenderState | null): VerifyContext => ({
    self: { installation: ISR.installation, party: ISR.party },
    keys: ceremonyRecords(mar.ctx, mar.setup, EXPIRES).map(trustKey),
    stateOf: (i) => (i === MAR.installation ? state : null),
    now: new Date(),
    verify: verifySignature,
  });

  beforeAll(async () => {
    const started = Date.now();
    dir = mkdtempSync(join(tmpdir(), 'jointplan-property-'));
    const parties = [...PARTIES];
    mar = await installation(kind, MAR, dir, { parties });
    isr = await installation(kind, ISR, dir, { parties, alg: 'ES256' });
    const c = await marIsrCommission(mar, ['ISR', 'USA'], [...COMPARTMENTS]);
    planner = c.planner;
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));
    await trustKeys(isr.ctx, isr.officer, isr.setup, ceremonyRecords(mar.ctx, mar.setup, EXPIRES));
    await trustKeys(mar.ctx, mar.officer, mar.setup, ceremonyRecords(isr.ctx, isr.setup, EXPIRES));

    // Templates made through the use cases: a plan, an activity, a note, each a model record too.
    const open: Label = { ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: ['ISR', 'USA'], compartments: [] };
    const plan = await createPlan(mar.ctx, planner, yearPlanInput(c.commission.id, 2026, { releasableTo: ['ISR', 'USA'] }));
    const activity = await createActivity(mar.ctx, planner, plan.id, activityInput('T-1', { releasableTo: ['ISR', 'USA'] }));
    const note = await addFollowUp(mar.ctx, planner, activity.id, {
      kind: 'note',
      body: 'template',
      language: 'en',
      releasableTo: ['ISR', 'USA'],
    });
    model.push({ kind: 'plan', id: plan.id, label: open, parent: null });
    model.push({ kind: 'activity', id: activity.id, label: open, parent: plan.id });
    model.push({ kind: 'follow_up', id: note.id, label: open, parent: activity.id });

    // The small bundle: those three records, before the world is there.
    const smallFile = join(dir, 'small.bundle');
    await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', smallFile);
    small = new Uint8Array(readFileSync(smallFile));
    smallState = verifyBundle(small, receiver(null)).nextState;

    // The world, in bulk: rows cloned from the templates, each with a random label.
    const db = mar.t.db;
    const codec = await mar.ctx.codec();
    const planRow = await db.selectFrom('work_plan').selectAll().where('id', '=', plan.id).executeTakeFirstOrThrow();
    const activityRow = await db.selectFrom('activity').selectAll().where('id', '=', activity.id).executeTakeFirstOrThrow();
    const noteRow = await db.selectFrom('follow_up').selectAll().where('id', '=', note.id).executeTakeFirstOrThrow();
    const plans = Math.round(RECORDS * 0.02);
    const activities = Math.round(RECORDS * 0.58);
    const followUps = RECORDS - plans - activities;
    const planIds: string[] = [plan.id];
    const activityIds: string[] = [activity.id];
    const rows: {
      plan: Insertable<WorkPlanTable>[];
      activity: Insertable<ActivityTable>[];
      follow_up: Insertable<FollowUpTable>[];
    } = { plan: [], activity: [], follow_up: [] };
    const { approvals_from: _, closed_at: _c, reopen_until: _r, rolled_from: _f, ...planBase } = planRow;
    for (let i = 0; i < plans; i++) {
      const label = randomLabel();
      const id = randomUUID();
      planIds.push(id);
      model.push({ kind: 'plan', id, label, parent: null });
      rows.plan.push({ ...planBase, id, title: JSON.stringify({ en: `Plan ${i}` }), ...codec.encode(label) });
    }
    const { recurring: _rc, carried_from: _cf, ...activityBase } = activityRow;
    for (let i = 0; i < activities; i++) {
      const label = randomLabel();
      const id = randomUUID();
      const parent = rng.pick(planIds);
      activityIds.push(id);
      model.push({ kind: 'activity', id, label, parent });
      rows.activity.push({ ...activityBase, id, plan_id: parent, ref_code: `G-${i}`, ...codec.encode(label) });
    }
    for (let i = 0; i < followUps; i++) {
      const label = randomLabel();
      const id = randomUUID();
      const parent = rng.pick(activityIds);
      model.push({ kind: 'follow_up', id, label, parent });
      rows.follow_up.push({ ...noteRow, id, activity_id: parent, body: `Note ${i}`, ...codec.encode(label) });
    }
    timings.generated = Date.now() - started;
    // As many rows per statement as the database takes parameters (SQLite 32,766, PostgreSQL 65,535).
    const batch = (row: object) => Math.floor((kind === 'postgres' ? 60_000 : 30_000) / Object.keys(row).length);
    await db.transaction().execute(async (trx) => {
      for (let i = 0, n = batch(planRow); i < rows.plan.length; i += n)
        await trx
          .insertInto('work_plan')
          .values(rows.plan.slice(i, i + n))
          .execute();
      for (let i = 0, n = batch(activityRow); i < rows.activity.length; i += n)
        await trx
          .insertInto('activity')
          .values(rows.activity.slice(i, i + n))
          .execute();
      for (let i = 0, n = batch(noteRow); i < rows.follow_up.length; i += n)
        await trx
          .insertInto('follow_up')
          .values(rows.follow_up.slice(i, i + n))
          .execute();
    });
    timings.world = Date.now() - started;
  }, 600_000);

  afterAll(async () => {
    console.info(`exchange property (${kind}, ${model.length} records, seed ${SEED}):`, timings);
    await mar?.t.close();
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The reference model of the read rule: what of MAR's own goes to `party`'s reader. */
  function expected(party: string): Set<string> {
    const reader = partnerReader(MAR, party);
    const byId = new Map(model.map((r) => [r.id, r]));
    const goes = (r: ModelRecord | undefined): boolean =>
      r !== undefined &&
      reader !== null &&
      r.label.ownerParty === MAR.party &&
      canRead(reader, r.label) &&
      (r.parent === null || goes(byId.get(r.parent)));
    return new Set(model.filter((r) => goes(r)).map((r) => `${r.kind}:${r.id}`));
  }

  it.each(['ISR', 'USA'])(
    'a bundle for %s holds exactly the records the read rule gives it',
    async (party) => {
      const started = Date.now();
      const file = join(dir, `world-${party}.bundle`);
      const sent = await exportBundle(mar.ctx, mar.officer, mar.setup, party, file);
      timings[`export ${party}`] = Date.now() - started;
      const { lines } = parse(new Uint8Array(readFileSync(file)));
      const records = lines.filter((l) => l.kind === 'plan' || l.kind === 'activity' || l.kind === 'follow_up');
      const held = records.map((l) => `${l.kind}:${l.id}`);
      const want = expected(party);
      // Not a vacuous world: a good share goes, a good share does not.
      expect(want.size).toBeGreaterThan(model.length / 50);
      expect(want.size).toBeLessThan(model.length / 2);
      const heldSet = new Set(held);
      expect(held.length).toBe(heldSet.size);
      const missing = [...want].filter((k) => !heldSet.has(k));
      const extra = held.filter((k) => !want.has(k));
      expect({ missing: missing.slice(0, 5), extra: extra.slice(0, 5) }).toEqual({ missing: [], extra: [] });
      expect(heldSet.size).toBe(want.size);
      expect(sent.records.plan + sent.records.activity + sent.records.follow_up).toBe(want.size);
      expect(lines.filter((l) => l.kind === 'withdraw')).toEqual([]);
    },
    300_000,
  );

  it('refuses the small bundle with any one of its bytes changed', () => {
    const started = Date.now();
    expect(verifyBundle(small, receiver(null)).nextState).toEqual(smallState);
    const ctx = receiver(null);
    const xor = fc.sample(fc.integer({ min: 1, max: 255 }), { numRuns: small.length, seed: SEED });
    let refused = 0;
    for (let at = 0; at < small.length; at++) {
      const mutated = Uint8Array.from(small);
      mutated[at] = (mutated[at] as number) ^ (xor[at] as number);
      try {
        verifyBundle(mutated, ctx);
      } catch (err) {
        if (isRefusal(err)) refused++;
        else throw err;
        continue;
      }
      throw new Error(`byte ${at} changed, and the bundle still passed`);
    }
    expect(refused).toBe(small.length);
    timings['small mutations'] = Date.now() - started;
  });

  it('refuses a sample of the large bundle with one byte changed, anywhere', () => {
    const started = Date.now();
    const big = new Uint8Array(readFileSync(join(dir, 'world-ISR.bundle')));
    const ctx = receiver(smallState);
    expect(verifyBundle(big, ctx).header.sequence).toBe(2);
    const { headLength } = parse(big);
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: headLength - 1 }), fc.integer({ min: headLength, max: big.length - 1 })),
        fc.integer({ min: 1, max: 255 }),
        (at, x) => {
          const mutated = Uint8Array.from(big);
          mutated[at] = (mutated[at] as number) ^ x;
          expect(() => verifyBundle(mutated, ctx)).toThrow(DomainError);
        },
      ),
      { numRuns: 60, seed: SEED },
    );
    timings['large mutations'] = Date.now() - started;
  }, 120_000);

  it('refuses on import a mutated small bundle, which changes nothing, and applies the genuine one', async () => {
    const copies = await countRows(isr.t.db, 'exchange_record');
    const positions = fc.sample(fc.integer({ min: 0, max: small.length - 1 }), { numRuns: 6, seed: SEED });
    for (const at of positions) {
      const mutated = Uint8Array.from(small);
      mutated[at] = (mutated[at] as number) ^ 0x20;
      await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(mutated))).rejects.toSatisfy(isRefusal);
    }
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(copies);
    expect(await countRows(isr.t.db, 'exchange_inbound')).toBe(0);
    expect(await countRows(isr.t.db, 'exchange_refusal')).toBe(positions.length);
    const report = await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(small));
    expect(report.counts.created).toBe(3);
  });
});
