import i18next from 'i18next';
import { z } from 'zod';
import { TRANSLATED_PARAMS } from '../../../src/domain/problems.js';
import { type FieldIssue, NetworkError, ProblemError } from '../api/problem.js';
import { loadProblemTexts, problemTextsLoaded } from './index.js';

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

/** The translation of a catalogue code, or undefined when there is none (or it has not come yet). */
function catalogueText(code: string | undefined, params?: Record<string, unknown>) {
  if (!code) return undefined;
  if (!problemTextsLoaded()) void loadProblemTexts();
  const key = `problems:${code}`;
  return i18next.exists(key) ? i18next.t(key, paramsOf(params)) : undefined;
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

/** One field's issue in the current language. */
export function issueText(issue: FieldIssue): string {
  if (!issue.code) return issue.message; // checked in the browser: zod wrote it in the current language
  // Catalogue codes are dotted (`field.required`); zod's own are not (`too_small`), and its locale words them
  // without the problems' texts, which a form checked in the browser then need not fetch.
  const own = issue.code.includes('.') ? undefined : zodText(issue.code, issue.params);
  return (
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
