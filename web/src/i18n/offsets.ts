import { featureTexts, withFeatureTexts } from './feature-texts.js';

/**
 * Each language's texts of the offsets page, merged into the main texts when
 * the page is first opened, and in each language chosen after: the sign-in
 * and the dashboard do not carry them.
 */
export const loadOffsetTexts = featureTexts({
  fr: () => import('./offsets/fr.json'),
  en: () => import('./offsets/en.json'),
  ar: () => import('./offsets/ar.json'),
  he: () => import('./offsets/he.json'),
});

/** A page or component module loaded with these texts. */
export const withOffsetTexts = <T>(module: () => Promise<T>) => withFeatureTexts(loadOffsetTexts, module);
