import i18next from 'i18next';
import { useEffect } from 'react';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the forms that change a project's milestones,
 * transfer items and commitments on its page, merged into the main texts when
 * such a form is first shown, and in each language chosen after.
 */
const INDUSTRY_EDITS_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./industry-edits/fr.json'),
  en: () => import('./industry-edits/en.json'),
  ar: () => import('./industry-edits/ar.json'),
  he: () => import('./industry-edits/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadIndustryEditsTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = INDUSTRY_EDITS_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

/** Loads these texts once a form that shows them is on the page (the page re-renders when they arrive). */
export function useIndustryEditsTexts() {
  useEffect(() => {
    void loadIndustryEditsTexts();
  }, []);
}

i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadIndustryEditsTexts(lang as Language);
});
