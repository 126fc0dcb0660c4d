import { readFileSync } from 'node:fs';
import { createInstance, type TFunction } from 'i18next';
import { LANGUAGES, type Language } from '../domain/common.schema.js';

/**
 * The texts of the notification e-mails in each language (i18n/mail/): a user reads them in the language the web
 * app last saved for them, English when none was.
 */
const i18n = createInstance({
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  resources: Object.fromEntries(
    LANGUAGES.map((lng) => [
      lng,
      { translation: JSON.parse(readFileSync(new URL(`./i18n/mail/${lng}.json`, import.meta.url), 'utf8')) as object },
    ]),
  ),
});
void i18n.init();

const isLanguage = (x: string | null): x is Language => (LANGUAGES as readonly string[]).includes(x ?? '');

/** The language a message is written in: the one asked for, or English when it is none of the four. */
export const mailLanguage = (language: string | null): Language => (isLanguage(language) ? language : 'en');

/** The mail's texts in `language`, or in English when it is none of the four. */
export const mailTexts = (language: string | null): TFunction => i18n.getFixedT(mailLanguage(language));
