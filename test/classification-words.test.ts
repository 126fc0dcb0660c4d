import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLASSIFICATIONS } from '../src/domain/labels.js';

const bundle = (path: string) =>
  JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), 'utf8')) as Record<string, Record<string, string>>;

/**
 * A level is one word in a language, on paper and on screen: a CONFIDENTIAL
 * report headed with the word the screen uses for SECRET misleads its reader.
 */
describe('the words of the classification levels', () => {
  it.each(['fr', 'en', 'ar', 'he'])('are the same in the documents and the web app in %s', (lang) => {
    const printed = bundle(`src/documents/i18n/${lang}.json`).level;
    const shown = bundle(`web/src/i18n/${lang}.json`).classification;
    for (const level of CLASSIFICATIONS) {
      expect(printed?.[level], level).toBeTruthy();
      expect(shown?.[level], level).toBe(printed?.[level]);
    }
  });
});
