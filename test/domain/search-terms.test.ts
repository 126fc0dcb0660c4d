import { describe, expect, it } from 'vitest';
import {
  arabicStem,
  hebrewReadings,
  indexBody,
  parseQuery,
  snippetOf,
  textAnswers,
  wordTerms,
} from '../../src/domain/search-terms.js';

/** Whether a text holding `written` is found by the query `typed`, as the index and the query compare them. */
const finds = (written: string, typed: string) => {
  const body = new Set(indexBody([written]).split(' '));
  return parseQuery(typed).every(
    (q) => q.terms.some((t) => body.has(t)) || (q.prefix && [...body].some((t) => t.startsWith(q.word))),
  );
};

describe('search terms', () => {
  it.each([
    // French and English: singular and plural, verb and noun, with and without accents.
    ['Visite du port', 'visites'],
    ['Visites des ports', 'visite'],
    ['Réunions de planification', 'réunion'],
    ['réunion', 'Réunions'],
    ['Planifications des formations', 'planification formation'],
    ['Evaluations of exercises', 'evaluation exercise'],
    ['Training meetings', 'meeting'],
    // Arabic: with and without the article and its prefixes, feminine and plural endings.
    ['التخطيط السنوي', 'تخطيط'],
    ['تخطيط', 'التخطيط'],
    ['والتخطيط', 'تخطيط'],
    ['بالتخطيط', 'التخطيط'],
    ['الزيارات الميدانية', 'زيارة'],
    ['زيارة', 'الزيارات'],
    ['التَّخْطِيط', 'تخطيط'],
    // Hebrew: prefix letters (and, the, in, to, from, that, as) and their combinations.
    ['הביקור בנמל', 'ביקור'],
    ['ביקור', 'והביקור'],
    ['ובבסיס', 'בסיס'],
    ['מהתרגיל', 'תרגיל'],
    ['שבתרגיל', 'התרגיל'],
    ['כשהתרגיל', 'תרגיל'],
  ])('%j is found by %j', (written, typed) => {
    expect(finds(written, typed)).toBe(true);
    expect(textAnswers(parseQuery(typed), written)).toBe(true);
  });

  it.each([
    ['Visite du port', 'exercice'],
    ['Planification', 'port'],
    ['تخطيط', 'زيارة'],
    // A Hebrew word of three letters is not read as a prefix and two letters.
    ['בית', 'ית'],
    // Nor is a rest that would start with a final letter.
    ['הםם', 'םם'],
    // A longer word is not a stem of a shorter one.
    ['visite', 'visiteurs port'],
  ])('%j is not found by %j', (written, typed) => {
    expect(finds(written, typed)).toBe(false);
    expect(textAnswers(parseQuery(typed), written)).toBe(false);
  });

  it('stems Arabic lightly: the article, its prefixes and the common suffixes, never below two letters', () => {
    expect(arabicStem('التخطيط')).toBe('تخطيط');
    expect(arabicStem('والتخطيط')).toBe('تخطيط');
    expect(arabicStem('للتخطيط')).toBe('تخطيط');
    expect(arabicStem('الزيارات')).toBe('زيار');
    expect(arabicStem('زيارة')).toBe('زيار');
    expect(arabicStem('مشروعها')).toBe('مشروع');
    expect(arabicStem('ال')).toBe('ال');
    expect(arabicStem('ولد')).toBe('ولد');
  });

  it('reads Hebrew prefix letters only in the order Hebrew writes them, keeping at least three letters', () => {
    expect(hebrewReadings('והבית')).toEqual(['והבית', 'הבית', 'בית']);
    expect(hebrewReadings('בית')).toEqual(['בית']);
    // ה before ב is not an order of prefixes: only ה is read off.
    expect(hebrewReadings('הבסיס')).toEqual(['הבסיס', 'בסיס']);
    expect(hebrewReadings('תרגיל')).toEqual(['תרגיל']);
    expect(hebrewReadings('וכשהתרגיל')).toEqual(['וכשהתרגיל', 'כשהתרגיל', 'שהתרגיל', 'התרגיל', 'תרגיל']);
  });

  it('keeps every word as written next to its stems, each once', () => {
    expect(wordTerms('visites')).toEqual(['visites', 'visit']);
    expect(wordTerms('2026')).toEqual(['2026']);
    expect(indexBody(['Visite', 'visites', null, undefined]).split(' ').sort()).toEqual(['visit', 'visite', 'visites']);
  });

  it('reads a query as at most twelve words, the last one also as a prefix', () => {
    const q = parseQuery('Réunions de planif');
    expect(q.map((w) => [w.word, w.prefix])).toEqual([
      ['reunions', false],
      ['de', false],
      ['planif', true],
    ]);
    expect(parseQuery('a '.repeat(20))).toHaveLength(12);
    expect(parseQuery('  ,;!  ')).toEqual([]);
    expect(finds('Planification annuelle', 'planif')).toBe(true);
  });

  it('marks the found words of a snippet as parts, leaving markup as plain text', () => {
    const parts = snippetOf('<b>Visites</b> du port & des <script>visite</script>', parseQuery('visite'));
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['Visites', 'visite']);
    expect(parts.map((p) => p.text).join('')).toBe('<b>Visites</b> du port & des <script>visite</script>');
    expect(parts.find((p) => p.text.includes('<b>'))?.hit).toBe(false);
  });

  it('cuts a long text around the first found word, on word boundaries', () => {
    const text = `${'avant '.repeat(100)}visite ${'après '.repeat(100)}`;
    const parts = snippetOf(text, parseQuery('visites'), 120);
    const joined = parts.map((p) => p.text).join('');
    expect(joined.startsWith('…')).toBe(true);
    expect(joined.endsWith('…')).toBe(true);
    expect(joined.length).toBeLessThanOrEqual(122);
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['visite']);
    expect(joined).not.toMatch(/…[^ a]|[^ s]…/u);
  });

  it('highlights Arabic and Hebrew words with their vowel marks and prefixes', () => {
    const ar = snippetOf('خطة التَّخْطِيط السنوية', parseQuery('تخطيط'));
    expect(ar.filter((p) => p.hit).map((p) => p.text)).toEqual(['التَّخْطِيط']);
    const he = snippetOf('תוכנית והביקור בנמל', parseQuery('ביקור'));
    expect(he.filter((p) => p.hit).map((p) => p.text)).toEqual(['והביקור']);
  });
});
