import cluster, { type Worker } from 'node:cluster';
import type { FastifyBaseLogger } from 'fastify';

/** The environment variable that tells a worker its place (1…N), which its logs name. */
export const WORKER_SLOT_ENV = 'JOINTPLAN_WORKER';

/** The place of this process among the server's workers, or undefined outside a worker. */
export const workerSlot = (): number | undefined =>
  cluster.isWorker ? Number(process.env[WORKER_SLOT_ENV]) || cluster.worker?.id : undefined;

export interface WorkerOptions {
  /** How many workers serve: each opens the database and listens on the same port. */
  workers: number;
  log: FastifyBaseLogger;
  /** Called once, when every worker of the first start listens, with the address they share. */
  onListening?: (address: { address: string | undefined; port: number }) => void;
  /** The wait before a worker that died is started again; it doubles with each death of a worker that did not last. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A worker that served this long counts as healthy: its death restarts it after the first delay again. */
  healthyAfterMs?: number;
  /** How long stop() waits for a worker to finish its requests before killing it. */
  graceMs?: number;
}

export interface Workers {
  /** Ends every worker (each finishes the requests it holds) and restarts none; resolves once all have exited. */
  stop(): Promise<void>;
  /** Resolves when the first start fails (a worker exits before every worker listens): the server cannot serve. */
  failed: Promise<{ slot: number; code: number | null; signal: string | null }>;
}

interface Slot {
  slot: number;
  worker: Worker | undefined;
  listeningSince: number | undefined;
  /** Deaths in a row of workers of this slot that did not last `healthyAfterMs`. */
  shortLives: number;
  restart: NodeJS.Timeout | undefined;
}

/**
 * Forks `workers` copies of this process (same program, same arguments) with
 * node:cluster; each runs the server, and the primary hands them the
 * connections of the shared port in turn. A worker that dies while the server
 * runs is started again after a delay that doubles with each short life (up to
 * `maxRestartDelayMs`), so that a worker that cannot start does not spin. A
 * worker that dies before the first start is complete fails the whole start.
 */
export function startWorkers(opts: WorkerOptions): Workers {
  const { log } = opts;
  const restartDelayMs = opts.restartDelayMs ?? 1000;
  const maxRestartDelayMs = opts.maxRestartDelayMs ?? 60_000;
  const healthyAfterMs = opts.healthyAfterMs ?? 60_000;
  const graceMs = opts.graceMs ?? 10_000;
  const slots: Slot[] = Array.from({ length: opts.workers }, (_, i) => ({
    slot: i + 1,
    worker: undefined,
    listeningSince: undefined,
    shortLives: 0,
    restart: undefined,
  }));
  let started = false;
  let stopping = false;
  let failStart: (why: { slot: number; code: number | null; signal: string | null }) => void = () => {};
  const failed = new Promise<{ slot: number; code: number | null; signal: string | null }>((resolve) => {
    failStart = resolve;
  });

  const fork = (s: Slot) => {
    s.restart = undefined;
    s.listeningSince = undefined;
    const worker = cluster.fork({ [WORKER_SLOT_ENV]: String(s.slot) });
    s.worker = worker;
    const pid = worker.process.pid;
    worker.on('listening', (address) => {
      s.listeningSince = Date.now();
      log.info({ worker: s.slot, workerPid: pid }, `worker ${s.slot} listening`);
      if (!started && slots.every((x) => x.listeningSince !== undefined)) {
        started = true;
        opts.onListening?.({ address: address.address ?? undefined, port: address.port });
      }
    });
    worker.on('exit', (code, signal) => {
      if (s.worker === worker) s.worker = undefined;
      if (stopping) return;
      if (!started) {
        log.error({ worker: s.slot, workerPid: pid, code, signal }, `worker ${s.slot} exited while the server was starting`);
        failStart({ slot: s.slot, code, signal });
        return;
      }
      const lasted = s.listeningSince !== undefined && Date.now() - s.listeningSince >= healthyAfterMs;
      s.shortLives = lasted ? 0 : s.shortLives + 1;
      const delay = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** Math.max(0, s.shortLives - 1));
      log.error(
        { worker: s.slot, workerPid: pid, code, signal, restartInMs: delay },
        `worker ${s.slot} exited unexpectedly; starting it again in ${delay} ms`,
      );
      s.restart = setTimeout(() => fork(s), delay);
    });
  };

  for (const s of slots) fork(s);

  const stop = async () => {
    stopping = true;
    for (const s of slots) clearTimeout(s.restart);
    const running = slots.flatMap((s) => (s.worker ? [s.worker] : []));
    await Promise.all(
      running.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  };
  return { stop, failed };
}
