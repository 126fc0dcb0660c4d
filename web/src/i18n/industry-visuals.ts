import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the industrial projects' measurements curve and
 * map of sites, merged into the main texts when one of them is first shown,
 * and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
const INDUSTRY_VISUALS_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./industry-visuals/fr.json'),
  en: () => import('./industry-visuals/en.json'),
  ar: () => import('./industry-visuals/ar.json'),
  he: () => import('./industry-visuals/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadIndustryVisualsTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = INDUSTRY_VISUALS_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

// A reader who has seen them and changes language reads them in the new one (re-rendered when the texts arrive).
i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadIndustryVisualsTexts(lang as Language);
});

/** A component module loaded with these texts. */
export const withIndustryVisualsTexts =
  <T>(module: () => Promise<T>) =>
  () =>
    Promise.all([module(), loadIndustryVisualsTexts()]).then(([m]) => m);
