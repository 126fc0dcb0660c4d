import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { foldForSearch } from './text.js';

/*
 * The words search compares, the same on SQLite and PostgreSQL because they are
 * made here and nowhere else: both the indexed text and the query go through
 * `foldForSearch` (case, accents, vowel marks) and then through the terms of
 * each word below. A record's index holds every word as written plus its terms;
 * a query word matches a record holding any of its terms (and, for the last
 * word, any word it begins, as people type).
 *
 * - Latin script: the French and the English Snowball stems (visite, visites,
 *   visiter → visit). Texts are not tagged by language, so both are kept.
 * - Arabic script: light stemming after Larkey, Ballesteros and Connell
 *   ("light10", as in Lucene's Arabic analyser): the article and its
 *   combinations (ال، وال، بال، كال، فال، لل), the conjunction و on words of
 *   four letters or more, and the common suffixes (ها، ان، ات، ون، ين، يه، ه، ي)
 *   after normalising ة → ه and ى → ي. التخطيط and تخطيط both give تخطيط.
 * - Hebrew script: the prefix letters ו ה ב ל מ ש כ in the order Hebrew puts
 *   them (ו, then ש or כש, then one of ב ל כ מ, then ה), each reading kept only
 *   when at least three letters remain and the rest does not start with a
 *   final letter: הבית and ובבית give בית, but a three-letter word stays whole.
 *   Without a lexicon no reading can be ruled out, so all the plausible ones
 *   are kept, on both sides.
 */

const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const LATIN = /\p{Script=Latin}/u;

const ARABIC_PREFIXES = ['ال', 'وال', 'بال', 'كال', 'فال', 'لل', 'و'];
const ARABIC_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/** Arabic light stemming (light10) of one folded word. */
export function arabicStem(word: string): string {
  let w = word.replace(/ة/g, 'ه').replace(/ى/g, 'ي');
  for (const p of ARABIC_PREFIXES) {
    const enough = p.length === 1 ? w.length >= 4 : w.length >= p.length + 2;
    if (enough && w.startsWith(p)) {
      w = w.slice(p.length);
      break;
    }
  }
  for (const s of ARABIC_SUFFIXES) if (w.length >= s.length + 2 && w.endsWith(s)) w = w.slice(0, -s.length);
  return w;
}

const HEBREW_PREFIX = /^ו?(?:ש|כש)?[בלכמ]?ה?$/u;
const HEBREW_FINALS = /^[ךםןףץ]/u;

/** The readings of one folded Hebrew word without its prefix letters (the word itself first). */
export function hebrewReadings(word: string): string[] {
  const out = [word];
  for (let n = 1; n <= 5 && word.length - n >= 3; n++) {
    const rest = word.slice(n);
    if (HEBREW_PREFIX.test(word.slice(0, n)) && !HEBREW_FINALS.test(rest)) out.push(rest);
  }
  return out;
}

// The terms of the words seen lately: stemming is the costly part of a snippet, and words repeat.
const known = new Map<string, string[]>();
const KNOWN_MAX = 20_000;

/** The terms of one folded word: the word itself and its stems, without repeats. */
export function wordTerms(word: string): string[] {
  const seen = known.get(word);
  if (seen) return seen;
  const terms = termsOf(word);
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(word, terms);
  return terms;
}

function termsOf(word: string): string[] {
  let terms: string[];
  if (ARABIC.test(word)) terms = [word, arabicStem(word)];
  else if (HEBREW.test(word)) terms = hebrewReadings(word);
  else if (LATIN.test(word)) terms = [word, frenchStem(word), englishStem(word)];
  else terms = [word];
  return [...new Set(terms.filter(Boolean))];
}

const words = (text: string) => foldForSearch(text).split(' ').filter(Boolean);

/** What the index keeps of a record's texts: every word and every term, each once. */
export function indexBody(texts: readonly (string | null | undefined)[]): string {
  const seen = new Set<string>();
  for (const text of texts) if (text) for (const w of words(text)) for (const t of wordTerms(w)) seen.add(t);
  return [...seen].join(' ');
}

/** One word of a query: the terms any of which a record must hold; the last word also matches as a prefix. */
export interface QueryWord {
  word: string;
  terms: string[];
  prefix: boolean;
}

/** The words of a query (at most 12), as both databases and the highlighting compare them. */
export function parseQuery(q: string): QueryWord[] {
  const ws = words(q).slice(0, 12);
  return ws.map((word, i) => ({ word, terms: wordTerms(word), prefix: i === ws.length - 1 }));
}

/** Whether one folded word of a text answers one word of the query, as the index would. */
export function wordAnswers(q: QueryWord, word: string): boolean {
  const terms = wordTerms(word);
  return terms.some((t) => q.terms.includes(t) || (q.prefix && t.startsWith(q.word)));
}

/** Whether a text on its own answers every word of the query. */
export function textAnswers(query: readonly QueryWord[], text: string): boolean {
  if (query.length === 0) return false;
  const ws = words(text);
  return query.every((q) => ws.some((w) => wordAnswers(q, w)));
}

/** A stretch of a snippet: plain text, and whether it is a word the query found. */
export interface SnippetPart {
  text: string;
  hit: boolean;
}

// A word as written: letters, digits, and the marks and tatweel folding drops.
const WRITTEN_WORD = /[\p{L}\p{N}\p{M}\u0640]+/gu;

/**
 * A snippet of at most about `size` characters of `text`, around the first
 * word the query found, cut into parts so that a screen marks the found words
 * without ever reading the text as markup.
 */
export function snippetOf(text: string, query: readonly QueryWord[], size = 200): SnippetPart[] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(WRITTEN_WORD)) {
    const folded = words(m[0]);
    if (query.some((q) => folded.some((w) => wordAnswers(q, w)))) spans.push([m.index, m.index + m[0].length]);
  }
  let from = 0;
  let to = text.length;
  if (text.length > size) {
    const first = spans[0]?.[0] ?? 0;
    from = Math.max(0, Math.min(first - Math.floor(size / 4), text.length - size));
    // Start and end on word boundaries.
    if (from > 0) from = text.lastIndexOf(' ', from) + 1;
    to = Math.min(text.length, from + size);
    const space = text.lastIndexOf(' ', to);
    if (to < text.length && space > from) to = space;
  }
  const parts: SnippetPart[] = [];
  const push = (s: string, hit: boolean) => {
    if (s) parts.push({ text: s, hit });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const [s, e] of spans) {
    if (e <= from || s >= to) continue;
    push(text.slice(at, Math.max(at, s)), false);
    push(text.slice(Math.max(at, s), Math.min(e, to)), true);
    at = Math.min(e, to);
  }
  push(text.slice(at, to), false);
  if (to < text.length) push('…', false);
  return parts;
}
