import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app/context.js';
import { runDailyDigest } from '../app/notification.usecases.js';
import { deliverNotificationMail } from '../app/notification-mail.usecases.js';
import { notifyWatchers } from '../app/watcher.usecases.js';
import { type MailSettings, mailFromEnv } from './mail.js';

/**
 * Runs the jobs: tries every `intervalMs` (and at start) to claim today's
 * digest, tells watchers of the changes made since the last run, and e-mails
 * the notifications not sent yet when an SMTP server is configured. The
 * digest's claim lives in the database, so it runs once a day however many
 * processes try; a watcher's notification of a change is made once (its key
 * is unique), and a notification is claimed by one conditional update before
 * its message goes, so it is e-mailed at most once however many processes
 * send. A server of several workers runs the jobs in its primary only
 * (`serve --workers`).
 */
export function startScheduler(
  ctx: AppContext,
  log: FastifyBaseLogger,
  intervalMs = 5 * 60_000,
  mail: MailSettings | null = mailFromEnv(process.env, log),
): () => void {
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
    }
    try {
      const told = await notifyWatchers(ctx);
      if (told > 0) log.info({ notifications: told }, 'watchers told of changes');
    } catch (err) {
      log.error({ err }, 'telling watchers failed');
    }
    try {
      if (mail) {
        const sent = await deliverNotificationMail(ctx, mail.send, {
          baseUrl: mail.baseUrl,
          maxClassification: mail.maxClassification,
          log,
        });
        if (sent > 0) log.info({ messages: sent }, 'notifications e-mailed');
      }
    } catch (err) {
      log.error({ err }, 'e-mailing notifications failed');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
