import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the activity table's selection and bulk edit,
 * merged into the main texts when a plan's activities are first shown, and in
 * each language chosen after: the sign-in and the dashboard do not carry them.
 */
const BULK_EDIT_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./bulk-edit/fr.json'),
  en: () => import('./bulk-edit/en.json'),
  ar: () => import('./bulk-edit/ar.json'),
  he: () => import('./bulk-edit/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadBulkEditTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = BULK_EDIT_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadBulkEditTexts(lang as Language);
});
