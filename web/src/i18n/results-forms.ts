import { featureTexts } from './feature-texts.js';

/**
 * Each language's texts of the forms that add objectives and indicators and
 * link programmes, merged into the main texts when the plan's results are
 * first opened, and in each language chosen after: the sign-in and the
 * dashboard do not carry them.
 */
export const loadResultsFormTexts = featureTexts({
  fr: () => import('./results-forms/fr.json'),
  en: () => import('./results-forms/en.json'),
  ar: () => import('./results-forms/ar.json'),
  he: () => import('./results-forms/he.json'),
});
