import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the forms that add objectives and indicators and
 * link programmes, merged into the main texts when the plan's results are
 * first opened, and in each language chosen after: the sign-in and the
 * dashboard do not carry them.
 */
const RESULTS_FORM_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./results-forms/fr.json'),
  en: () => import('./results-forms/en.json'),
  ar: () => import('./results-forms/ar.json'),
  he: () => import('./results-forms/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadResultsFormTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = RESULTS_FORM_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

// A reader who has opened the results and changes language reads them in the new one (re-rendered when the texts arrive).
i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadResultsFormTexts(lang as Language);
});
