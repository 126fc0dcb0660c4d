import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cruiseLayers } from '../scripts/layers.mjs';

const FIXTURE = fileURLToPath(new URL('./fixtures/layers', import.meta.url));
const DOMAIN = fileURLToPath(new URL('../src/domain', import.meta.url));
const KYSELY_PATH = /(^|\/)node_modules\/kysely\//;
const KYSELY = expect.stringMatching(KYSELY_PATH);

describe('the layer rules', () => {
  it('hold on src and web/src, seeing the imports of .ts and .tsx files alike', { timeout: 60_000 }, async () => {
    const { result, violations } = await cruiseLayers();
    expect(violations).toEqual([]);
    const sources = new Map(result.modules.map((m) => [m.source, m]));
    // The cruise read the files a rule is about: a page (JSX), a route, a use case, a repository.
    for (const file of ['web/src/app.tsx', 'src/server/app.ts', 'src/app/plan.usecases.ts', 'src/store/plan.repo.ts'])
      expect(sources.get(file)?.dependencies.length, file).toBeGreaterThan(0);
    expect(
      result.modules.some(
        (m) => m.source.startsWith('web/src/') && m.dependencies.some((d) => d.resolved.startsWith('src/domain/')),
      ),
    ).toBe(true);
  });

  it('find kysely in no use case: every query is in a repository of src/store', { timeout: 60_000 }, async () => {
    const { result, violations } = await cruiseLayers(['src/app']);
    const useCases = result.modules.filter((m) => m.source.startsWith('src/app/'));
    expect(useCases.length).toBeGreaterThan(10);
    for (const m of useCases)
      expect(
        m.dependencies.filter((d) => KYSELY_PATH.test(d.resolved) || d.resolved === 'src/store/access.ts').map((d) => d.resolved),
        m.source,
      ).toEqual([]);
    expect(violations.filter((v) => v.rule === 'app-without-kysely')).toEqual([]);
  });

  it('leave src/domain without Buffer or process, which the browser does not have', () => {
    const files = readdirSync(DOMAIN, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(readFileSync(join(DOMAIN, f), 'utf8'), f).not.toMatch(/\bBuffer\b|\bprocess\.|\brequire\(/);
  });

  it.each([
    ['src/domain/reads-store.ts', 'domain-is-innermost', 'src/store/repo.ts'],
    ['src/domain/hashes.ts', 'domain-without-node', 'crypto'],
    ['src/store/calls-app.ts', 'store-below-app', 'src/app/use-case.ts'],
    ['src/app/answers-http.ts', 'app-below-server-and-cli', 'src/server/route.ts'],
    ['src/app/writes-sql.ts', 'app-without-kysely', KYSELY],
    ['web/src/page.tsx', 'web-through-the-api', 'src/app/use-case.ts'],
  ])('report %s as the one forbidden arrow %s', { timeout: 60_000 }, async (from, rule, to) => {
    const { violations } = await cruiseLayers([from], FIXTURE);
    expect(violations).toEqual([{ rule, from, to }]);
  });

  it('report a cycle once, at the arrow that closes it', { timeout: 60_000 }, async () => {
    const { violations } = await cruiseLayers(['src/domain/cycle-a.ts'], FIXTURE);
    expect(violations).toEqual([{ rule: 'no-circular', from: 'src/domain/cycle-a.ts', to: 'src/domain/cycle-b.ts' }]);
  });

  it('let through the arrows the rules allow', { timeout: 60_000 }, async () => {
    // A use case may use another; a page may use the domain.
    const { result, violations } = await cruiseLayers(['src/app/use-case.ts', 'web/src/term.tsx'], FIXTURE);
    expect(violations).toEqual([]);
    expect(result.modules.map((m) => m.source)).toEqual(
      expect.arrayContaining(['src/app/use-case.ts', 'web/src/term.tsx', 'src/domain/term.ts']),
    );
  });
});
