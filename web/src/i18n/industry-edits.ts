import { featureTexts, useFeatureTexts } from './feature-texts.js';

/**
 * Each language's texts of the forms that change a project's milestones,
 * transfer items and commitments on its page, merged into the main texts when
 * such a form is first shown, and in each language chosen after.
 */
export const loadIndustryEditsTexts = featureTexts({
  fr: () => import('./industry-edits/fr.json'),
  en: () => import('./industry-edits/en.json'),
  ar: () => import('./industry-edits/ar.json'),
  he: () => import('./industry-edits/he.json'),
});

/** Loads these texts once a component that shows them is on the page. */
export const useIndustryEditsTexts = () => useFeatureTexts(loadIndustryEditsTexts);
