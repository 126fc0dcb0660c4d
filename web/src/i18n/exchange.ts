import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the security officer's exchange page, merged into the main texts when the
 * page is first opened, and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
const EXCHANGE_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./exchange/fr.json'),
  en: () => import('./exchange/en.json'),
  ar: () => import('./exchange/ar.json'),
  he: () => import('./exchange/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadExchangeTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = EXCHANGE_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

// A reader who has opened the page and changes language reads it in the new one (re-rendered when the texts arrive).
i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadExchangeTexts(lang as Language);
});
