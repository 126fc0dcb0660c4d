/**
 * `jointplan serve --workers 2`: the real command line, with a primary that
 * forks two workers on one database. Requests on separate connections are
 * answered by both workers (each names itself on its log lines), the writes of
 * both land in the one database with one intact audit chain, a worker killed
 * is started again, the daily digest is built by the primary alone, and
 * SIGTERM ends every process.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/app/audit.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';
import { alive, BIN, type Served, send, serve } from './support/served.js';

describe('serve --workers', () => {
  it('refuses a number of workers that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '65']) {
      const run = spawnSync(process.execPath, [BIN, 'serve', '--workers', bad, '--db', ':memory:'], { encoding: 'utf8' });
      expect(run.status, bad).toBe(2);
      expect(run.stderr, bad).toMatch(/--workers \(or WORKERS\) must be a whole number from 1 to 64/);
    }
  });

  it('serves an in-memory database from one process, and refuses to share it between workers', () => {
    const run = spawnSync(process.execPath, [BIN, 'serve', '--workers', '2', '--db', ':memory:'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/in-memory database \(--db :memory:\) is served by one process/);
  });
});

describe.each(databases())('serve --workers 2 on %s', (kind) => {
  let t: TestDatabase;
  let token = '';
  let planId = '';
  let served: Served | undefined;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const world = await seedWorld(t.ctx);
    planId = world.plan.id;
    token = (await createToken(t.ctx, null, world.marPlanner.username, 'workers test')).token;
  });
  afterAll(async () => {
    await served?.kill();
    await t?.close();
  });

  it('answers from two worker processes, keeps the writes of both, restarts a killed one and stops on SIGTERM', {
    timeout: 180_000,
  }, async () => {
    served = await serve(['--db', t.url, '--workers', '2', '--no-demo']);
    const { child: server, out, port, exited, until } = served;
    expect(out.text).toContain('Served by 2 worker processes (--workers).');

    /** Writes `count` activities at once, each on its own connection; returns the worker pids that took them. */
    const writeBatch = async (tag: string, count: number) => {
      const path = `/api/plans/${planId}/activities`;
      const answers = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          send(port, 'POST', path, { authorization: `Bearer ${token}` }, activityInput(`${tag}-${i}`)),
        ),
      );
      for (const a of answers) expect(a.status, a.text).toBe(201);
      const servedBy = out.logs.filter((l) => l.msg === 'incoming request' && l.req?.method === 'POST' && l.req.url === path);
      return servedBy;
    };

    const first = await writeBatch('W1', 12);
    const pids = new Set(first.map((l) => l.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(server.pid)).toBe(false);
    expect(new Set(first.map((l) => l.name))).toEqual(new Set(['worker 1', 'worker 2']));

    // Every write of both workers is in the one database, and the audit chain they both appended to holds.
    const stored = await t.db.selectFrom('activity').select('ref_code').where('ref_code', 'like', 'W1-%').execute();
    expect(stored.map((r) => r.ref_code).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `W1-${i}`).sort());
    const chain = await verifyAudit(t.ctx);
    expect(chain.ok).toBe(true);

    // The daily digest is built once, by the primary: the workers run no jobs.
    const digest = await until('daily digest', () => out.logs.find((l) => l.msg === 'daily digest built'));
    expect(digest.name).toBe('primary');
    expect(digest.pid).toBe(server.pid);

    // A worker that dies is started again, and the server keeps answering from two workers.
    const listening = out.logs.filter((l) => l.name === 'primary' && l.msg?.endsWith('listening'));
    const victim = listening[0]?.workerPid;
    if (victim === undefined) throw new Error('the primary did not log its workers');
    process.kill(victim, 'SIGKILL');
    const replacement = await until('worker started again', () =>
      out.logs.find(
        (l) => l.name === 'primary' && l.msg?.endsWith('listening') && l.workerPid !== undefined && !listening.includes(l),
      ),
    );
    expect(replacement.worker).toBe(listening[0]?.worker);
    expect(replacement.workerPid).not.toBe(victim);
    expect(out.logs.some((l) => l.msg?.startsWith(`worker ${replacement.worker} exited unexpectedly`))).toBe(true);
    const before = out.logs.length;
    await writeBatch('W2', 12);
    const second = out.logs.slice(before).filter((l) => l.msg === 'incoming request' && l.req?.method === 'POST');
    const secondPids = new Set(second.map((l) => l.pid));
    expect(secondPids.size).toBe(2);
    expect(secondPids.has(replacement.workerPid)).toBe(true);
    expect(secondPids.has(victim)).toBe(false);

    const workerPids = [...new Set([...pids, ...secondPids])].filter((p): p is number => p !== undefined);
    server.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    for (const pid of workerPids) expect(alive(pid), `worker ${pid} still running`).toBe(false);
    const all = await t.db.selectFrom('activity').select('ref_code').where('ref_code', 'like', 'W_-%').execute();
    expect(all).toHaveLength(24);
  });
});
