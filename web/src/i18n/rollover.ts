import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the roll-over of a plan into next year's draft,
 * merged into the main texts when a plan page offers it, and in each language
 * chosen after: the sign-in and the dashboard do not carry them.
 */
const ROLLOVER_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./rollover/fr.json'),
  en: () => import('./rollover/en.json'),
  ar: () => import('./rollover/ar.json'),
  he: () => import('./rollover/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadRolloverTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = ROLLOVER_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadRolloverTexts(lang as Language);
});
