import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { z } from 'zod';

export const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];
const RTL: readonly Language[] = ['ar', 'he'];
const STORAGE_KEY = 'jointplan.language';

const isLanguage = (s: string | null | undefined): s is Language => LANGUAGES.includes(s as Language);

/** The remembered choice, else the first browser language we speak, else French. */
export function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(saved)) return saved;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'fr';
}

type Texts = { default: Record<string, unknown> };
/**
 * Each language's texts, its texts of the API's problems (by catalogue code)
 * and the schemas' messages in it, fetched only when the language is chosen.
 */
const BUNDLES: Record<Language, () => Promise<[Texts, Texts, { default: () => z.core.$ZodConfig }]>> = {
  fr: () => Promise.all([import('./fr.json'), import('./problems/fr.json'), import('zod/v4/locales/fr.js')]),
  en: () => Promise.all([import('./en.json'), import('./problems/en.json'), import('zod/v4/locales/en.js')]),
  ar: () => Promise.all([import('./ar.json'), import('./problems/ar.json'), import('zod/v4/locales/ar.js')]),
  he: () => Promise.all([import('./he.json'), import('./problems/he.json'), import('zod/v4/locales/he.js')]),
};

async function load(lang: Language) {
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  const [texts, problems, zodLocale] = await BUNDLES[lang]();
  i18next.addResourceBundle(lang, 'problems', problems.default);
  i18next.addResourceBundle(lang, 'translation', texts.default);
  zodLocales.set(lang, zodLocale.default);
}
const zodLocales = new Map<Language, () => z.core.$ZodConfig>();

/** Lays the page out for the language and makes the schemas' generic messages speak it too. */
function applyLanguage(lang: Language) {
  document.documentElement.lang = lang;
  document.documentElement.dir = RTL.includes(lang) ? 'rtl' : 'ltr';
  const zodLocale = zodLocales.get(lang);
  if (zodLocale) z.config(zodLocale());
}

export async function setLanguage(lang: Language) {
  localStorage.setItem(STORAGE_KEY, lang);
  await load(lang);
  await i18next.changeLanguage(lang);
}

/** A language's name in that language, from the browser's own data. */
export function languageName(lang: Language) {
  const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
}

export const currentLanguage = (): Language => (isLanguage(i18next.language) ? i18next.language : 'fr');

export async function initI18n() {
  const lng = initialLanguage();
  i18next.on('languageChanged', (l) => applyLanguage(isLanguage(l) ? l : 'fr'));
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: false,
    resources: {},
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  await load(lng);
  applyLanguage(lng);
}
