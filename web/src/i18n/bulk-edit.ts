import { featureTexts } from './feature-texts.js';

/**
 * Each language's texts of the activity table's selection and bulk edit,
 * merged into the main texts when a plan's activities are first shown, and in
 * each language chosen after: the sign-in and the dashboard do not carry them.
 */
export const loadBulkEditTexts = featureTexts({
  fr: () => import('./bulk-edit/fr.json'),
  en: () => import('./bulk-edit/en.json'),
  ar: () => import('./bulk-edit/ar.json'),
  he: () => import('./bulk-edit/he.json'),
});
