/**
 * Durability: a write the server acknowledged survives the server being killed
 * at any moment. The real server runs as a child process; clients write through
 * the HTTP API as fast as they can, the server is killed with SIGKILL at a
 * random moment, restarted, and every acknowledged record must be there, with
 * its audit entry and an intact hash chain.
 *
 * SIGKILL ends the process but not the operating system: whatever SQLite had
 * handed to the kernel is still in the page cache and reaches the disk later,
 * so this loop proves that nothing is acknowledged before its commit returns,
 * not that the commit is on stable storage. A power cut loses the page cache
 * too. What covers it is the order of events: with synchronous=FULL, SQLite
 * fsyncs the WAL inside COMMIT, before COMMIT returns, and the server answers
 * only after that, so an acknowledged write is already on the disk when the
 * client sees it (WAL with synchronous=NORMAL would survive this loop yet lose
 * the last commits to a power cut). The pragma test below checks that every
 * connection db.ts opens runs with those settings. On PostgreSQL the same
 * guarantee comes from the server's defaults (fsync=on, synchronous_commit=on:
 * the commit record is flushed before COMMIT answers), which the last test
 * checks on the server the suite runs against.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/app/audit.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import { createContext } from '../src/app/context.js';
import { type Db, openDatabase } from '../src/store/db.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

const BIN = fileURLToPath(new URL('../bin/jointplan.js', import.meta.url));
const ROUNDS = 8;
const WRITERS = 6;
/** No new round starts after this, which keeps each database's run under a minute. */
const BUDGET_MS = 40_000;
const REQUEST_TIMEOUT_MS = 10_000;

interface RunningServer {
  child: ChildProcess;
  base: string;
  exited: Promise<void>;
}

/** What the server answered 201 to: id → the value the record must still hold. */
interface Acknowledged {
  activities: Map<string, string>;
  followUps: Map<string, string>;
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Starts `jointplan serve` on a free port and waits until /api/health answers. */
async function startServer(db: string): Promise<RunningServer> {
  const port = await freePort();
  // One process, the one that writes: SIGKILL must end the writer itself, not a primary whose workers then exit.
  const child = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', String(port), '--workers', '1', '--no-demo'], {
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} while starting:\n${stderr}`);
    const ready = await fetch(`${base}/api/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return { child, base, exited };
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`server did not answer on ${base} within 30 s:\n${stderr}`);
}

async function kill(server: RunningServer) {
  server.child.kill('SIGKILL');
  await server.exited;
}

/**
 * One client writing as fast as it can: an activity, then a follow-up on it,
 * again and again, until the connection breaks. A write counts as acknowledged
 * only once the whole 201 answer has arrived. Any other answer, or a broken
 * connection before the kill, fails the round.
 */
async function writer(base: string, token: string, planId: string, tag: string, ack: Acknowledged, killed: () => boolean) {
  const post = async (path: string, body: unknown): Promise<{ id: string } | null> => {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (err) {
      if (killed()) return null;
      throw new Error(`${tag}: connection failed before the server was killed: ${err}`);
    }
    if (res.status !== 201) throw new Error(`${tag}: POST ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as { id: string };
  };
  for (let i = 1; ; i++) {
    const refCode = `${tag}-${i}`;
    const activity = await post(`/api/plans/${planId}/activities`, activityInput(refCode));
    if (!activity) return;
    ack.activities.set(activity.id, refCode);
    const note = `Suivi ${refCode}`;
    const followUp = await post(`/api/activities/${activity.id}/follow-ups`, { body: note });
    if (!followUp) return;
    ack.followUps.set(followUp.id, note);
  }
}

function* chunks<T>(items: T[], size = 500) {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Ids whose row is missing or differs from what was acknowledged, or whose audit entry is missing. */
async function findLost(db: Db, ack: Acknowledged) {
  const lost: string[] = [];
  const stored = new Map<string, string>();
  for (const ids of chunks([...ack.activities.keys()])) {
    const rows = await db.selectFrom('activity').select(['id', 'ref_code']).where('id', 'in', ids).execute();
    for (const r of rows) stored.set(r.id, r.ref_code);
  }
  for (const ids of chunks([...ack.followUps.keys()])) {
    const rows = await db.selectFrom('follow_up').select(['id', 'body']).where('id', 'in', ids).execute();
    for (const r of rows) stored.set(r.id, r.body);
  }
  const audited = new Set<string>();
  for (const ids of chunks([...ack.activities.keys(), ...ack.followUps.keys()])) {
    const rows = await db
      .selectFrom('audit_entry')
      .select('entity_id')
      .where('action', 'in', ['activity.create', 'follow_up.create'])
      .where('entity_id', 'in', ids)
      .execute();
    for (const r of rows) if (r.entity_id) audited.add(r.entity_id);
  }
  for (const [id, value] of [...ack.activities, ...ack.followUps])
    if (stored.get(id) !== value || !audited.has(id)) lost.push(id);
  return lost;
}

/** Reads a few acknowledged records back through the restarted server's API. */
async function spotCheck(server: RunningServer, token: string, ack: Acknowledged) {
  const headers = { authorization: `Bearer ${token}` };
  const sample = [...ack.activities].sort(() => Math.random() - 0.5).slice(0, 10);
  for (const [id, refCode] of sample) {
    const res = await fetch(`${server.base}/api/activities/${id}`, { headers });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { refCode: string }).refCode).toBe(refCode);
  }
}

describe.each(databases())('durability on %s', (kind) => {
  let t: TestDatabase;
  let token = '';
  let planId = '';
  let server: RunningServer | undefined;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const world = await seedWorld(t.ctx);
    planId = world.plan.id;
    token = (await createToken(t.ctx, null, world.marPlanner.username, 'durability test')).token;
    // The server must be the only one holding the database while it is killed.
    await t.db.destroy();
  });
  afterAll(async () => {
    if (server) await kill(server);
    await t?.close();
  });

  it('loses no acknowledged write when the server is killed while writing', { timeout: 120_000 }, async () => {
    const ack: Acknowledged = { activities: new Map(), followUps: new Map() };
    const started = Date.now();
    let rounds = 0;
    while (rounds < ROUNDS && Date.now() - started < BUDGET_MS) {
      rounds++;
      const running = await startServer(t.url);
      server = running;
      if (rounds > 1) await spotCheck(running, token, ack);
      let killed = false;
      const writing = Array.from({ length: WRITERS }, (_, w) =>
        writer(running.base, token, planId, `R${rounds}W${w}`, ack, () => killed),
      );
      await sleep(100 + Math.random() * 1400);
      killed = true;
      await kill(running);
      server = undefined;
      for (const result of await Promise.allSettled(writing)) if (result.status === 'rejected') throw result.reason;

      const check = openDatabase({ url: t.url });
      try {
        const lost = await findLost(check, ack);
        const chain = await verifyAudit(createContext(check));
        console.log(
          `${kind} round ${rounds}: ${ack.activities.size} activities and ${ack.followUps.size} follow-ups acknowledged so far, ${lost.length} lost, audit chain ${chain.ok ? `intact (${chain.count} entries)` : 'BROKEN'}`,
        );
        expect({ lost: lost.length, firstLost: lost.slice(0, 10) }).toEqual({ lost: 0, firstLost: [] });
        expect(chain.ok).toBe(true);
      } finally {
        await check.destroy();
      }
    }
    server = await startServer(t.url);
    await spotCheck(server, token, ack);
    await kill(server);
    server = undefined;

    const acknowledged = ack.activities.size + ack.followUps.size;
    console.log(
      `durability on ${kind}: ${rounds} kills in ${((Date.now() - started) / 1000).toFixed(1)} s, ${acknowledged} writes acknowledged (${ack.activities.size} activities, ${ack.followUps.size} follow-ups), 0 lost`,
    );
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(acknowledged).toBeGreaterThan(rounds);
  });
});

describe('SQLite connections opened by the store', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-pragmas-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('run in WAL with synchronous=FULL, so a commit is fsynced before it returns', async () => {
    const path = join(dir, 'pragmas.sqlite');
    const db = openDatabase({ url: path });
    try {
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      const synchronous = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
      expect(journal.rows).toEqual([{ journal_mode: 'wal' }]);
      // 2 is FULL; NORMAL (1) in WAL mode survives a process crash but not a power cut.
      expect(synchronous.rows).toEqual([{ synchronous: 2 }]);
    } finally {
      await db.destroy();
    }
    // WAL is recorded in the file itself, so any later reader of it uses the WAL too.
    const raw = new SQLite(path, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });
});

describe.runIf(databases().includes('postgres'))('the PostgreSQL server the suites run against', () => {
  it('flushes a commit to its WAL before acknowledging it (fsync and synchronous_commit on)', async () => {
    const t = await openTestDatabase('postgres');
    try {
      const fsync = await sql<{ fsync: string }>`show fsync`.execute(t.db);
      const commit = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(t.db);
      expect(fsync.rows[0]?.fsync).toBe('on');
      expect(commit.rows[0]?.synchronous_commit).not.toBe('off');
    } finally {
      await t.close();
    }
  });
});
