import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import frZod from 'zod/v4/locales/fr.js';
import { issuesOf } from '../web/src/api/problem.js';
import arFields from '../web/src/i18n/field-issues/ar.json' with { type: 'json' };
import enFields from '../web/src/i18n/field-issues/en.json' with { type: 'json' };
import frFields from '../web/src/i18n/field-issues/fr.json' with { type: 'json' };
import heFields from '../web/src/i18n/field-issues/he.json' with { type: 'json' };
import { loadFieldIssueTexts } from '../web/src/i18n/index.js';
import arProblems from '../web/src/i18n/problems/ar.json' with { type: 'json' };
import enProblems from '../web/src/i18n/problems/en.json' with { type: 'json' };
import frProblems from '../web/src/i18n/problems/fr.json' with { type: 'json' };
import heProblems from '../web/src/i18n/problems/he.json' with { type: 'json' };
import { catalogueCodeOf, GENERIC_FIELD_CODES, issueText } from '../web/src/i18n/problems.js';

/**
 * The small catalogue of the generic field issues' texts, which a form left
 * empty (the sign-in) loads instead of the whole problems' catalogue, says in
 * each language exactly what the problems' catalogue says for those codes.
 */
const LANGUAGES = {
  fr: [frFields, frProblems],
  en: [enFields, enProblems],
  ar: [arFields, arProblems],
  he: [heFields, heProblems],
} as const;

/** Every catalogue code zod's generic issues map to, over the issues and params that reach the forms. */
function mappedCodes() {
  const codes = new Set<string>();
  const origins = ['string', 'number', 'int', 'bigint', 'array', 'set', 'date', 'file', undefined];
  for (const code of ['too_small', 'too_big'])
    for (const origin of origins)
      for (const minimum of [0, 1, 2])
        for (const inclusive of [true, false, undefined]) {
          const c = catalogueCodeOf(code, { origin, minimum, maximum: minimum, inclusive });
          if (c) codes.add(c);
        }
  for (const received of ['undefined', 'null', 'string', 'number', 'object'])
    for (const expected of ['string', 'number', 'int', 'boolean', 'array']) {
      const c = catalogueCodeOf('invalid_type', { received, expected });
      if (c) codes.add(c);
    }
  for (const code of ['invalid_format', 'invalid_value', 'not_multiple_of', 'unrecognized_keys', 'custom']) {
    const c = catalogueCodeOf(code, {});
    if (c) codes.add(c);
  }
  return codes;
}

describe('the generic field issues’ own catalogue', () => {
  it('covers exactly the codes zod’s generic issues map to', () => {
    expect([...mappedCodes()].sort()).toEqual([...GENERIC_FIELD_CODES].sort());
  });

  it.each(Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[])('equals the problems’ catalogue in %s', (lang) => {
    const [fields, problems] = LANGUAGES[lang];
    expect(Object.keys(fields)).toEqual(['field']);
    const own = fields.field as Record<string, string>;
    const all = problems.field as Record<string, string>;
    expect(Object.keys(own).map((k) => `field.${k}`)).toEqual([...GENERIC_FIELD_CODES]);
    for (const key of Object.keys(own)) {
      expect(own[key], `field.${key}`).toBe(all[key]);
      expect(own[key], `field.${key}`).not.toBe('');
    }
  });

  it('is all a form left empty fetches: its texts, not the whole problems’ catalogue', async () => {
    await i18next.init({ lng: 'fr', fallbackLng: false, resources: {}, interpolation: { escapeValue: false } });
    z.config(frZod());
    const signIn = z.object({ username: z.string().min(1), password: z.string().min(1) });
    const parsed = signIn.safeParse({ username: '', password: '' });
    const issues = issuesOf(parsed.success ? [] : parsed.error.issues);
    // Before its texts come, zod's locale words the issue (and asking for it fetches them).
    const before = issues.map(issueText);
    expect(before).toHaveLength(2);
    expect(before[0]).not.toBe(frFields.field.required);
    await loadFieldIssueTexts('fr');
    expect(issues.map(issueText)).toEqual([frFields.field.required, frFields.field.required]);
    expect(i18next.exists('problems:field.required')).toBe(true);
    expect(i18next.exists('problems:field.unknown_field')).toBe(false);
    expect(i18next.exists('problems:common.invalid')).toBe(false);
  });
});
