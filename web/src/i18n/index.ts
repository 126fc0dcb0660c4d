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
/** Each language's texts and the schemas' messages in it, fetched only when the language is chosen. */
const BUNDLES: Record<Language, () => Promise<[Texts, { default: () => z.core.$ZodConfig }]>> = {
  fr: () => Promise.all([import('./fr.json'), import('zod/v4/locales/fr.js')]),
  en: () => Promise.all([import('./en.json'), import('zod/v4/locales/en.js')]),
  ar: () => Promise.all([import('./ar.json'), import('zod/v4/locales/ar.js')]),
  he: () => Promise.all([import('./he.json'), import('zod/v4/locales/he.js')]),
};

/**
 * Each language's texts of the API's problems, by catalogue code. They are
 * fetched the first time something goes wrong, not with the page: most
 * visits never need them, and they weigh as much as the rest of the texts.
 */
const PROBLEM_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./problems/fr.json'),
  en: () => import('./problems/en.json'),
  ar: () => import('./problems/ar.json'),
  he: () => import('./problems/he.json'),
};
const problemTextsLoading = new Map<Language, Promise<void>>();

/**
 * Makes the problems' texts of a language (by default the current one)
 * available. The API client waits for them before it throws a problem, so
 * that a message put into a page's state is already in the reader's
 * language; a page that words an issue before they came asks for them, and
 * re-renders when they arrive (react-i18next's `bindI18nStore: 'added'`).
 */
export function loadProblemTexts(lang: Language = currentLanguage()): Promise<void> {
  let loading = problemTextsLoading.get(lang);
  if (!loading) {
    loading = PROBLEM_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'problems', texts.default, true, true);
    });
    problemTextsLoading.set(lang, loading);
  }
  return loading;
}

/**
 * Each language's texts of the dozen generic field issues (a field left
 * empty, a text too long, a number out of bounds…) the forms word when the
 * browser refuses a value, copied from the problems' texts
 * (test/web-field-issues.test.ts keeps them equal): a form left empty, such
 * as the sign-in, needs these and not the whole problems' catalogue.
 */
const FIELD_ISSUE_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./field-issues/fr.json'),
  en: () => import('./field-issues/en.json'),
  ar: () => import('./field-issues/ar.json'),
  he: () => import('./field-issues/he.json'),
};
const fieldIssueTextsLoading = new Map<Language, Promise<void>>();

/** Makes the generic field issues' texts of a language available, under the problems' namespace and codes. */
export function loadFieldIssueTexts(lang: Language = currentLanguage()): Promise<void> {
  let loading = fieldIssueTextsLoading.get(lang);
  if (!loading) {
    loading = FIELD_ISSUE_TEXTS[lang]().then((texts) => {
      // Merged without overwriting: the whole catalogue may have come first, and says the same.
      i18next.addResourceBundle(lang, 'problems', texts.default, true, false);
    });
    fieldIssueTextsLoading.set(lang, loading);
  }
  return loading;
}

/**
 * Each language's texts of the industrial projects' progress: their title and
 * progress counts, which the dashboard's panel shows without the rest of the
 * procurement texts, and which the procurement pages load with theirs.
 */
const INDUSTRY_PROGRESS_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./industry-progress/fr.json'),
  en: () => import('./industry-progress/en.json'),
  ar: () => import('./industry-progress/ar.json'),
  he: () => import('./industry-progress/he.json'),
};
const industryProgressTextsLoading = new Map<Language, Promise<void>>();

/** Makes the industrial projects' progress texts of a language (by default the current one) available. */
export function loadIndustryProgressTexts(lang: Language = currentLanguage()): Promise<void> {
  let loading = industryProgressTextsLoading.get(lang);
  if (!loading) {
    loading = INDUSTRY_PROGRESS_TEXTS[lang]().then((texts) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    industryProgressTextsLoading.set(lang, loading);
  }
  return loading;
}

/**
 * Each language's texts of the procurement pages (programmes and their
 * evaluation), merged into the main texts when one of those pages is first
 * opened: the sign-in and the dashboard do not carry them.
 */
const PROCUREMENT_TEXTS: Record<Language, () => Promise<Texts>> = {
  fr: () => import('./procurement/fr.json'),
  en: () => import('./procurement/en.json'),
  ar: () => import('./procurement/ar.json'),
  he: () => import('./procurement/he.json'),
};
const procurementTextsLoading = new Map<Language, Promise<void>>();

/** Makes the procurement pages' texts of a language (by default the current one) available. */
export function loadProcurementTexts(lang: Language = currentLanguage()): Promise<void> {
  let loading = procurementTextsLoading.get(lang);
  if (!loading) {
    loading = Promise.all([PROCUREMENT_TEXTS[lang](), loadIndustryProgressTexts(lang)]).then(([texts]) => {
      i18next.addResourceBundle(lang, 'translation', texts.default, true, false);
    });
    procurementTextsLoading.set(lang, loading);
  }
  return loading;
}

/** A page that needs the procurement texts, loaded with them. */
export const withProcurementTexts =
  <T>(page: () => Promise<T>) =>
  () =>
    Promise.all([page(), loadProcurementTexts()]).then(([module]) => module);

async function load(lang: Language) {
  if (i18next.hasResourceBundle(lang, 'translation')) return;
  const [texts, zodLocale] = await BUNDLES[lang]();
  i18next.addResourceBundle(lang, 'translation', texts.default);
  zodLocales.set(lang, zodLocale.default);
  // A reader who has met a problem in one language meets it in the next one too.
  if (problemTextsLoading.size > 0) await loadProblemTexts(lang);
  else if (fieldIssueTextsLoading.size > 0) await loadFieldIssueTexts(lang);
  // Likewise a reader who has opened a procurement page.
  if (procurementTextsLoading.size > 0) await loadProcurementTexts(lang);
  // And one who has seen the dashboard's industrial progress.
  else if (industryProgressTextsLoading.size > 0) await loadIndustryProgressTexts(lang);
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
    // Pages re-render when texts fetched later arrive (the problems' texts).
    react: { bindI18nStore: 'added' },
  });
  await load(lng);
  applyLanguage(lng);
}
