import i18next from 'i18next';
import { useEffect } from 'react';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of a project's history (the names of its changes and
 * fields), merged into the main texts when the history is first shown, and in
 * each language chosen after.
 */
const INDUSTRY_HISTORY_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./industry-history/fr.json'),
  en: () => import('./industry-history/en.json'),
  ar: () => import('./industry-history/ar.json'),
  he: () => import('./industry-history/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadIndustryHistoryTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = INDUSTRY_HISTORY_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

/** Loads these texts once the history is on the page (the page re-renders when they arrive). */
export function useIndustryHistoryTexts() {
  useEffect(() => {
    void loadIndustryHistoryTexts();
  }, []);
}

i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadIndustryHistoryTexts(lang as Language);
});
