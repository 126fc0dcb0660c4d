import { featureTexts } from './feature-texts.js';

/**
 * Each language's texts of the roll-over of a plan into next year's draft,
 * merged into the main texts when a plan page offers it, and in each language
 * chosen after: the sign-in and the dashboard do not carry them.
 */
export const loadRolloverTexts = featureTexts({
  fr: () => import('./rollover/fr.json'),
  en: () => import('./rollover/en.json'),
  ar: () => import('./rollover/ar.json'),
  he: () => import('./rollover/he.json'),
});
