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
