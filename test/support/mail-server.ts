import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createActivity } from '../../src/app/activity.usecases.js';
import type { mailFromEnv } from '../../src/server/mail.js';
import { type DatabaseKind, openTestDatabase } from './databases.js';
import { activityInput, seedWorld } from './fixtures.js';

/** What the in-process SMTP server received: envelope recipients and the raw message. */
export type Received = { to: string[]; raw: string };

/**
 * An SMTP server on a free local port that refuses the recipients in `refused` (answering 550, each try
 * kept in `refusedTries`) and keeps every other message it is given.
 */
export async function smtpServer(refused: ReadonlySet<string> = new Set()) {
  const received: Received[] = [];
  const refusedTries: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address)) return callback();
      refusedTries.push(address.address);
      return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    refusedTries,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A logger that keeps what it is told, as Fastify's would print it. */
export function memoryLog() {
  const lines: { msg: string; obj?: unknown }[] = [];
  const keep = (a: unknown, b?: string) => lines.push(typeof a === 'string' ? { msg: a } : { msg: b ?? '', obj: a });
  const log = { info: keep, warn: keep, error: keep, debug: keep, trace: keep, fatal: keep, child: () => log, level: 'info' };
  return { lines, log: log as unknown as Parameters<typeof mailFromEnv>[1] };
}

/**
 * The world of the mail suites on a new database of `kind`: the seeded world, an SMTP server (see
 * smtpServer), and two activities of MAR's plan, `<code>-1` labelled as its plan and `<code>-2`
 * SECRET in the INDUS compartment, released to ISR.
 */
export async function openMailWorld(kind: DatabaseKind, code: string, refused?: ReadonlySet<string>) {
  const t = await openTestDatabase(kind);
  const smtp = await smtpServer(refused);
  const world = await seedWorld(t.ctx);
  const open = await createActivity(t.ctx, world.marPlanner, world.plan.id, activityInput(`${code}-1`));
  const secret = await createActivity(
    t.ctx,
    world.marPlanner,
    world.plan.id,
    activityInput(`${code}-2`, { classification: 'SECRET', releasableTo: ['ISR'], compartments: ['INDUS'] }),
  );
  return { t, smtp, world, open, secret };
}
