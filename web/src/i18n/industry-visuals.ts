import { featureTexts, withFeatureTexts } from './feature-texts.js';

/**
 * Each language's texts of the industrial projects' measurements curve and
 * map of sites, merged into the main texts when one of them is first shown,
 * and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
export const loadIndustryVisualsTexts = featureTexts({
  fr: () => import('./industry-visuals/fr.json'),
  en: () => import('./industry-visuals/en.json'),
  ar: () => import('./industry-visuals/ar.json'),
  he: () => import('./industry-visuals/he.json'),
});

/** A page or component module loaded with these texts. */
export const withIndustryVisualsTexts = <T>(module: () => Promise<T>) => withFeatureTexts(loadIndustryVisualsTexts, module);
