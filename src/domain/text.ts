/**
 * Folds text for search the same way on both databases: lower case, no
 * accents (é → e), no Arabic or Hebrew vowel marks, no tatweel. Both the
 * indexed text and every query go through it, so `Planification` finds
 * `planification` and `التَّخْطِيط` finds `التخطيط`.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\u0640/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The first language's text of a localized title stored as JSON: for plain
 * text outside the reader's language (calendar entries, API clients). Screens
 * show a title in the reader's language instead.
 */
export const firstText = (json: string) => Object.values(JSON.parse(json) as Record<string, string>)[0] ?? '';
