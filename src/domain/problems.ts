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
 * that family and is shown through the web's key `<family>.<value>`; a value
 * holding several, separated by ", ", is translated one by one. The families
 * are TRANSLATED_PARAMS below. Any other param is shown as it is.
 *
 * Adding an error = an entry here + four translations;
 * test/problems-i18n.test.ts fails otherwise.
 */
/** `edge`: answered only by the HTTP edge, which sets its status itself (415, 500). */
export type ProblemSpec = { readonly kind: ProblemKind | 'edge'; readonly text: string };

export const PROBLEMS = {
  // The generic problem of each kind.
  'common.invalid': { kind: 'invalid', text: 'Invalid request' },
  'common.not_found': { kind: 'not_found', text: 'Not found' },
  'common.conflict': { kind: 'conflict', text: 'Conflict' },
  'common.frozen': { kind: 'frozen', text: 'Record frozen' },
  'common.forbidden': { kind: 'forbidden', text: 'Not allowed' },
  'common.unauthenticated': { kind: 'unauthenticated', text: 'Sign in first' },
  'common.too_many': { kind: 'too_many', text: 'Too many requests' },
  'common.too_large': { kind: 'too_large', text: 'Too large' },
  'common.unprocessable': { kind: 'unprocessable', text: 'Over a limit' },

  // The server's edge: requests refused before any use case runs.
  'request.invalid_fields': { kind: 'invalid', text: 'The {{where}} has {{count}} invalid field(s)' },
  'request.empty_json': { kind: 'invalid', text: 'The JSON body is empty' },
  'request.malformed_json': { kind: 'invalid', text: 'The body is not valid JSON' },
  'request.body_too_large': { kind: 'too_large', text: 'The request body is over {{limit}}' },
  'request.unsupported_media_type': { kind: 'edge', text: 'Send the body as {{type}}' },
  'request.unavailable': { kind: 'edge', text: 'Documents cannot be made right now' },
  'request.rate_limited': { kind: 'too_many', text: 'Slow down' },
  'request.bad_request': { kind: 'invalid', text: 'Bad request' },
  'request.internal': { kind: 'edge', text: 'Something went wrong on our side (request {{request}})' },
  'request.no_route': { kind: 'not_found', text: 'No route {{method}} {{path}}' },
  'request.takes_no_body': { kind: 'invalid', text: 'This request takes no body' },
  'request.nul_character': { kind: 'invalid', text: 'Text must not contain NUL characters' },
  'request.too_deep': { kind: 'invalid', text: 'The body nests deeper than {{max}} levels' },
  'request.bad_if_match': { kind: 'invalid', text: 'If-Match must be the version of the record, e.g. "3"' },

  'import.workbook_media_type': { kind: 'edge', text: 'Send the workbook with Content-Type {{type}}' },

  // Issues of one field (errors[].code).
  'field.unknown_field': { kind: 'invalid', text: 'unknown field' },
  'field.required': { kind: 'invalid', text: 'required' },
  'field.nul_character': { kind: 'invalid', text: 'contains a NUL character' },
  'field.too_deep': { kind: 'invalid', text: 'nests deeper than {{max}} levels' },
  'field.send_no_body': { kind: 'invalid', text: 'send no body, or {}' },
  'field.not_a_version': { kind: 'invalid', text: 'not a version' },
  'period.end_before_start': { kind: 'invalid', text: 'end must not be before start' },
} as const satisfies Record<string, ProblemSpec>;

export type ProblemCode = keyof typeof PROBLEMS;
/** The codes a use case may throw: all but those of the HTTP edge alone. */
export type ThrowableCode = { [K in ProblemCode]: (typeof PROBLEMS)[K]['kind'] extends ProblemKind ? K : never }[ProblemCode];

/** Param families the web translates through its own keys `<family>.<value>` (see above). */
export const TRANSLATED_PARAMS = [
  'planStatus',
  'activityStatus',
  'sessionStatus',
  'actionItemStatus',
  'revisionStatus',
  'classification',
  'role',
  'domain',
  'activityType',
] as const;

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

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(PROBLEMS, code);
