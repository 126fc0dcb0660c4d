import { featureTexts } from './feature-texts.js';

/**
 * Each language's texts of the security officer's exchange page, merged into the main texts when the
 * page is first opened, and in each language chosen after: the sign-in and the dashboard do not carry them.
 */
export const loadExchangeTexts = featureTexts({
  fr: () => import('./exchange/fr.json'),
  en: () => import('./exchange/en.json'),
  ar: () => import('./exchange/ar.json'),
  he: () => import('./exchange/he.json'),
});
