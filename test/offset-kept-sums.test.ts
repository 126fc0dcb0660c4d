import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { moveClaim, offsetLedger } from '../src/app/offset.usecases.js';
import { readCreditSums, rememberCreditSums } from '../src/store/offset-totals.repo.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { contractedHowitzers, halfTrainingOffset, offsetWorld, trainingClaim } from './support/world-offsets.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

// The sums a ledger keeps for readers alike (migration 0047), as a ledger's reader meets them: bounded
// whatever days are asked, never stale across a step, and never making a read wait for another writer.
describe.each(databases())('sums kept by the offset ledger on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof offsetWorld>>;
  let programmeId = '';
  let obligationId = '';
  let claim = { id: '', version: 0 };
  const DEADLINE = '2026-12-31';

  const keptRows = async (day?: string) => {
    let query = t.db
      .selectFrom('offset_reader_sums')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('obligation_id', '=', obligationId);
    if (day) query = query.where('day', '=', day);
    return Number((await query.executeTakeFirstOrThrow()).n);
  };
  /** The ledger worked out from the claims' totals alone, nothing kept read. */
  const workedOut = async (on: string) => {
    await sql`delete from offset_reader_sums`.execute(t.db);
    return offsetLedger(t.ctx, w.marPlanner as Actor, { contract: programmeId, on });
  };

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => new Date('2027-01-15T10:00:00.000Z'));
    w = await offsetWorld(t.ctx);
    const p = await contractedHowitzers(t.ctx, w.marPlanner, w.supplier, 'Howitzers', ['ISR']);
    programmeId = p.id;
    obligationId = (await halfTrainingOffset(t.ctx, w.marPlanner, p.id, DEADLINE)).id;
    const made = await trainingClaim(t.ctx, w.claimant, obligationId, 'Invoice 1', { releasableTo: ['MAR'] });
    claim = await moveClaim(t.ctx, w.reviewer, made.id, { to: 'under_review', on: '2026-03-10', version: made.version });
  });
  afterAll(async () => {
    await t?.close();
  });

  it("keeps of an obligation only its chain's deadlines and the last day asked, whatever days are asked", async () => {
    for (let d = 0; d < 40; d++) {
      const on = new Date(Date.UTC(2026, 3, 1) + d * 86_400_000).toISOString().slice(0, 10);
      await offsetLedger(t.ctx, w.marPlanner, { contract: programmeId, on });
    }
    // One reader's kind, one obligation alone in its chain, its deadline not passed: the last day asked.
    expect(await keptRows()).toBe(1);
    await offsetLedger(t.ctx, w.marPlanner, { contract: programmeId, on: '2027-01-10' });
    // Its deadline passed by then: that day and the deadline.
    expect(await keptRows()).toBe(2);
    expect(await keptRows(DEADLINE)).toBe(1);
  });

  it('never reads a sum worked out before a step and kept after it', async () => {
    const on = '2026-06-30';
    const reader = (await t.ctx.codec()).reader(w.marPlanner);
    await sql`delete from offset_reader_sums`.execute(t.db);
    // Read before the step, kept after it: as a reader whose snapshot came before a reviewer's grant.
    const read = await readCreditSums(t.db, reader, [{ obligationId, day: on }]);
    expect(read.learnt.rows).toHaveLength(1);
    claim = await moveClaim(t.ctx, w.reviewer, claim.id, {
      to: 'granted',
      on: '2026-04-01',
      acceptedValue: '100.00',
      version: claim.version,
    });
    await rememberCreditSums(t.db, read.learnt, new Set([on]));
    expect(await keptRows(on)).toBe(1);
    const ledger = await offsetLedger(t.ctx, w.marPlanner, { contract: programmeId, on });
    expect(ledger.lines[0]?.own.granted.amount).toBe('200.00');
    expect(ledger).toEqual(await workedOut(on));
  });

  it('answers without waiting while another writer holds the database, and keeps nothing then', async () => {
    const before = '2026-05-01';
    const asked = '2026-07-15';
    await offsetLedger(t.ctx, w.marPlanner, { contract: programmeId, on: before });
    expect(await keptRows(before)).toBe(1);
    // Another writer holds what keeping needs for about two seconds, then lets go: a keep that waited would
    // then be written; one that did not wait has given up.
    let release: () => Promise<void>;
    if (kind === 'sqlite') {
      // Another process, as a second server worker or the command line would be (SQLite waits for a lock
      // without letting this process run anything meanwhile).
      const holder = spawn(
        process.execPath,
        [
          '-e',
          `const D = require('better-sqlite3'); const d = new D(process.argv[1]); d.exec('begin immediate');
           console.log('held'); setTimeout(() => { d.exec('rollback'); d.close(); }, 2000);`,
          t.url,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await once(holder.stdout, 'data');
      release = async () => {
        if (holder.exitCode === null) await once(holder, 'exit');
      };
    } else {
      // A step's transaction holding the obligation's kept rows, which keeping drops and writes.
      let held!: () => void;
      const holding = new Promise<void>((resolve) => {
        held = resolve;
      });
      const done = t.db.transaction().execute(async (trx) => {
        await sql`select day from offset_reader_sums where obligation_id = ${obligationId} for update`.execute(trx);
        held();
        await new Promise((resolve) => setTimeout(resolve, 2000));
      });
      await holding;
      release = () => done;
    }
    const ledger = await offsetLedger(t.ctx, w.marPlanner, { contract: programmeId, on: asked });
    await release();
    expect(await keptRows(asked)).toBe(0);
    expect(await keptRows(before)).toBe(1);
    expect(ledger).toEqual(await workedOut(asked));
  });
});
