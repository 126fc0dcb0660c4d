import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import ar from 'zod/v4/locales/ar.js';
import en from 'zod/v4/locales/en.js';
import fr from 'zod/v4/locales/fr.js';
import he from 'zod/v4/locales/he.js';
import { isProblemCode } from '../src/domain/problems.js';
import { programmeCreateSchema } from '../src/domain/programme.schema.js';
import { issuesOf } from '../web/src/api/problem.js';
import arProblems from '../web/src/i18n/problems/ar.json' with { type: 'json' };
import enProblems from '../web/src/i18n/problems/en.json' with { type: 'json' };
import frProblems from '../web/src/i18n/problems/fr.json' with { type: 'json' };
import heProblems from '../web/src/i18n/problems/he.json' with { type: 'json' };
import { catalogueCodeOf, issueText } from '../web/src/i18n/problems.js';

const LANGUAGES = { fr: [fr, frProblems], en: [en, enProblems], ar: [ar, arProblems], he: [he, heProblems] } as const;
type Lang = keyof typeof LANGUAGES;

/** The catalogue's text of a field code in a language, filled as i18next fills it. */
const fieldText = (lang: Lang, key: keyof typeof frProblems.field, values: Record<string, string | number> = {}) =>
  Object.entries(values).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, String(v)), LANGUAGES[lang][1].field[key]);

/** What a form shows for a value its schema refuses, checked in the browser, in a language. */
function shown(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  expect(parsed.success).toBe(false);
  return issuesOf(parsed.success ? [] : parsed.error.issues).map((i) => [i.path, issueText(i)]);
}

/** zod's own wording of the same issue in that language: what the forms showed before. */
function zodWords(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
}

/**
 * Zod's generic issues that reach readers of the web forms (an empty required
 * text, a text too long, a number or list out of bounds, a value of the wrong
 * type, format or choice) read as the catalogue words them in each language,
 * not as zod's locale does ("Trop petit : …").
 */
describe('zod issues worded by the catalogue in the web forms', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'fr', fallbackLng: false, resources: {}, interpolation: { escapeValue: false } });
    for (const [lang, [, problems]] of Object.entries(LANGUAGES)) i18next.addResourceBundle(lang, 'problems', problems);
  });

  for (const lang of Object.keys(LANGUAGES) as Lang[]) {
    it(`in ${lang}`, async () => {
      await i18next.changeLanguage(lang);
      z.config(LANGUAGES[lang][0]());
      const required = z.object({ name: z.string().trim().min(1) }).strict();
      // The case seen in the forms: an empty required text.
      expect(shown(required, { name: '  ' })).toEqual([['name', fieldText(lang, 'required')]]);
      expect(shown(required, { name: '' })[0]?.[1]).not.toBe(zodWords(required, { name: '' })[0]);
      // A field missing, as the API answers it (zod keeps no input in the browser, which cannot tell it from a wrong type).
      expect(
        issueText({ path: 'name', message: 'x', code: 'invalid_type', params: { expected: 'string', received: 'undefined' } }),
      ).toBe(fieldText(lang, 'required'));
      expect(shown(z.string().min(3), 'ab')).toEqual([['', fieldText(lang, 'text_min', { minimum: 3 })]]);
      expect(shown(z.string().max(5), 'abcdefg')).toEqual([['', fieldText(lang, 'text_max', { maximum: 5 })]]);
      expect(shown(z.number().min(1), 0)).toEqual([['', fieldText(lang, 'number_min', { minimum: 1 })]]);
      expect(shown(z.number().positive(), 0)).toEqual([['', fieldText(lang, 'number_min_exclusive', { minimum: 0 })]]);
      expect(shown(z.number().max(9), 10)).toEqual([['', fieldText(lang, 'number_max', { maximum: 9 })]]);
      expect(shown(z.number().lt(9), 9)).toEqual([['', fieldText(lang, 'number_max_exclusive', { maximum: 9 })]]);
      expect(shown(z.array(z.string()).min(2), ['a'])).toEqual([['', fieldText(lang, 'items_min', { minimum: 2 })]]);
      expect(shown(z.array(z.string()).max(1), ['a', 'b'])).toEqual([['', fieldText(lang, 'items_max', { maximum: 1 })]]);
      expect(shown(z.number(), 'x')).toEqual([['', fieldText(lang, 'not_a_number')]]);
      expect(shown(z.email(), 'x')).toEqual([['', fieldText(lang, 'bad_format')]]);
      expect(shown(z.enum(['a', 'b']), 'c')).toEqual([['', fieldText(lang, 'not_an_option')]]);
      // A real form's schema: a programme with an empty capability gap.
      const programme = shown(programmeCreateSchema, {
        title: { fr: 'Programme' },
        need: { capabilityGap: '', quantity: 1, requiredBy: '2029-01-01', budgetCeiling: { amount: '1.00', currency: 'MAD' } },
      });
      expect(programme).toContainEqual(['need.capabilityGap', fieldText(lang, 'required')]);
      for (const [, text] of programme) expect(text).not.toMatch(/Trop petit|Too small|{{/);
      // The same issue as the API answers it (its `errors[]`), not checked in the browser.
      expect(issueText({ path: 'name', message: 'Too small', code: 'too_small', params: { origin: 'string', minimum: 1 } })).toBe(
        fieldText(lang, 'required'),
      );
    });
  }

  it('leaves the other zod issues, and the catalogue codes, as they were worded', () => {
    expect(catalogueCodeOf('not_multiple_of', { divisor: 2 })).toBeUndefined();
    expect(catalogueCodeOf('invalid_type', { expected: 'string', received: 'number' })).toBeUndefined();
    expect(catalogueCodeOf('too_small', { origin: 'date' })).toBeUndefined();
    for (const code of ['field.required', 'field.text_min', 'field.number_max_exclusive', 'field.items_min', 'field.bad_format'])
      expect(isProblemCode(code), code).toBe(true);
  });

  it('words them as zod does until the catalogue has come', async () => {
    await i18next.changeLanguage('en');
    z.config(en());
    i18next.removeResourceBundle('en', 'problems');
    try {
      const params = { origin: 'string', minimum: 1, inclusive: true };
      const text = issueText({ path: 'name', message: 'x', code: 'too_small', params });
      expect(text).toBe(zodWords(z.string().min(1), '')[0]);
    } finally {
      i18next.addResourceBundle('en', 'problems', enProblems);
    }
  });
});
