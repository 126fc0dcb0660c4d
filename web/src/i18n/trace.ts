import { featureTexts, withFeatureTexts } from './feature-texts.js';

/**
 * Each language's texts of the record graph page, merged into the main texts when
 * the page is first opened, and in each language chosen after: the sign-in
 * and the dashboard do not carry them.
 */
export const loadTraceTexts = featureTexts({
  fr: () => import('./trace/fr.json'),
  en: () => import('./trace/en.json'),
  ar: () => import('./trace/ar.json'),
  he: () => import('./trace/he.json'),
});

/** A page or component module loaded with these texts. */
export const withTraceTexts = <T>(module: () => Promise<T>) => withFeatureTexts(loadTraceTexts, module);
