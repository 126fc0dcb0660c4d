import i18next from 'i18next';
import { useEffect } from 'react';
import { currentLanguage, LANGUAGES, type Language } from './index.js';

type Texts = { default: Record<string, unknown> };

/** Each language's texts of one feature, fetched on first use: the sign-in and the dashboard do not carry them. */
export type FeatureTextImports = Record<Language, () => Promise<Texts>>;

/**
 * Makes a feature's texts of a language (by default the current one) available, merged into the main texts the
 * first time they are asked for; once asked for, they are fetched again in each language chosen after, and the
 * page re-renders when they arrive (react-i18next's `bindI18nStore: 'added'`).
 */
export function featureTexts(imports: FeatureTextImports): (lang?: Language) => Promise<void> {
  const loading = new Map<Language, Promise<void>>();
  const load = (lang: Language = currentLanguage()) => {
    let loaded = loading.get(lang);
    if (!loaded) {
      loaded = imports[lang]().then((texts) => {
        i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
      });
      loading.set(lang, loaded);
    }
    return loaded;
  };
  i18next.on('languageChanged', (lang) => {
    if (loading.size > 0 && LANGUAGES.includes(lang as Language)) void load(lang as Language);
  });
  return load;
}

/** Loads a feature's texts once a component that shows them is on the page. */
export function useFeatureTexts(load: () => Promise<void>) {
  useEffect(() => {
    void load();
  }, [load]);
}

/** A page or component module loaded with a feature's texts. */
export const withFeatureTexts =
  <T>(load: () => Promise<void>, module: () => Promise<T>) =>
  () =>
    Promise.all([module(), load()]).then(([m]) => m);
