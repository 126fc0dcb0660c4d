import i18next from 'i18next';
import { z } from 'zod';
import { TRANSLATED_PARAMS } from '../../../src/domain/problems.js';
import { type FieldIssue, NetworkError, ProblemError } from '../api/problem.js';
import { loadFieldIssueTexts, loadProblemTexts } from './index.js';

/**
 * The reader's-language text of what the API refused: a problem by its
 * catalogue code (web/src/i18n/problems/*.json), a field issue by its code,
 * through zod's locale for the issues zod itself raises. The API's English
 * `detail` is never shown: it may name routes or internal values.
 */

const lang = () => i18next.language;

/** A param value shown to the reader: one of a translated family (see problems.ts) or as it is. */
function paramValue(name: string, value: unknown): unknown {
  const family = Object.keys(TRANSLATED_PARAMS).find(
    (f) => name === f || (name.startsWith(f) && /^[A-Z]/.test(name.slice(f.length))),
  ) as keyof typeof TRANSLATED_PARAMS | undefined;
  if (!family || typeof value !== 'string') return value;
  const one = (v: string) => {
    const key = `${TRANSLATED_PARAMS[family]}.${v}`;
    return i18next.exists(key) ? i18next.t(key) : v;
  };
  const parts = value.split(', ').map(one);
  return parts.length > 1 ? new Intl.ListFormat(lang(), { type: 'disjunction' }).format(parts) : parts[0];
}

const paramsOf = (params: Record<string, unknown> = {}) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, paramValue(k, v)]));

/**
 * The catalogue's codes of zod's generic issues (see `catalogueCodeOf`),
 * whose texts come in a small catalogue of their own (web/src/i18n/field-issues),
 * so that a form left empty does not fetch every problem's text.
 */
export const GENERIC_FIELD_CODES = [
  'field.required',
  'field.text_min',
  'field.text_max',
  'field.number_min',
  'field.number_min_exclusive',
  'field.number_max',
  'field.number_max_exclusive',
  'field.items_min',
  'field.items_max',
  'field.not_a_number',
  'field.bad_format',
  'field.not_an_option',
] as const;
const isGenericFieldCode = (code: string) => (GENERIC_FIELD_CODES as readonly string[]).includes(code);

/**
 * The translation of a catalogue code, or undefined when there is none (or it
 * has not come yet: it is fetched then, the small catalogue for a generic
 * field issue, the whole one for the others).
 */
function catalogueText(code: string | undefined, params?: Record<string, unknown>) {
  if (!code) return undefined;
  const key = `problems:${code}`;
  if (i18next.exists(key)) return i18next.t(key, paramsOf(params));
  void (isGenericFieldCode(code) ? loadFieldIssueTexts() : loadProblemTexts());
  return undefined;
}

/** A value of the type zod names, for its locale to say what it received. */
const SAMPLES: Record<string, unknown> = {
  undefined: undefined,
  null: null,
  string: '',
  number: 0,
  boolean: false,
  array: [],
  object: {},
  nan: Number.NaN,
  date: new Date(0),
};

/** Zod's text, in the current language, for an issue of one of zod's own codes. */
function zodText(code: string, params: Record<string, unknown> = {}) {
  const localeError = z.config().localeError;
  if (!localeError) return undefined;
  const { received, ...rest } = params;
  const issue = { code, ...rest, input: typeof received === 'string' ? SAMPLES[received] : undefined, path: [] };
  try {
    const out = localeError(issue as unknown as Parameters<typeof localeError>[0]);
    return typeof out === 'string' ? out : out?.message;
  } catch {
    return undefined;
  }
}

/**
 * The catalogue's code for one of zod's generic issues that reach readers (a
 * field left empty, a text too long, a number or a list out of bounds, a
 * value not of the type, format or choices expected), so that they read as
 * the API's own refusals rather than as zod's locale words them ("Trop petit
 * : …"); undefined for the others.
 */
export function catalogueCodeOf(code: string, p: Record<string, unknown> = {}): string | undefined {
  const edge = code === 'too_small' ? 'min' : code === 'too_big' ? 'max' : '';
  const o = p.origin;
  if (edge && o === 'string') return edge === 'min' && p.minimum === 1 ? 'field.required' : `field.text_${edge}`;
  if (edge && (o === 'number' || o === 'int' || o === 'bigint'))
    return `field.number_${edge}${p.inclusive === false ? '_exclusive' : ''}`;
  if (edge && (o === 'array' || o === 'set')) return `field.items_${edge}`;
  if (code === 'invalid_type')
    return p.received === 'undefined' || p.received === 'null'
      ? 'field.required'
      : p.expected === 'number' || p.expected === 'int'
        ? 'field.not_a_number'
        : undefined;
  return { invalid_format: 'field.bad_format', invalid_value: 'field.not_an_option' }[code];
}

/** One field's issue in the current language. */
export function issueText(issue: FieldIssue): string {
  if (!issue.code) return issue.message; // checked in the browser: zod wrote it in the current language
  // Catalogue codes are dotted (`field.required`); zod's own are not (`too_small`): the generic ones are worded
  // by the catalogue once its texts have come (the page re-renders then), by zod's locale until then and for
  // the others.
  const mapped = issue.code.includes('.') ? undefined : catalogueCodeOf(issue.code, issue.params);
  const own = issue.code.includes('.') ? undefined : zodText(issue.code, issue.params);
  return (
    catalogueText(mapped, issue.params) ??
    own ??
    catalogueText(issue.code, issue.params) ??
    zodText(issue.code, issue.params) ??
    catalogueText('common.invalid') ??
    i18next.t('common.unexpectedError')
  );
}

/** What went wrong, in the current language, for any error a call to the API may throw. */
export function problemText(err: unknown, fallback?: string): string {
  if (err instanceof ProblemError) {
    return (
      catalogueText(err.code, err.params) ??
      catalogueText(`common.${kindOf(err.status)}`) ??
      fallback ??
      i18next.t('common.unexpectedError')
    );
  }
  if (err instanceof NetworkError) return i18next.t('common.unexpectedError');
  return fallback ?? i18next.t('common.unexpectedError');
}

/** The generic problem of an answer's status, when its code is unknown to this version of the app. */
function kindOf(status: number) {
  switch (status) {
    case 400:
      return 'invalid';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'too_large';
    case 422:
      return 'unprocessable';
    case 429:
      return 'too_many';
    default:
      return 'unexpected';
  }
}
