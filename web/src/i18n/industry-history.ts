import { featureTexts, useFeatureTexts } from './feature-texts.js';

/**
 * Each language's texts of a project's history (the names of its changes and
 * fields), merged into the main texts when the history is first shown, and in
 * each language chosen after.
 */
export const loadIndustryHistoryTexts = featureTexts({
  fr: () => import('./industry-history/fr.json'),
  en: () => import('./industry-history/en.json'),
  ar: () => import('./industry-history/ar.json'),
  he: () => import('./industry-history/he.json'),
});

/** Loads these texts once a component that shows them is on the page. */
export const useIndustryHistoryTexts = () => useFeatureTexts(loadIndustryHistoryTexts);
