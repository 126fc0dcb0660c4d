import { z } from 'zod';
import { DomainError, type FieldIssue, type ProblemKind, type ProblemParams } from './errors.js';

/**
 * The problem catalogue: every error the API can answer has one stable code
 * here, dotted by area (`plan.*`, `activity.*`, `session.*`, `auth.*`,
 * `access.*`, `import.*`, `common.*`...). `text` is the English `detail` for
 * API clients, with i18next-style `{{param}}` placeholders; the web app shows
 * its own translation of the code (web/src/i18n/problems/*.json), with the
 * same placeholders, and never the English text.
 *
 * Codes under `field.*` name the issues of one field (`errors[].code`); the
 * others are whole problems. Field issues raised by the schemas themselves
 * carry zod's issue codes (`too_small`, `invalid_type`...), which the web
 * translates through zod's locales; a refinement of a schema names its
 * catalogue code in the refinement's `params: { code }`.
 *
 * Naming convention for params the web translates rather than shows as they
 * are: a param named after a family of values, or that name followed by a
 * capitalised suffix (`activityStatus`, `activityStatusTo`), holds a value of
 * that family and is shown through the web's key `<prefix>.<value>`; a value
 * holding several, separated by ", ", is translated one by one. The families
 * are TRANSLATED_PARAMS below. Any other param is shown as it is.
 *
 * Adding an error = an entry in problem-catalogue.ts + four translations;
 * test/problems-i18n.test.ts fails otherwise.
 */
import { PROBLEMS, type ProblemSpec } from './problem-catalogue.js';

export { PROBLEMS, type ProblemSpec };

export type ProblemCode = keyof typeof PROBLEMS;
/** The codes a use case may throw: all but those of the HTTP edge alone. */
export type ThrowableCode = { [K in ProblemCode]: (typeof PROBLEMS)[K]['kind'] extends ProblemKind ? K : never }[ProblemCode];

/**
 * Params meant for API clients only, which a reader is never shown (a route,
 * an HTTP verb, a media type, a part of the request): the translations of
 * these codes leave them out. Every other placeholder of a code's text is in
 * each of its translations.
 */
export const API_ONLY_PARAMS: Partial<Record<ProblemCode, readonly string[]>> = {
  'request.invalid_fields': ['where'],
  'request.unsupported_media_type': ['type'],
  'request.no_route': ['method', 'path'],
  'import.workbook_media_type': ['type'],
  // Ids of records the reader picked from a list, which mean nothing to them: the field says what went wrong.
  'field.unknown_ids': ['ids'],
  'field.repeated': ['ids'],
};

/** Param families the web translates, each through its own keys `<prefix>.<value>` (see above). */
export const TRANSLATED_PARAMS = {
  planStatus: 'planStatus',
  activityStatus: 'activityStatus',
  sessionStatus: 'sessionStatus',
  actionItemStatus: 'actionItemStatus',
  revisionStatus: 'revisionStatus',
  classification: 'classification',
  role: 'role',
  domain: 'domain',
  activityType: 'activityType',
  agendaKind: 'agenda.kind',
  followUpKind: 'followUp.kind',
  programmeStatus: 'programmeStatus',
} as const;

/** The text with its `{{param}}` placeholders filled in. */
export const fill = (text: string, params: ProblemParams = {}) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

/** The error to throw for a catalogue problem. */
export function problem(code: ThrowableCode, params: ProblemParams = {}, issues: FieldIssue[] = []): DomainError {
  const spec = PROBLEMS[code] as { kind: ProblemKind; text: string };
  return new DomainError(spec.kind, fill(spec.text, params), issues, code, params);
}

/** One field's issue, by catalogue code: its English message is the code's text. */
export function issue(
  path: string,
  code: ProblemCode,
  params: ProblemParams = {},
  where: Pick<FieldIssue, 'sheet' | 'row' | 'column'> = {},
): FieldIssue {
  const spec: ProblemSpec = PROBLEMS[code];
  return { path, code, ...(Object.keys(params).length ? { params } : {}), message: fill(spec.text, params), ...where };
}

/**
 * A string written to the pattern `re`. A mismatch is the field issue `code`,
 * with `params` (an example of the form) for the reader's language, never
 * the pattern itself; the pattern stays in the OpenAPI schema for clients.
 */
export function matching(re: RegExp, code: ProblemCode, params: ProblemParams = {}) {
  return z
    .string()
    .refine((v) => re.test(v), {
      message: fill(PROBLEMS[code].text, params),
      params: { code, ...params },
      abort: true,
    })
    .meta({ pattern: re.source });
}

/**
 * The options of a schema's `.refine` that refuses with the catalogue's `code`, on the field at `path`
 * of the value refined (the value itself when empty), with `params` for the reader's language.
 */
export const refusing = (code: ProblemCode, path: (string | number)[] = [], params: ProblemParams = {}) => ({
  message: fill(PROBLEMS[code].text, params),
  ...(path.length ? { path } : {}),
  params: { code, ...params },
});

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code);

/** A field issue as the issue a schema's refinement adds (`ctx.addIssue`), its code in `params.code`. */
export const refinement = (i: FieldIssue) => ({
  code: 'custom' as const,
  message: i.message,
  path: i.path ? [i.path] : [],
  params: { ...i.params, code: i.code },
});

/** The type zod names for a value, as its locales say what they received. */
function typeName(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  if (typeof input === 'number' && Number.isNaN(input)) return 'nan';
  if (input instanceof Date) return 'date';
  return typeof input;
}

/**
 * Zod's fields of an issue as the params of a field issue, for clients to
 * word it in their language (the web through zod's locales): never the input
 * itself, which may be long or private, only the name of its type.
 */
export function zodIssueParams(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'input') {
      if (fields.code === 'invalid_type' || fields.expected !== undefined) out.received = typeName(v);
      continue;
    }
    if (k === 'code' || k === 'path' || k === 'message' || k === 'errors' || k === 'params' || k === 'inst' || v === undefined)
      continue;
    if (typeof v === 'bigint') out[k] = Number(v);
    else if (v instanceof RegExp) out[k] = String(v);
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
    else if (Array.isArray(v))
      out[k] = v.map((x) => (typeof x === 'bigint' ? Number(x) : typeof x === 'object' && x !== null ? String(x) : x));
  }
  return out;
}

/** A zod issue as a field issue: a refinement's catalogue code from its `params.code`, else zod's own code. */
export function zodFieldIssue(path: string, issue: object): FieldIssue {
  const i = issue as { code?: string; message?: string; params?: Record<string, unknown> } & Record<string, unknown>;
  const own = i.code === 'custom' ? i.params : undefined;
  if (typeof own?.code === 'string') {
    const { code, ...params } = own;
    return { path, message: i.message ?? 'invalid', code, ...(Object.keys(params).length ? { params } : {}) };
  }
  const params = zodIssueParams(i);
  return { path, message: i.message ?? 'invalid', code: i.code ?? 'custom', ...(Object.keys(params).length ? { params } : {}) };
}
