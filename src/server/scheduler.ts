import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app/context.js';
import { runDailyDigest } from '../app/notification.usecases.js';

/**
 * Runs the daily jobs: tries every `intervalMs` (and at start) to claim
 * today's run. The claim lives in the database, so the job runs once a day
 * however many processes try, and a restart never runs it twice. A server of
 * several workers runs it in its primary only (`serve --workers`).
 */
export function startScheduler(ctx: AppContext, log: FastifyBaseLogger, intervalMs = 5 * 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const day = ctx.now().toISOString().slice(0, 10);
      const result = await runDailyDigest(ctx, day);
      if (result) log.info({ day, ...result }, 'daily digest built');
    } catch (err) {
      log.error({ err }, 'daily digest failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
