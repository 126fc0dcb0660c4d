import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mailLanguage, mailTexts } from '../src/documents/mail-texts.js';
import { LANGUAGES } from '../src/domain/common.schema.js';
import { NOTIFICATION_KINDS } from '../src/domain/notification.schema.js';

const catalogue = (lang: string) =>
  JSON.parse(readFileSync(new URL(`../src/documents/i18n/mail/${lang}.json`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

/** The e-mails' texts: every one in the four languages, every notification kind named. */
describe('the texts of the notification e-mails', () => {
  it('holds the same texts in fr, en, ar and he, and a name for every kind of notification', () => {
    const keys = (o: Record<string, unknown>) => Object.keys(o).sort();
    const english = catalogue('en');
    for (const lang of LANGUAGES) {
      const texts = catalogue(lang);
      expect(keys(texts), lang).toEqual(keys(english));
      expect(keys(texts.kind as Record<string, unknown>), lang).toEqual([...NOTIFICATION_KINDS].sort());
      for (const kind of NOTIFICATION_KINDS) expect(mailTexts(lang)(`kind.${kind}`), `${lang} ${kind}`).not.toBe(`kind.${kind}`);
    }
  });

  it('writes in English for a reader with no language, or one it does not know', () => {
    expect(mailLanguage(null)).toBe('en');
    expect(mailLanguage('de')).toBe('en');
    expect(mailLanguage('he')).toBe('he');
    expect(mailTexts('de')('subject', { count: 2 })).toBe('JointPlan notifications: 2');
  });
});
