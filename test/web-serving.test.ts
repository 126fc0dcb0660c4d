import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../src/documents/pdf.js';
import { buildServer } from '../src/server/app.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';

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

describe.each(databases())('the API reference on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    app = await buildServer(t.ctx, { webRoot: false });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  /** The page and everything it loads from this server, followed to the end. */
  async function docsAndAssets() {
    const bodies = new Map<string, { body: string; csp: string | undefined }>();
    const queue = ['/api/docs'];
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      if (bodies.has(url)) continue;
      let res = await app.inject({ url });
      for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 5; hops++)
        res = await app.inject({ url: String(res.headers.location) });
      expect(res.statusCode, url).toBe(200);
      const csp = res.headers['content-security-policy'];
      bodies.set(url, { body: res.body, csp: typeof csp === 'string' ? csp : undefined });
      for (const m of res.body.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/g)) {
        const ref = m[1] ?? '';
        if (ref.startsWith('/') && !ref.startsWith('//')) queue.push(ref.split('#')[0] ?? ref);
      }
    }
    return bodies;
  }

  it('references no other host, in the page or in anything it loads, and its policy forbids fetching one', async () => {
    const bodies = await docsAndAssets();
    for (const [url, { body }] of bodies) {
      // Any absolute or protocol-relative address, in markup, style or script.
      const external = [...body.matchAll(/(?:https?:)?\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+/gi)].map((m) => m[0]);
      expect(external, url).toEqual([]);
    }
    const page = bodies.get('/api/docs');
    expect(page?.csp).toMatch(/default-src 'none'/);
    expect(page?.csp).toMatch(/connect-src 'self'(;|$)/);
    expect(page?.csp).not.toMatch(/unsafe-inline|https?:|\*/);
  });

  it('advertises nothing: no hosting, deployment or chat offers', async () => {
    for (const [url, { body }] of await docsAndAssets()) expect(body, url).not.toMatch(/deploy|ask ai|scalar|agent/i);
  });

  it('runs its one script under its own policy and reads the OpenAPI document of this server', async () => {
    const { body, csp } = (await docsAndAssets()).get('/api/docs') ?? { body: '', csp: '' };
    const script = /<script>([\s\S]*)<\/script>/.exec(body)?.[1] ?? '';
    const digest = createHash('sha256').update(script).digest('base64');
    expect(csp).toContain(`'sha256-${digest}'`);
    expect(script).toContain("fetch('/api/openapi.json'");
    const doc = await app.inject({ url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().info.title).toBe('JointPlan API');
  });

  it.runIf(existsSync(CHROMIUM_PATH))(
    'in Chromium, lays out every operation and asks nothing of any other host',
    async () => {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
      try {
        const page = await browser.newPage();
        const elsewhere: string[] = [];
        const problems: string[] = [];
        await page.route('**/*', (route) => {
          const url = route.request().url();
          if (url.startsWith(`${address}/`)) return route.continue();
          elsewhere.push(url);
          return route.abort();
        });
        page.on('pageerror', (err) => problems.push(String(err)));
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text());
        });
        await page.goto(`${address}/api/docs`);
        await page.waitForSelector('.op');
        const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, object> };
        const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
        expect(await page.locator('.op').count()).toBe(operations);
        await page.locator('.op summary').first().click();
        expect(elsewhere).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
