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
import { activityBulkEditSchema } from '../src/domain/activity-bulk.schema.js';
import { activityQueryStateSchema } from '../src/domain/activity-query.schema.js';
import { sessionCreateSchema, sessionPatchSchema } from '../src/domain/commission.schema.js';
import { localizedTextSchema } from '../src/domain/common.schema.js';
import { evaluationInputSchema } from '../src/domain/evaluation/evaluation.schema.js';
import { evaluatorInputsFor } from '../src/domain/evaluation/workspace.js';
import { publicKeyRecordSchema } from '../src/domain/exchange/keys.js';
import { securityPolicySchema } from '../src/domain/exchange/security-policy.js';
import {
  EXCHANGE_FORMAT,
  EXCHANGE_VERSION,
  exchangeActivitySchema,
  exchangeFileSchema,
  exchangeFollowUpSchema,
  exchangePlanSchema,
  IMPORT_LIMITS,
} from '../src/domain/exchange.schema.js';
import { newId } from '../src/domain/ids.js';
import { indicatorCreateSchema, indicatorPatchSchema } from '../src/domain/indicator.schema.js';
import {
  percentSchema,
  projectCreateSchema,
  projectMilestoneCreateSchema,
  projectMilestonePatchSchema,
  siteSchema,
} from '../src/domain/industrial-project.schema.js';
import { compartmentCodeSchema, partyCodeSchema } from '../src/domain/labels.js';
import { currencyCodeSchema, exchangeRateSchema, exchangeRateTableSchema, moneySchema } from '../src/domain/money.js';
import { claimCreateSchema, obligationCreateSchema } from '../src/domain/offset.schema.js';
import { ledgerQuerySchema } from '../src/domain/offset-ledger.js';
import { plannedPeriodSchema } from '../src/domain/period.js';
import { planCreateSchema } from '../src/domain/plan.schema.js';
import {
  API_ONLY_PARAMS,
  fill,
  isProblemCode,
  PROBLEMS,
  type ProblemSpec,
  TRANSLATED_PARAMS,
  zodFieldIssue,
} from '../src/domain/problems.js';
import { sourceCreateSchema } from '../src/domain/source.schema.js';
import { passwordChangeSchema, usernameSchema } from '../src/domain/user.schema.js';
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
/** The security policy shipped for MAR, which the policy's cases start from. */
const MAR_POLICY: unknown = JSON.parse(readFileSync(join(ROOT, 'config/security-policy/MAR.json'), 'utf8'));
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

  it('tells of an amount out of range plainly, without a count of minor units, in every language', () => {
    expect(PROBLEMS['field.amount_range'].text).not.toMatch(/\d|\{\{/);
    for (const lang of LANGUAGES) expect(at(translations[lang], 'field.amount_range')).not.toMatch(/\d|\{\{/);
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

describe('refinements of the schemas', () => {
  /** A small evaluation the schema takes: two offers, one evaluator, price and quality weighted directly. */
  const evaluation = (over: Record<string, unknown> = {}) => ({
    offers: [
      { id: 'o1', name: 'Offer 1' },
      { id: 'o2', name: 'Offer 2' },
    ],
    evaluators: [{ id: 'e1', name: 'Evaluator 1' }],
    criteria: {
      weighting: { kind: 'direct', weights: { price: 1, quality: 1 } },
      children: [
        { id: 'price', name: 'Price' },
        { id: 'quality', name: 'Quality' },
      ],
    },
    assessments: [
      { kind: 'scores', evaluator: 'e1', criterion: 'price', scores: { o1: 1, o2: 2 } },
      { kind: 'scores', evaluator: 'e1', criterion: 'quality', scores: { o1: 2, o2: 1 } },
    ],
    method: { aggregation: 'AIJ', smaa: { seed: 1 } },
    ...over,
  });
  const top = (weighting: unknown, children?: unknown[]) => ({
    criteria: { weighting, children: children ?? evaluation().criteria.children },
  });
  const pairwise = (...judgments: { a: string; b: string; value: number }[]) => ({
    kind: 'pairwise',
    matrices: [{ evaluator: 'e1', judgments }],
  });
  const scores = (criterion: string, s: Record<string, number>, evaluator = 'e1') => ({
    kind: 'scores',
    evaluator,
    criterion,
    scores: s,
  });
  const bounds = (b: Record<string, { min: number; max: number }>) => ({
    method: { aggregation: 'AIJ', smaa: { seed: 1, weightBounds: b } },
  });
  /** `depth` levels of criteria, each with one sub-criterion, above a leaf. */
  const chain = (depth: number): Record<string, unknown> =>
    depth === 0
      ? { id: 'leaf', name: 'Leaf' }
      : {
          id: `n${depth}`,
          name: `Level ${depth}`,
          weighting: { kind: 'direct', weights: { [depth === 1 ? 'leaf' : `n${depth - 1}`]: 1 } },
          children: [chain(depth - 1)],
        };
  const wide = Array.from({ length: 6 }, (_, i) => ({
    id: `g${i}`,
    name: `Group ${i}`,
    weighting: { kind: 'direct', weights: Object.fromEntries(Array.from({ length: 100 }, (_, j) => [`g${i}-${j}`, 1])) },
    children: Array.from({ length: 100 }, (_, j) => ({ id: `g${i}-${j}`, name: `Criterion ${j}` })),
  }));

  const plan = {
    commissionId: newId(),
    title: { fr: 'Plan' },
    periodStart: '2026-01-01',
    periodEnd: '2026-12-31',
    status: 'draft',
  };
  const { status: _, ...planInput } = plan;
  const exchangeActivity = (refCode: string, over: Record<string, unknown> = {}) => ({
    ...activityInput(refCode),
    status: 'planned',
    ...over,
  });
  const rate = { from: 'EUR', to: 'MAD', rate: '10.85', date: '2026-01-02', source: 'Bank', enteredBy: 'admin' };

  /** Criteria of an evaluation weighted directly at every level: no evaluator compares them. */
  const directTop = {
    weighting: { kind: 'direct' as const, weights: { price: 1, quality: 1 } },
    items: [
      { id: 'price', name: 'Price', parent: null },
      { id: 'quality', name: 'Quality', parent: null, weighting: { kind: 'direct' as const, weights: { a: 1, b: 1 } } },
      { id: 'a', name: 'A', parent: 'quality' },
      { id: 'b', name: 'B', parent: 'quality' },
    ],
  };
  type Case = [name: string, schema: z.ZodType, input: unknown, path: string, code: string];
  /** Cases of one schema, written as rows of the case, its input, and the path and code of its issue. */
  const refusedBy = (schema: z.ZodType, rows: [string, unknown, string, string][]): Case[] =>
    rows.map(([name, input, path, code]) => [name, schema, input, path, code]);
  const period = (start: string, end: string, precision: 'month' | 'quarter') => ({ start, end, precision });
  const sourceAt = (url: string) => ({ kind: 'other', title: 'Article', url });

  /** An industrial project whose partners are the parties and shares given. */
  const project = (shares: [string, string][]) => ({
    title: { en: 'Site' },
    kind: 'production_site',
    site: { place: 'Benslimane' },
    budget: { amount: '100.00', currency: 'USD' },
    partners: shares.map(([party, share]) => ({ name: `Partner of ${party}`, party, role: 'prime', share })),
  });
  /** Each refinement of the domain's schemas, an input that trips it, and the issue it must give. */
  const CASES: Case[] = [
    [
      'a bulk relabel that gives no part of a marking',
      activityBulkEditSchema,
      { selection: { ids: ['0190a000-0000-7000-8000-000000000001'] }, action: { kind: 'relabel' } },
      'action.classification',
      'activity.bulk_relabel_empty',
    ],
    ...(() => {
      const obligation = {
        programmeId: '0190a000-0000-7000-8000-000000000001',
        obligorParty: 'ISR',
        beneficiaryParty: 'MAR',
        requiredPercentage: '50',
        deadline: '2030-12-31',
        multipliers: [{ category: 'training', multiplier: '2' }],
      };
      const claim = { source: 'purchase', category: 'training', value: { amount: '1.00', currency: 'MAD' }, evidence: 'Invoice' };
      return [
        [
          'an offset over 100 percent',
          obligationCreateSchema,
          { ...obligation, requiredPercentage: '100.01' },
          'requiredPercentage',
          'offset.percentage_range',
        ],
        [
          'a multiplier over 10',
          obligationCreateSchema,
          { ...obligation, multipliers: [{ category: 'training', multiplier: '10.5' }] },
          'multipliers.0.multiplier',
          'offset.multiplier_range',
        ],
        [
          'a category with two multipliers',
          obligationCreateSchema,
          { ...obligation, multipliers: [...obligation.multipliers, { category: 'training', multiplier: '3' }] },
          'multipliers',
          'offset.repeated_category',
        ],
        [
          'an obligation due before it arises',
          obligationCreateSchema,
          { ...obligation, arisesOn: '2031-01-01' },
          'deadline',
          'offset.deadline_before_start',
        ],
        [
          'a claim from a project without the project',
          claimCreateSchema,
          { ...claim, source: 'industrial_project' },
          'industrialProjectId',
          'field.required',
        ],
        ['a ledger of neither a contract nor a party', ledgerQuerySchema, {}, 'contract', 'offset.ledger_scope'],
      ] as Case[];
    })(),
    ['a text in no language', localizedTextSchema(10), {}, '', 'field.text_in_one_language'],
    ...refusedBy(plannedPeriodSchema, [
      ['a period ending before it starts', { start: '2026-03-10', end: '2026-03-01' }, 'end', 'period.end_before_start'],
      ['a month not starting on its first', period('2026-03-02', '2026-03-31', 'month'), 'start', 'period.month_start'],
      ['a month not ending on its last', period('2026-03-01', '2026-03-30', 'month'), 'end', 'period.month_end'],
      ['a quarter not starting on its first', period('2026-04-02', '2026-06-30', 'quarter'), 'start', 'period.quarter_start'],
      ['a quarter not ending on its last', period('2026-04-01', '2026-06-29', 'quarter'), 'end', 'period.quarter_end'],
    ]),
    [
      'a plan ending before it starts',
      planCreateSchema,
      { ...planInput, periodStart: '2026-12-31', periodEnd: '2026-01-01' },
      'periodEnd',
      'period.not_before_start',
    ],
    ['a plan over its longest', planCreateSchema, { ...planInput, periodEnd: '2036-01-01' }, 'periodEnd', 'period.plan_too_long'],
    [
      'a session ending before it starts',
      sessionCreateSchema,
      { number: 1, startDate: '2026-03-10', endDate: '2026-03-09', place: 'Rabat', hostParty: 'MAR' },
      'endDate',
      'session.ends_before_start',
    ],
    [
      'a session corrected to end before it starts',
      sessionPatchSchema,
      { startDate: '2026-03-10', endDate: '2026-03-09' },
      'endDate',
      'session.ends_before_start',
    ],
    [
      'an indicator aimed before its baseline',
      indicatorCreateSchema,
      {
        name: 'Rate',
        unit: '%',
        baselineValue: 1,
        baselineDate: '2026-06-01',
        targetValue: 2,
        targetDate: '2026-05-01',
      },
      'targetDate',
      'indicator.not_before_baseline',
    ],
    [
      'an indicator corrected to aim before its baseline',
      indicatorPatchSchema,
      { baselineDate: '2026-06-01', targetDate: '2026-05-01' },
      'targetDate',
      'indicator.not_before_baseline',
    ],
    [
      'a new password that is the current one',
      passwordChangeSchema,
      { currentPassword: 'correct horse battery', newPassword: 'correct horse battery' },
      'newPassword',
      'field.same_password',
    ],
    ...refusedBy(sourceCreateSchema, [
      ['a source at a javascript: address', sourceAt('javascript:alert(1)'), 'url', 'field.web_address'],
      ['a source at an ftp address', sourceAt('ftp://example.org/a'), 'url', 'field.web_address'],
    ]),
    ['a currency ISO 4217 lacks', currencyCodeSchema, 'XYZ', '', 'field.not_a_currency'],
    [
      'an amount with more decimals than its currency',
      moneySchema,
      { amount: '1.234', currency: 'EUR' },
      'amount',
      'field.amount_decimals',
    ],
    ['a rate of zero', exchangeRateSchema, { ...rate, rate: '0.00' }, 'rate', 'field.rate_above_zero'],
    ['a rate into its own currency', exchangeRateSchema, { ...rate, to: 'EUR' }, 'to', 'field.rate_same_currency'],
    ['a rate given twice', exchangeRateTableSchema, [rate, rate], '1.date', 'field.rate_twice'],
    [
      'an imported status change without its status',
      exchangeFollowUpSchema,
      { id: newId(), kind: 'status_change', body: 'Moved', createdAt: '2026-01-01T00:00:00Z' },
      'toStatus',
      'import.status_change_needs_to',
    ],
    [
      'an imported note with a status',
      exchangeFollowUpSchema,
      { id: newId(), kind: 'note', body: 'Noted', toStatus: 'planned', createdAt: '2026-01-01T00:00:00Z' },
      'toStatus',
      'import.no_status_change',
    ],
    [
      'an imported activity reported without its start',
      exchangeActivitySchema,
      exchangeActivity('2026-IMP-01', { status: 'reported' }),
      'actualStart',
      'import.actual_start_required',
    ],
    [
      'an imported plan ending before it starts',
      exchangePlanSchema,
      { ...plan, periodStart: '2026-12-31', periodEnd: '2026-01-01' },
      'periodEnd',
      'period.not_before_start',
    ],
    [
      'an exchange file with a reference code twice',
      exchangeFileSchema,
      {
        format: EXCHANGE_FORMAT,
        version: EXCHANGE_VERSION,
        plan,
        activities: [exchangeActivity('2026-IMP-01'), exchangeActivity('2026-IMP-01')],
      },
      'activities.1.refCode',
      'import.duplicate_ref_code',
    ],
    ...refusedBy(evaluationInputSchema, [
      [
        'weight bounds upside down',
        evaluation(bounds({ price: { min: 0.5, max: 0.2 } })),
        'method.smaa.weightBounds.price.max',
        'evaluation.bound_min_above_max',
      ],
      [
        'a weight for a criterion not there',
        evaluation(top({ kind: 'direct', weights: { price: 1, quality: 1, colour: 1 } })),
        'criteria.weighting.weights.colour',
        'evaluation.not_a_child',
      ],
      [
        'a criterion without its weight',
        evaluation(top({ kind: 'direct', weights: { price: 1 } })),
        'criteria.weighting.weights',
        'evaluation.no_weight',
      ],
      [
        'weights all zero',
        evaluation(top({ kind: 'direct', weights: { price: 0, quality: 0 } })),
        'criteria.weighting.weights',
        'evaluation.weights_all_zero',
      ],
      [
        'a comparison by an evaluator not there',
        evaluation(
          top({ kind: 'pairwise', matrices: [{ evaluator: 'e9', judgments: [{ a: 'price', b: 'quality', value: 2 }] }] }),
        ),
        'criteria.weighting.matrices.0.evaluator',
        'evaluation.unknown_evaluator',
      ],
      [
        'two comparisons by one evaluator',
        evaluation(
          top({
            kind: 'pairwise',
            matrices: [1, 2].map((value) => ({ evaluator: 'e1', judgments: [{ a: 'price', b: 'quality', value }] })),
          }),
        ),
        'criteria.weighting.matrices.1.evaluator',
        'evaluation.two_matrices',
      ],
      [
        'a comparison with a criterion not there',
        evaluation(top(pairwise({ a: 'price', b: 'colour', value: 2 }))),
        'criteria.weighting.matrices.0.judgments.0',
        'evaluation.not_compared_here',
      ],
      [
        'a criterion compared with itself',
        evaluation(top(pairwise({ a: 'price', b: 'price', value: 1 }))),
        'criteria.weighting.matrices.0.judgments.0',
        'evaluation.compared_with_itself',
      ],
      [
        'a pair compared twice',
        evaluation(top(pairwise({ a: 'price', b: 'quality', value: 2 }, { a: 'quality', b: 'price', value: 0.5 }))),
        'criteria.weighting.matrices.0.judgments.1',
        'evaluation.compared_twice',
      ],
      [
        'comparisons that leave criteria apart',
        evaluation(
          top(pairwise({ a: 'price', b: 'quality', value: 2 }), [
            ...evaluation().criteria.children,
            { id: 'service', name: 'Service' },
          ]),
        ),
        'criteria.weighting.matrices.0.judgments',
        'evaluation.separate_groups',
      ],
      [
        'an offer twice',
        evaluation({
          offers: [
            { id: 'o1', name: 'Offer 1' },
            { id: 'o1', name: 'Offer 1 again' },
          ],
        }),
        'offers.1.id',
        'evaluation.repeated_id',
      ],
      [
        'a criterion twice',
        evaluation(
          top({ kind: 'direct', weights: { price: 1 } }, [
            { id: 'price', name: 'Price' },
            { id: 'price', name: 'Price again' },
          ]),
        ),
        'criteria.children.1.id',
        'evaluation.repeated_criterion',
      ],
      [
        'criteria nested too deep',
        evaluation(top({ kind: 'direct', weights: { n9: 1 } }, [chain(9)])),
        'criteria.children.0.children.0.children.0.children.0.children.0.children.0.children.0.children.0',
        'evaluation.too_deep',
      ],
      [
        'sub-criteria without a weighting',
        evaluation(
          top({ kind: 'direct', weights: { price: 1, quality: 1 } }, [
            { id: 'price', name: 'Price' },
            { id: 'quality', name: 'Quality', children: [{ id: 'q1', name: 'Q1' }] },
          ]),
        ),
        'criteria.children.1.weighting',
        'evaluation.weighting_required',
      ],
      [
        'a weighting without sub-criteria',
        evaluation(
          top({ kind: 'direct', weights: { price: 1, quality: 1 } }, [
            { id: 'price', name: 'Price', weighting: { kind: 'direct', weights: {} } },
            { id: 'quality', name: 'Quality' },
          ]),
        ),
        'criteria.children.0.weighting',
        'evaluation.leaf_weighting',
      ],
      [
        'too many criteria',
        evaluation(top({ kind: 'direct', weights: Object.fromEntries(wide.map((g) => [g.id, 1])) }, wide)),
        'criteria',
        'evaluation.too_many_criteria',
      ],
      [
        'an assessment by an evaluator not there',
        evaluation({ assessments: [...evaluation().assessments, scores('price', { o1: 1, o2: 2 }, 'e9')] }),
        'assessments.2.evaluator',
        'evaluation.unknown_evaluator',
      ],
      [
        'an assessment of a criterion with sub-criteria',
        evaluation({
          ...top({ kind: 'direct', weights: { price: 1, quality: 1 } }, [
            { id: 'price', name: 'Price' },
            {
              id: 'quality',
              name: 'Quality',
              weighting: { kind: 'direct', weights: { q1: 1 } },
              children: [{ id: 'q1', name: 'Q1' }],
            },
          ]),
          assessments: [scores('price', { o1: 1, o2: 2 }), scores('quality', { o1: 1, o2: 2 }), scores('q1', { o1: 1, o2: 2 })],
        }),
        'assessments.1.criterion',
        'evaluation.assess_leaves',
      ],
      [
        'an assessment of a criterion not there',
        evaluation({ assessments: [...evaluation().assessments, scores('colour', { o1: 1, o2: 2 })] }),
        'assessments.2.criterion',
        'evaluation.unknown_criterion',
      ],
      [
        'a criterion assessed twice by one evaluator',
        evaluation({ assessments: [...evaluation().assessments, scores('price', { o1: 1, o2: 2 })] }),
        'assessments.2.criterion',
        'evaluation.assessed_twice',
      ],
      [
        'a score for an offer not there',
        evaluation({ assessments: [scores('price', { o1: 1, o2: 2, o9: 3 }), scores('quality', { o1: 1, o2: 2 })] }),
        'assessments.0.scores.o9',
        'evaluation.unknown_offer',
      ],
      [
        'an offer without its score',
        evaluation({ assessments: [scores('price', { o1: 1 }), scores('quality', { o1: 1, o2: 2 })] }),
        'assessments.0.scores',
        'evaluation.no_score',
      ],
      [
        'an assessment missing',
        evaluation({ assessments: [scores('price', { o1: 1, o2: 2 })] }),
        'assessments',
        'evaluation.assessments_missing',
      ],
      [
        'bounds on a criterion not there',
        evaluation(bounds({ colour: { min: 0, max: 1 } })),
        'method.smaa.weightBounds.colour',
        'evaluation.bounds_not_leaf',
      ],
      [
        'lower bounds over 1',
        evaluation(bounds({ price: { min: 0.6, max: 1 }, quality: { min: 0.5, max: 1 } })),
        'method.smaa.weightBounds',
        'field.weight_bounds_lower_over_one',
      ],
      [
        'upper bounds under 1',
        evaluation(bounds({ price: { min: 0, max: 0.3 }, quality: { min: 0, max: 0.3 } })),
        'method.smaa.weightBounds',
        'field.weight_bounds_upper_under_one',
      ],
    ]),
    // One evaluator's inputs against the criteria of a programme's evaluation (workspace.ts).
    ...refusedBy(evaluatorInputsFor(directTop, ['o1', 'o2']), [
      [
        'a matrix of top criteria weighted directly',
        { criteria: [{ node: null, judgments: [] }] },
        'criteria.0.node',
        'evaluation.top_not_pairwise',
      ],
      [
        'a matrix of sub-criteria weighted directly',
        { criteria: [{ node: 'quality', judgments: [] }] },
        'criteria.0.node',
        'evaluation.not_pairwise',
      ],
      [
        'a leaf assessed twice',
        { assessments: [0, 1].map(() => ({ kind: 'scores', criterion: 'price', scores: { o1: 1 } })) },
        'assessments.1.criterion',
        'evaluation.assessed_twice_here',
      ],
    ]),
    [
      'a second matrix of the same criteria',
      evaluatorInputsFor({ ...directTop, weighting: { kind: 'pairwise' } }, ['o1', 'o2']),
      { criteria: [0, 1].map(() => ({ node: null, judgments: [{ a: 'price', b: 'quality', value: 2 }] })) },
      'criteria.1.node',
      'evaluation.matrix_twice',
    ],
    [
      'an exchange file over its follow-ups',
      exchangeFileSchema,
      {
        format: EXCHANGE_FORMAT,
        version: EXCHANGE_VERSION,
        plan,
        activities: ['2026-IMP-01', '2026-IMP-02'].map((refCode) =>
          exchangeActivity(refCode, {
            followUps: Array.from({ length: IMPORT_LIMITS.followUps / 2 + 1 }, () => ({
              id: newId(),
              kind: 'note',
              body: 'Noted',
              createdAt: '2026-01-01T00:00:00Z',
            })),
          }),
        ),
      },
      'activities',
      'import.too_many_follow_ups',
    ],
    ...refusedBy(projectCreateSchema, [
      [
        'cost shares not adding up to 100',
        project([
          ['MAR', '33.33'],
          ['ISR', '33.33'],
          ['USA', '33.33'],
        ]),
        'partners',
        'field.shares_sum',
      ],
      [
        'a partner twice in one role',
        project([
          ['MAR', '50'],
          ['MAR', '50'],
        ]),
        'partners',
        'field.partner_repeated',
      ],
      [
        'one existing partner named twice in different roles',
        {
          ...project([]),
          partners: ['prime', 'local_partner'].map((role) => ({
            id: '0190a000-0000-7000-8000-000000000009',
            name: 'Partner of MAR',
            party: 'MAR',
            role,
            share: '50',
          })),
        },
        'partners',
        'field.partner_id_repeated',
      ],
      [
        'a negative project budget',
        { ...project([['MAR', '100']]), budget: { amount: '-5.00', currency: 'USD' } },
        'budget.amount',
        'field.amount_range',
      ],
    ]),
    ['a percentage over 100', percentSchema, '100.5', '', 'field.percent_range'],
    [
      'a latitude without its longitude',
      siteSchema,
      { place: 'Benslimane', latitude: 33.6 },
      'longitude',
      'field.coordinates_pair',
    ],
    [
      'a target on a milestone that is no local-content target',
      projectMilestoneCreateSchema,
      { kind: 'first_article', title: 'First article', plannedOn: '2027-01-01', target: '40' },
      'target',
      'field.target_for_local_content',
    ],
    ['a milestone change that names nothing', projectMilestonePatchSchema, { version: 2 }, 'actualOn', 'field.nothing_to_change'],
    [
      'a milestone planned in the year 1',
      projectMilestonePatchSchema,
      { plannedOn: '0001-01-01' },
      'plannedOn',
      'field.on_or_after',
    ],
    ...(() => {
      const key = {
        keyId: '0123456789abcdef',
        fingerprint: `0123456789abcdef${'0'.repeat(48)}`,
        alg: 'Ed25519',
        use: 'exchange',
        publicKey: { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43) },
        installation: 'jointplan-mar',
        party: 'MAR',
        expires: '2028-01-01T00:00:00.000Z',
      };
      const ecKey = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };
      return refusedBy(publicKeyRecordSchema, [
        [
          'a key id that does not start its fingerprint',
          { ...key, keyId: 'fedcba9876543210' },
          'keyId',
          'exchange.key_id_not_fingerprint',
        ],
        ['an Ed25519 key given as a P-256 one', { ...key, publicKey: ecKey }, 'publicKey', 'exchange.key_not_of_algorithm'],
      ]);
    })(),
    ...(() => {
      const policy = MAR_POLICY as { party: string; partners: { party: string }[] };
      const [first, second, ...rest] = policy.partners;
      return refusedBy(securityPolicySchema, [
        [
          'an agreement of an installation with its own party',
          { ...policy, partners: [{ ...first, party: policy.party }, second, ...rest] },
          'partners.0.party',
          'exchange.policy_self_partner',
        ],
        [
          'two agreements with one party',
          { ...policy, partners: [first, { ...second, party: first?.party }, ...rest] },
          'partners.1.party',
          'exchange.policy_partner_twice',
        ],
      ]);
    })(),
    [
      'a column shown twice',
      activityQueryStateSchema,
      { columns: ['refCode', 'title', 'title'] },
      'columns',
      'field.activity_columns',
    ],
  ];

  it('takes the inputs the cases start from', () => {
    expect(evaluationInputSchema.safeParse(evaluation()).error?.issues ?? []).toEqual([]);
    expect(evaluationInputSchema.safeParse(evaluation(top(pairwise({ a: 'price', b: 'quality', value: 2 })))).success).toBe(true);
    expect(evaluationInputSchema.safeParse(evaluation(bounds({ price: { min: 0.2, max: 0.8 } }))).success).toBe(true);
    expect(
      exchangeFileSchema.safeParse({ format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, plan, activities: [] }).success,
    ).toBe(true);
    expect(exchangeActivitySchema.safeParse(exchangeActivity('2026-IMP-01')).success).toBe(true);
    expect(exchangeRateTableSchema.safeParse([rate]).success).toBe(true);
    expect(planCreateSchema.safeParse(planInput).success).toBe(true);
    expect(securityPolicySchema.safeParse(MAR_POLICY).success).toBe(true);
  });

  it.each(CASES)('refuses %s with the catalogue code of its refinement, translated', (_name, schema, input, path, code) => {
    const parsed = schema.safeParse(input);
    expect(parsed.success).toBe(false);
    const issues = (parsed.error?.issues ?? []).map((i) => zodFieldIssue(i.path.map(String).join('.'), i));
    // No refinement answers zod's generic `custom`: each names a code of the catalogue.
    for (const i of issues) expect(ZOD_CODES.has(i.code) || isProblemCode(i.code), i.code).toBe(true);
    const found = issues.find((i) => i.code === code);
    expect(found, JSON.stringify(issues)).toBeDefined();
    expect(found?.path).toBe(path);
    expect(found?.message).toBe(fill(PROBLEMS[code as keyof typeof PROBLEMS].text, found?.params as never));
    for (const lang of LANGUAGES) {
      const text = at(translations[lang], code);
      expect(text, `${lang} ${code}`).toEqual(expect.any(String));
      for (const p of placeholders(text as string)) expect(found?.params, `${code} ${p}`).toHaveProperty(p as string);
    }
  });

  /** Zod's own issue codes, which the web words through zod's locales; `custom` is not one a reader can be told. */
  const ZOD_CODES = new Set(Object.keys(ZOD_ISSUES).filter((c) => c !== 'custom'));

  /** The calls through which a zod schema raises an issue of its own. */
  const SITE = /\.(refine|superRefine|check)\(|\bz\.custom\(|\baddIssue\(|\.issues\.push\(/g;

  /** The text of the call's arguments, from the parenthesis at `open`, strings skipped. */
  function argumentsAt(text: string, open: number): string {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      const c = text[i];
      if (c === "'" || c === '"' || c === '`') {
        const end = text.indexOf(c, i + 1);
        i = end < 0 ? text.length : end;
      } else if (c === '(') depth += 1;
      else if (c === ')' && --depth === 0) return text.slice(open + 1, i);
    }
    return text.slice(open + 1);
  }

  /** Each site of `text` that raises an issue without a catalogue code, or names a code the catalogue lacks. */
  function uncodedSites(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(SITE)) {
      const call = m[0];
      if (call === '.superRefine(') continue; // its issues are raised through addIssue, checked on their own
      const args = argumentsAt(text, (m.index ?? 0) + call.length - 1);
      const line = text.slice(0, m.index).split('\n').length;
      const coded =
        call !== '.issues.push(' && (/\b(refinement|refusing)\(/.test(args) || /params:\s*\{[^}]*\bcode\b/.test(args));
      if (!coded) out.push(`${line}: ${call}`);
      for (const named of args.matchAll(/params:\s*\{[^}]*\bcode:\s*'([^']+)'|\brefusing\(\s*'([^']+)'/g))
        if (!isProblemCode((named[1] ?? named[2]) as string))
          out.push(`${line}: ${named[1] ?? named[2]} is not in the catalogue`);
    }
    return out;
  }

  it('finds an uncoded refinement, a bare addIssue and an unknown code', () => {
    expect(uncodedSites("z.string().refine((s) => s !== 'a', { message: 'not a' })")).toHaveLength(1);
    expect(uncodedSites("z.string().refine((s) => s.length > 1, 'too short')")).toHaveLength(1);
    expect(uncodedSites("x.superRefine((v, ctx) => { ctx.addIssue({ code: 'custom', message: 'no' }); })")).toHaveLength(1);
    expect(uncodedSites("ctx.addIssue({ code: 'custom', params: { code: 'no.such_code' } })")).toEqual([
      '1: no.such_code is not in the catalogue',
    ]);
    expect(uncodedSites('ctx.issues.push(issue)')).toHaveLength(1);
    expect(
      uncodedSites("z.string().refine((s) => s !== ')', { message: 'm', params: { code: 'field.same_password' } })"),
    ).toEqual([]);
    expect(uncodedSites("ctx.addIssue(refinement(issue('end', 'period.end_before_start')))")).toEqual([]);
    expect(uncodedSites("z.string().refine((s) => s !== 'a', refusing('field.same_password', ['b']))")).toEqual([]);
    expect(uncodedSites("z.string().refine((s) => s !== 'a', refusing('no.such_code'))")).toEqual([
      '1: no.such_code is not in the catalogue',
    ]);
  });

  it('finds every refinement of the domain naming its catalogue code', () => {
    const uncoded: string[] = [];
    let sites = 0;
    for (const file of sources(join(ROOT, 'src/domain'))) {
      const text = readFileSync(file, 'utf8');
      sites += [...text.matchAll(SITE)].length;
      for (const site of uncodedSites(text)) uncoded.push(`${relative(ROOT, file)}:${site}`);
    }
    expect(sites).toBeGreaterThan(20);
    expect(uncoded).toEqual([]);
  });

  it('has a case for each code a refinement of the domain names', () => {
    const tried = new Set(CASES.map((c) => c[4]));
    const named = new Set<string>();
    for (const file of sources(join(ROOT, 'src/domain'))) {
      // Programmes are checked by their own tests.
      if (/\/programme[^/]*\.ts$/.test(file)) continue;
      const text = readFileSync(file, 'utf8');
      // The refinement sites, and the evaluation's helper `flag` through which its refinements go.
      for (const m of text.matchAll(new RegExp(`${SITE.source}|\\bflag\\(`, 'g'))) {
        const args = argumentsAt(text, (m.index ?? 0) + m[0].length - 1);
        for (const c of args.matchAll(/'([a-z_]+\.[a-z_0-9]+)'/g)) if (isProblemCode(c[1] as string)) named.add(c[1] as string);
      }
    }
    expect(named.size).toBeGreaterThan(25);
    expect([...named].filter((c) => !tried.has(c))).toEqual([]);
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
