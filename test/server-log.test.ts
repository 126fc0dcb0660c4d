import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server/app.js';
import { logLevelOf, serverLogger } from '../src/server/logger.js';
import { openTestDatabase, type TestDatabase } from './support/databases.js';

/** A stream that keeps what is written to it; isTTY as a terminal or a pipe would say. */
function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

// The logger does not depend on the database: SQLite alone serves the server here.
describe('server logs', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  async function logsOf(level: ReturnType<typeof logLevelOf>, isTTY: boolean) {
    const out = capture(isTTY);
    const app = await buildServer(t.ctx, { logger: serverLogger({ level, stream: out.stream }), webRoot: false });
    await app.ready();
    app.log.info('started for the test');
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    await app.close();
    return out.text();
  }

  it('writes JSON lines when piped, and no request lines at info level', async () => {
    const text = await logsOf('info', false);
    const lines = text.trim().split('\n');
    const entries = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(entries.map((e) => e.msg)).toContain('started for the test');
    expect(entries.map((e) => e.msg)).not.toContain('incoming request');
    expect(entries.map((e) => e.msg)).not.toContain('request completed');
  });

  it('logs each request at debug level', async () => {
    const entries = (await logsOf('debug', false))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; req?: { url: string } });
    const incoming = entries.find((e) => e.msg === 'incoming request');
    expect(incoming).toMatchObject({ level: 20, req: { url: '/api/health' } });
    expect(entries.find((e) => e.msg === 'request completed')).toMatchObject({ level: 20 });
  });

  it('writes readable lines, not JSON, to a terminal', async () => {
    const text = await logsOf('info', true);
    expect(text).toContain('started for the test');
    expect(text).toMatch(/INFO/);
    expect(() => JSON.parse(text.trim().split('\n')[0] ?? '')).toThrow();
  });

  it('takes LOG_LEVEL, info by default, and refuses an unknown level', () => {
    expect(logLevelOf(undefined)).toBe('info');
    expect(logLevelOf('')).toBe('info');
    expect(logLevelOf('DEBUG')).toBe('debug');
    expect(serverLogger({ level: 'silent', stream: capture(false).stream })).toBe(false);
    expect(() => logLevelOf('verbose')).toThrow(/LOG_LEVEL must be one of/);
  });
});
