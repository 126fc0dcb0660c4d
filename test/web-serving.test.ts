import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/server/app.js';
import { openTestDatabase, type TestDatabase } from './support/databases.js';

describe('the server serves the built web app', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  const root = mkdtempSync(join(tmpdir(), 'jointplan-web-'));

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
    t = await openTestDatabase('sqlite');
    app = await buildServer(t.ctx, { webRoot: root });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / with the page, always revalidated', async () => {
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('caches hashed assets for good', async () => {
    const res = await app.inject({ url: '/assets/main-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it("answers the app's own addresses with the page, so a reload or a shared link works", async () => {
    const res = await app.inject({ url: '/plans/0190c1a0-0000-7000-8000-000000000000', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>app</title>');
  });

  it('keeps API and missing files as problem+json 404s', async () => {
    for (const url of ['/api/nothing-here', '/assets/missing.js']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
  });

  it('serves no app when none is built', async () => {
    const bare = await buildServer(t.ctx, { webRoot: join(root, 'not-built') });
    try {
      const res = await bare.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  });
});
