import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { mailFromEnv } from '../../src/server/mail.js';

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
