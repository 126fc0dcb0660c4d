import { featureTexts } from './feature-texts.js';

/**
 * Each language's texts of the partners' plans received here and of the approvals given across the
 * exchange, merged into the main texts when such a page or the plan page's partner approvals are first
 * shown, and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
export const loadReceivedTexts = featureTexts({
  fr: () => import('./received/fr.json'),
  en: () => import('./received/en.json'),
  ar: () => import('./received/ar.json'),
  he: () => import('./received/he.json'),
});
