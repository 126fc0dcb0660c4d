import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../src/domain/text.js';

describe('foldForSearch', () => {
  it.each([
    ['French accents and case', 'Planification À LONG TERME, défense', 'planification a long terme defense'],
    ['cedilla, diaeresis and circumflex', 'Français naïf côte', 'francais naif cote'],
    ['composed and decomposed forms alike', 'e\u0301le\u0300ve', 'eleve'],
    ['Arabic harakat (fatha, shadda, sukun, kasra)', 'التَّخْطِيط', 'التخطيط'],
    ['Arabic tanwin and dagger alef', 'عسكريًّا هٰذا', 'عسكريا هذا'],
    ['Arabic tatweel', 'التـــخطيط', 'التخطيط'],
    ['Hebrew niqqud (dagesh, hiriq, shva, holam)', 'תִּכְנוּן', 'תכנון'],
    ['Hebrew niqqud with qamats and patah', 'שָׁלוֹם', 'שלום'],
    ['reference codes split at dashes', '2026-PLN-01', '2026 pln 01'],
    ['punctuation and runs of spaces', '  «Visite» :   unité—Tevel  ', 'visite unite tevel'],
  ])('%s', (_name, input, expected) => {
    expect(foldForSearch(input)).toBe(expected);
  });

  it('folds a query and the text it should find to the same words', () => {
    const pairs = [
      ['Coopération militaire', 'cooperation MILITAIRE'],
      ['التَّعَاوُن العَسْكَرِيّ', 'التعاون العسكري'],
      ['שִׁיתּוּף פְּעוּלָּה', 'שיתוף פעולה'],
    ];
    for (const [text, query] of pairs) expect(foldForSearch(text as string)).toBe(foldForSearch(query as string));
  });

  it('keeps the letters themselves: different words stay different', () => {
    expect(foldForSearch('plan')).not.toBe(foldForSearch('plat'));
    expect(foldForSearch('سلام')).not.toBe(foldForSearch('كلام'));
    expect(foldForSearch('ספר')).not.toBe(foldForSearch('ספק'));
  });

  it('leaves nothing of a text made only of marks and punctuation', () => {
    expect(foldForSearch('\u064e\u0651 — ...')).toBe('');
  });
});
