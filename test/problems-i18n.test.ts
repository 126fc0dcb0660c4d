import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import ar from 'zod/v4/locales/ar.js';
import en from 'zod/v4/locales/en.js';
import fr from 'zod/v4/locales/fr.js';
import he from 'zod/v4/locales/he.js';
import { createActivity } from '../src/app/activity.usecases.js';
import { createToken } from '../src/app/auth.usecases.js';
import { activityCreateSchema, refCodeSchema } from '../src/domain/activity.schema.js';
import { newId } from '../src/domain/ids.js';
import { compartmentCodeSchema, partyCodeSchema } from '../src/domain/labels.js';
import { currencyCodeSchema } from '../src/domain/money.js';
import {
  API_ONLY_PARAMS,
  fill,
  isProblemCode,
  PROBLEMS,
  type ProblemSpec,
  TRANSLATED_PARAMS,
  zodFieldIssue,
} from '../src/domain/problems.js';
import { usernameSchema } from '../src/domain/user.schema.js';
import { buildServer } from '../src/server/app.js';
import { problemSchema } from '../src/server/problem.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, seedWorld } from './support/fixtures.js';

/**
 * Every problem the API can answer has a stable code in the catalogue and a
 * translation in each language of the web app, with the same placeholders;
 * every kind of field issue a schema can raise has a way into each language;
 * no use case throws an error without a code.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
type Language = (typeof LANGUAGES)[number];

const translations = Object.fromEntries(
  LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(ROOT, 'web/src/i18n/problems', `${l}.json`), 'utf8'))]),
) as Record<Language, Record<string, unknown>>;
const mainBundles = Object.fromEntries(
  LANGUAGES.map((l) => [l, JSON.parse(readFileSync(join(ROOT, 'web/src/i18n', `${l}.json`), 'utf8'))]),
) as Record<Language, Record<string, unknown>>;

/** The text at a dotted key, as i18next finds it in a nested bundle. */
const at = (bundle: Record<string, unknown>, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as never)[part] : undefined), bundle);

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();

function leaves(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const codes = Object.keys(PROBLEMS) as (keyof typeof PROBLEMS)[];

describe('the problem catalogue', () => {
  it('has codes dotted by area, and the generic problem of every kind', () => {
    expect(codes.length).toBeGreaterThan(200);
    for (const code of codes) expect(code).toMatch(/^[a-z][a-zA-Z_]*(\.[a-z_0-9]+)+$/);
    for (const kind of ['invalid', 'not_found', 'conflict', 'frozen', 'forbidden', 'unauthenticated', 'too_many'])
      expect(codes).toContain(`common.${kind}`);
  });

  it("has the server's edge codes: validation, malformed or empty JSON, too large, media type, rate limit, internal", () => {
    for (const code of [
      'request.invalid_fields',
      'request.malformed_json',
      'request.empty_json',
      'request.body_too_large',
      'request.unsupported_media_type',
      'request.rate_limited',
      'request.internal',
      'request.no_route',
    ])
      expect(codes).toContain(code);
  });

  it.each(LANGUAGES)(
    'translates every code in %s, with the placeholders of its English detail but those for API clients only',
    (lang) => {
      const missing: string[] = [];
      const mismatched: string[] = [];
      for (const code of codes) {
        const text = at(translations[lang], code);
        if (typeof text !== 'string' || !text.trim()) missing.push(code);
        else {
          const apiOnly: readonly string[] = API_ONLY_PARAMS[code] ?? [];
          const expected = placeholders((PROBLEMS[code] as ProblemSpec).text).filter((p) => !apiOnly.includes(p as string));
          if (placeholders(text).join() !== expected.join()) mismatched.push(code);
        }
      }
      expect(missing).toEqual([]);
      expect(mismatched).toEqual([]);
    },
  );

  it('translates nothing the catalogue lacks, the same keys in every language', () => {
    for (const lang of LANGUAGES) expect(leaves(translations[lang]).sort()).toEqual([...codes].sort());
  });

  it('is written in each language: Arabic and Hebrew script, French that is not the English', () => {
    const strip = (s: string) => s.replace(/\{\{\w+\}\}/g, '');
    const notArabic = codes.filter((c) => !/[\u0600-\u06FF]/.test(strip(at(translations.ar, c) as string)));
    const notHebrew = codes.filter((c) => !/[\u0590-\u05FF]/.test(strip(at(translations.he, c) as string)));
    const sameAsEnglish = codes.filter((c) => at(translations.fr, c) === at(translations.en, c));
    expect(notArabic).toEqual([]);
    expect(notHebrew).toEqual([]);
    expect(sameAsEnglish).toEqual([]);
  });

  it('shows the reader no route, HTTP verb or command', () => {
    for (const lang of LANGUAGES) {
      const leaks = codes.filter((c) =>
        /\/api\/|\b(GET|POST|PATCH|PUT|DELETE)\b|jointplan |`/.test(at(translations[lang], c) as string),
      );
      expect(leaks).toEqual([]);
    }
  });

  it('translates the params it names by family through keys the web has in every language', () => {
    const values: Record<string, string[]> = {
      planStatus: ['draft', 'proposed', 'approved', 'in_execution', 'closed'],
      activityStatus: ['proposed', 'planned', 'scheduled', 'conducted', 'reported', 'postponed', 'cancelled'],
      sessionStatus: ['planned', 'convened', 'held', 'minutes_approved'],
      actionItemStatus: ['open', 'in_progress', 'done', 'dropped'],
    };
    for (const [family, list] of Object.entries(values))
      for (const lang of LANGUAGES)
        for (const v of list) {
          const prefix = TRANSLATED_PARAMS[family as keyof typeof TRANSLATED_PARAMS];
          expect(at(mainBundles[lang], `${prefix}.${v}`), `${lang} ${prefix}.${v}`).toEqual(expect.any(String));
        }
  });
});

/** One issue of each code zod can raise, with the fields its locales read. */
const ZOD_ISSUES: Record<string, Record<string, unknown>> = {
  invalid_type: { expected: 'string', input: undefined },
  too_big: { origin: 'string', maximum: 200, inclusive: true },
  too_small: { origin: 'string', minimum: 1, inclusive: true },
  invalid_format: { format: 'date' },
  not_multiple_of: { divisor: 2 },
  unrecognized_keys: { keys: ['colour'] },
  invalid_union: { errors: [] },
  invalid_key: { origin: 'record' },
  invalid_element: { origin: 'map' },
  invalid_value: { values: ['fr', 'en'] },
  custom: {},
};

describe('field issues of the schemas', () => {
  const locales = { fr, en, ar, he } as const;

  it('knows every issue code zod has', () => {
    const all = new Set<string>();
    // Each code zod's own english locale words, read from zod's issue union.
    for (const code of Object.keys(ZOD_ISSUES)) all.add(code);
    const raised = [
      z.string().safeParse(1),
      z.string().max(1).safeParse('ab'),
      z.string().min(2).safeParse('a'),
      z.iso.date().safeParse('x'),
      z.number().multipleOf(2).safeParse(3),
      z.object({}).strict().safeParse({ a: 1 }),
      z.union([z.string(), z.number()]).safeParse(true),
      z.record(z.enum(['a']), z.string()).safeParse({ b: 'x' }),
      z.map(z.string(), z.number()).safeParse(new Map([['a', 'x']])),
      z.enum(['a']).safeParse('b'),
      z
        .string()
        .refine(() => false)
        .safeParse('a'),
    ].flatMap((r) => (r.success ? [] : r.error.issues.map((i) => i.code)));
    for (const code of raised) expect(all).toContain(code);
  });

  it.each(LANGUAGES)('words every zod issue code in %s through its zod locale', (lang) => {
    const localeError = locales[lang]().localeError;
    for (const [code, fields] of Object.entries(ZOD_ISSUES)) {
      const out = localeError?.({ code, path: [], ...fields } as never);
      const text = typeof out === 'string' ? out : out?.message;
      expect(text, `${lang} ${code}`).toEqual(expect.any(String));
      if (lang === 'ar') expect(text).toMatch(/[\u0600-\u06FF]/);
      if (lang === 'he') expect(text).toMatch(/[\u0590-\u05FF]/);
    }
  });

  it('gives a schema refinement its catalogue code', () => {
    const fieldCodes = codes.filter((c) => c.startsWith('field.') || c.startsWith('period.'));
    expect(fieldCodes).toContain('period.end_before_start');
    expect(fill(PROBLEMS['period.end_before_start'].text)).toBe('end must not be before start');
  });
});

describe('fields written to a pattern', () => {
  type Node = { _zod: { def: Record<string, unknown>; bag?: { patterns?: Set<RegExp> } } };
  const isSchema = (x: unknown): x is Node & z.ZodType => x instanceof z.ZodType;

  /** Every schema inside `root`, through objects, arrays, records, unions, wrappers and pipes. */
  function walk(root: Node, seen = new Set<unknown>()): Node[] {
    if (seen.has(root)) return [];
    seen.add(root);
    const out: Node[] = [root];
    const visit = (v: unknown) => {
      if (isSchema(v)) out.push(...walk(v, seen));
      else if (Array.isArray(v)) v.forEach(visit);
    };
    for (const [k, v] of Object.entries(root._zod.def)) {
      if (k === 'checks') continue;
      if (k === 'shape' && v && typeof v === 'object') Object.values(v).forEach(visit);
      else visit(v);
    }
    return out;
  }

  /** A string schema with a pattern: zod's own regex check, or one given through `matching`. */
  const patterned = (n: Node) =>
    (n._zod.def.type === 'string' && (n._zod.def.checks as Node[] | undefined)?.some((c) => c._zod.def.format === 'regex')) ||
    typeof z.globalRegistry.get(n as unknown as z.ZodType)?.pattern === 'string';

  async function domainSchemas() {
    const found = new Map<string, Node>();
    for (const file of sources(join(ROOT, 'src/domain'))) {
      const mod = await import(file);
      for (const [name, value] of Object.entries(mod))
        if (isSchema(value))
          for (const n of walk(value))
            if (patterned(n) && ![...found.values()].includes(n)) found.set(`${relative(ROOT, file)} ${name}`, n);
    }
    return found;
  }

  it('refuses a value off the pattern with a catalogue code and an example, never the pattern', async () => {
    const found = await domainSchemas();
    // The reference code, party and compartment codes, username, currency, amount, rate, evaluation ids and hashes.
    expect(found.size).toBeGreaterThanOrEqual(10);
    const nodes = [...found.values()] as unknown[];
    for (const schema of [refCodeSchema, partyCodeSchema, compartmentCodeSchema, usernameSchema, currencyCodeSchema])
      expect(nodes).toContain(schema);
    for (const [name, schema] of found) {
      const parsed = (schema as unknown as z.ZodType).safeParse('!');
      expect(parsed.success, name).toBe(false);
      const issues = parsed.error?.issues.map((i) => zodFieldIssue('', i)) ?? [];
      expect(issues.length, name).toBeGreaterThan(0);
      for (const i of issues) {
        expect(isProblemCode(i.code), `${name}: ${i.code}`).toBe(true);
        expect(i.message, name).not.toMatch(/\^|\$|\[|\\d|\{\d/);
        for (const lang of LANGUAGES) {
          const text = at(translations[lang], i.code);
          expect(text, `${lang} ${i.code}`).toEqual(expect.any(String));
          for (const p of placeholders(text as string)) expect(i.params, `${name} ${i.code} ${p}`).toHaveProperty(p as string);
        }
      }
    }
  });

  it('gives the reference code its format with an example, and keeps the pattern for API clients', () => {
    const r = activityCreateSchema.safeParse(activityInput('2026 plan 1'));
    const i = r.error?.issues.map((x) => zodFieldIssue(x.path.join('.'), x)).find((x) => x.path === 'refCode');
    expect(i).toMatchObject({ code: 'field.ref_code_format', params: { example: '2026-PLN-01' } });
    expect(fill(at(translations.fr, 'field.ref_code_format') as string, i?.params as never)).toBe(
      'lettres majuscules, chiffres et tirets, par exemple 2026-PLN-01',
    );
    expect(z.toJSONSchema(refCodeSchema)).toMatchObject({ type: 'string', pattern: '^[A-Z0-9][A-Z0-9-]{1,30}$' });
  });
});

describe('throw sites', () => {
  /** Files that make errors only from a code: the catalogue itself, and a rewrap that keeps the error's code. */
  const OWN = new Set(['src/domain/errors.ts', 'src/domain/problems.ts', 'src/app/workbook.usecases.ts']);

  it('throws no error without a code', () => {
    const uncoded: string[] = [];
    for (const file of sources(join(ROOT, 'src'))) {
      const name = relative(ROOT, file);
      if (OWN.has(name)) continue;
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?<![\w.])(invalid|conflict|frozen|forbidden|notFound|unauthenticated)\(|new DomainError\(/g,
      ))
        uncoded.push(`${name}: ${m[0]}`);
    }
    expect(uncoded).toEqual([]);
  });
});

describe.each(databases())('problems of the API on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let token: string;
  let activity: { id: string; version: number };
  let planId: string;

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    const w = await seedWorld(t.ctx);
    planId = w.plan.id;
    token = (await createToken(t.ctx, null, w.marPlanner.username, 'problems test')).token;
    activity = await createActivity(t.ctx, w.marPlanner, planId, activityCreateSchema.parse(activityInput('2026-PRB-01')));
    app = await buildServer(t.ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  const call = async (opts: InjectOptions, signedIn = true) => {
    const res = await app.inject({
      ...opts,
      headers: { ...(signedIn ? { authorization: `Bearer ${token}` } : {}), ...opts.headers },
    });
    const body = problemSchema.parse(res.json());
    expect(body.status).toBe(res.statusCode);
    return body;
  };

  it('answers a refused transition with its code and the statuses as params', async () => {
    const p = await call({
      method: 'POST',
      url: `/api/activities/${activity.id}/transitions`,
      payload: { to: 'reported', version: activity.version },
    });
    expect(p).toMatchObject({
      status: 400,
      code: 'activity.cannot_move',
      params: { activityStatus: 'proposed', activityStatusTo: 'reported' },
    });
    expect(p.detail).toContain('from proposed to reported');
    expect(p.errors).toEqual([
      {
        path: 'to',
        code: 'activity.move_not_allowed',
        params: { activityStatus: 'proposed' },
        message: 'not allowed from proposed',
      },
    ]);
  });

  it('answers a missing record with its own not-found code', async () => {
    const p = await call({ method: 'GET', url: `/api/activities/${newId()}` });
    expect(p).toMatchObject({ status: 404, code: 'activity.not_found', params: {}, detail: 'Activity not found' });
  });

  it("gives the schemas' field issues zod's codes and fields, and a refinement's catalogue code", async () => {
    const p = await call({
      method: 'POST',
      url: `/api/plans/${planId}/activities`,
      payload: activityInput('2026-PRB-02', {
        title: { fr: '' },
        plannedPeriod: { start: '2026-05-10', end: '2026-05-01', precision: 'day' },
        colour: 'red',
      }),
    });
    expect(p).toMatchObject({ status: 400, code: 'request.invalid_fields', params: { where: 'body' } });
    const byPath = Object.fromEntries((p.errors ?? []).map((e) => [e.path, e]));
    expect(byPath['plannedPeriod.end']).toMatchObject({ code: 'period.end_before_start' });
    expect(byPath['title.fr']).toMatchObject({ code: 'too_small', params: { minimum: 1, origin: 'string' } });
    expect(byPath.colour).toMatchObject({ code: 'field.unknown_field' });
    expect(p.params.count).toBe(p.errors?.length);
  });

  it("codes the server's edge: malformed JSON, no route, not signed in", async () => {
    const malformed = await call({
      method: 'POST',
      url: `/api/plans/${planId}/activities`,
      payload: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed).toMatchObject({ status: 400, code: 'request.malformed_json' });
    const route = await call({ method: 'GET', url: '/api/no-such-thing' });
    expect(route).toMatchObject({ status: 404, code: 'request.no_route', params: { method: 'GET', path: '/api/no-such-thing' } });
    const anonymous = await call({ method: 'GET', url: '/api/plans' }, false);
    expect(anonymous).toMatchObject({ status: 401, code: 'common.unauthenticated' });
  });

  it('has a translation for each code it answered', async () => {
    for (const code of ['activity.cannot_move', 'activity.not_found', 'request.invalid_fields', 'period.end_before_start'])
      for (const lang of LANGUAGES) expect(at(translations[lang], code)).toEqual(expect.any(String));
  });
});
