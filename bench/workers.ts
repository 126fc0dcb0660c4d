import { availableParallelism } from 'node:os';
import { load } from './load.js';
import { type Child, freePort, startChild } from './processes.js';

export const WORKER_CONNECTIONS = 10;
const ROUNDS = 2;

export interface WorkersResult {
  /** Workers of the second server: one per core (`serve` without --workers). */
  workers: number;
  connections: number;
  /** Requests per second of the list in each round: one worker, then all, under the same load of the machine. */
  rounds: { one: number; many: number }[];
}

/** All workers' requests per second over one worker's, summed over the rounds. */
export const workersRatio = (w: WorkersResult) =>
  w.rounds.reduce((s, r) => s + r.many, 0) /
  Math.max(
    1e-9,
    w.rounds.reduce((s, r) => s + r.one, 0),
  );

/**
 * The list at 10 connections from the one-worker server already running and
 * from a second server of one worker per core on the same database, in
 * alternating rounds, so that each ratio is taken under the same load.
 */
export async function compareWorkers(
  one: Child,
  dbUrl: string,
  listPath: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<WorkersResult> {
  const workers = availableParallelism();
  const port = await freePort();
  const many = await startChild(
    ['bin/jointplan.js', 'serve', '--db', dbUrl, '--port', String(port), '--workers', String(workers), '--no-demo', '--no-jobs'],
    { LOG_LEVEL: 'silent' },
    port,
    '/api/health',
    /Served by \d+ worker processes/,
  );
  try {
    await load(`${one.base}${listPath}`, headers, WORKER_CONNECTIONS, 2);
    await load(`${many.base}${listPath}`, headers, WORKER_CONNECTIONS, 2);
    const rounds: WorkersResult['rounds'] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const a = await load(`${one.base}${listPath}`, headers, WORKER_CONNECTIONS, seconds);
      const b = await load(`${many.base}${listPath}`, headers, WORKER_CONNECTIONS, seconds);
      rounds.push({ one: a.requestsPerSecond, many: b.requestsPerSecond });
    }
    return { workers, connections: WORKER_CONNECTIONS, rounds };
  } finally {
    await many.stop();
  }
}
