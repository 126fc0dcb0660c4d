import i18next from 'i18next';
import { currentLanguage, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/**
 * Each language's texts of the partners' plans received here and of the approvals given across the
 * exchange, merged into the main texts when such a page or the plan page's partner approvals are first
 * shown, and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
const RECEIVED_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./received/fr.json'),
  en: () => import('./received/en.json'),
  ar: () => import('./received/ar.json'),
  he: () => import('./received/he.json'),
};
const loading = new Map<Language, Promise<void>>();

export function loadReceivedTexts(lang: Language = currentLanguage()): Promise<void> {
  let load = loading.get(lang);
  if (!load) {
    load = RECEIVED_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    loading.set(lang, load);
  }
  return load;
}

i18next.on('languageChanged', (lang) => {
  if (loading.size > 0 && (['fr', 'en', 'ar', 'he'] as const).includes(lang as Language))
    void loadReceivedTexts(lang as Language);
});
