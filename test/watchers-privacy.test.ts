import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { listAudit } from '../src/app/audit.usecases.js';
import type { Actor } from '../src/app/context.js';
import { recordWatchers, watchRecord } from '../src/app/watcher.usecases.js';
import { type Classification, canRead, type Label, levelOf } from '../src/domain/labels.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld } from './support/fixtures.js';

/** A small deterministic generator, so that a failing draw can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVELS: Classification[] = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET', 'TOP_SECRET'];
const PARTIES = ['MAR', 'ISR', 'USA'];

describe.each(databases())('who watches a record, as each reader may know it, on %s', (kind) => {
  let t: TestDatabase;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    world = await seedWorld(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names only the reader’s own party’s watchers, and leaves out those who can no longer read the record', async () => {
    const rand = prng(20261206);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const labels: Label[] = [
      { ownerParty: 'MAR', classification: 'UNCLASSIFIED', releasableTo: ['ISR', 'USA'], compartments: [] },
      { ownerParty: 'MAR', classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INDUS'] },
      { ownerParty: 'MAR', classification: 'CONFIDENTIAL', releasableTo: ['USA'], compartments: [] },
    ];
    const records = [];
    for (const [i, label] of labels.entries()) {
      const a = await createActivity(
        t.ctx,
        world.marPlanner,
        world.plan.id,
        activityInput(`WP-${i}`, {
          classification: label.classification,
          releasableTo: label.releasableTo,
          compartments: label.compartments,
        }),
      );
      records.push({ id: a.id, label });
    }
    const users: Actor[] = [];
    for (let i = 0; i < 14; i++) {
      const compartments = ['INDUS', 'INTEL'].filter(() => rand() < 0.5);
      users.push(await makeActor(t.ctx, pick(PARTIES), ['viewer'], pick(LEVELS), compartments));
    }
    // Each user watches what they may read; a record they may not read answers as a missing one.
    for (const u of users)
      for (const r of records) {
        const watched = watchRecord(t.ctx, u, 'activity', r.id);
        if (canRead(u, r.label)) await watched;
        else await expect(watched).rejects.toMatchObject({ code: 'activity.not_found' });
      }
    // Some watchers lose the right to read: a lower clearance, a disabled account.
    const lowered = users.filter((u) => levelOf(u.clearance) >= levelOf('CONFIDENTIAL')).slice(0, 3);
    for (const u of lowered) {
      await t.db.updateTable('app_user').set({ clearance: 0 }).where('id', '=', u.userId).execute();
      u.clearance = 'UNCLASSIFIED';
    }
    const disabled = users.find((u) => canRead(u, labels[0] as Label) && !lowered.includes(u));
    if (disabled) await t.db.updateTable('app_user').set({ disabled: 1 }).where('id', '=', disabled.userId).execute();
    const active = users.filter((u) => u !== disabled);
    expect(lowered.length).toBeGreaterThan(0);

    let named = 0;
    let unnamed = 0;
    for (const reader of active)
      for (const r of records) {
        const seen = recordWatchers(t.ctx, reader, 'activity', r.id);
        if (!canRead(reader, r.label)) {
          await expect(seen).rejects.toMatchObject({ code: 'activity.not_found' });
          continue;
        }
        const expected = active
          .filter((w) => canRead(w, r.label))
          .sort((a, b) => (a.username < b.username ? -1 : 1))
          .map((w) =>
            w.party === reader.party
              ? { userId: w.userId, username: w.username, displayName: w.displayName, party: w.party }
              : { userId: null, username: null, displayName: 'a user', party: w.party },
          );
        const got = await seen;
        expect(got.items.map(({ since: _, ...w }) => w)).toEqual(expected);
        expect(got.watching).toBe(expected.some((w) => w.userId === reader.userId));
        for (const w of expected)
          if (w.userId === null) unnamed++;
          else named++;
        // No other party's name anywhere in the answer.
        const text = JSON.stringify(got);
        for (const other of users) if (other.party !== reader.party) expect(text).not.toContain(other.username);
      }
    // The draw exercised both sides of the rule.
    expect(named).toBeGreaterThan(0);
    expect(unnamed).toBeGreaterThan(0);
  });

  it('filters the audit log by a username of the reader’s own party only; another party’s answers like an unknown one', async () => {
    const record = await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput('WP-AUD'));
    const isr = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    const mar = await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET');
    // Both act on a record the officer reads: their entries are in the officer's log.
    await watchRecord(t.ctx, isr, 'activity', record.id);
    await watchRecord(t.ctx, mar, 'activity', record.id);
    const officer = await makeActor(t.ctx, 'MAR', ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL']);
    const page = (user?: string) => listAudit(t.ctx, officer, { ...(user === undefined ? {} : { user }), limit: 50 });
    const all = await page();
    expect(all.items.some((e) => e.actorId === isr.userId)).toBe(true);

    const own = await page(mar.username);
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((e) => e.actorId === mar.userId)).toBe(true);

    const other = await page(isr.username);
    const unknown = await page('nobody.at.all');
    expect(other).toEqual(unknown);
    expect(other.items).toEqual([]);
  });
});
