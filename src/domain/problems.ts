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

  // Joint decisions on a plan: approval, refusal, return, close and reopening (domain/plan-close.ts).
  'planDecision.cannot_move': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; it can move to: {{planStatusAllowed}}',
  },
  'planDecision.cannot_move_final': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; it is final',
  },
  'planDecision.move_is_joint': {
    kind: 'invalid',
    text: 'A plan cannot move from {{planStatus}} to {{planStatusTo}}; a plan in execution is closed by the agreement of every party of its commission: propose its close',
  },
  'planDecision.move_not_allowed': { kind: 'invalid', text: 'not allowed from {{planStatus}}' },
  'planDecision.not_a_party': { kind: 'invalid', text: "{{party}} is not a party of this plan's commission" },
  'planDecision.already_approved': { kind: 'invalid', text: '{{party}} has already approved this plan' },
  'planDecision.already_agreed': { kind: 'invalid', text: '{{party}} has already agreed' },
  'planDecision.stale_version': {
    kind: 'conflict',
    text: 'Plan was changed meanwhile: you had version {{had}}, it is now {{now}}',
  },
  'planDecision.dispositions_invalid': { kind: 'invalid', text: 'Some dispositions of the open activities are not valid' },
  'planDecision.field_not_open': { kind: 'invalid', text: 'not an open activity of this plan' },
  'planDecision.field_given_twice': { kind: 'invalid', text: 'given twice' },
  'planDecision.field_reason_required': { kind: 'invalid', text: 'a cancelled activity needs a reason' },
  'planDecision.field_successor_required': { kind: 'invalid', text: 'carrying activities needs a successor plan' },
  'planDecision.field_no_disposition': { kind: 'invalid', text: '{{refCode}} has no disposition' },
  'planDecision.field_blocks': { kind: 'invalid', text: '{{refCode}} blocks the close' },
  'planDecision.field_successor': { kind: 'invalid', text: 'not a plan of this commission being drafted' },
  'planDecision.dispositions_missing': {
    kind: 'invalid',
    text: 'Every open activity needs a disposition (carry, cancel or block); none was given for {{refCodes}}',
  },
  'planDecision.blocked': { kind: 'invalid', text: 'The plan cannot be closed while activities are kept open: {{refCodes}}' },
  'planDecision.comment_required': { kind: 'invalid', text: 'A refusal or a return needs a comment saying why' },
  'planDecision.only_closed_reopen': { kind: 'invalid', text: 'Only a closed plan can be reopened; this one is {{planStatus}}' },
  'planDecision.reopen_passed': { kind: 'invalid', text: 'The plan could be reopened until {{until}}; that time has passed' },
  'planDecision.reopen_never': {
    kind: 'invalid',
    text: 'This plan was closed before reopening was possible; it cannot be reopened',
  },
  'planDecision.not_proposed': {
    kind: 'invalid',
    text: 'Only a proposed plan can be refused or returned; this one is {{planStatus}}',
  },
  'planDecision.not_in_execution': {
    kind: 'invalid',
    text: 'Only a plan in execution can be closed; this one is {{planStatus}}',
  },
  'planDecision.pending': { kind: 'conflict', text: 'A decision on this plan already awaits the agreement of the parties' },
  'planDecision.nothing_to_decide': { kind: 'invalid', text: 'No such decision on this plan awaits agreement' },
  'planDecision.unknown_successor': { kind: 'invalid', text: 'Unknown successor plan' },
  'planDecision.successor_not_drafting': {
    kind: 'invalid',
    text: 'Activities are carried only to a plan being drafted; the successor plan is {{planStatus}}',
  },
  'planDecision.successor_gone': {
    kind: 'invalid',
    text: 'The successor plan is no longer being drafted: propose the close again with another one',
  },
  'planDecision.carry_clash': {
    kind: 'invalid',
    text: '{{refCode}} cannot be carried: the successor plan already has an activity with that code',
  },
  'planDecision.undisposed': { kind: 'invalid', text: 'Open activities have no disposition yet: {{refCodes}}' },
  'planDecision.undisposed_hidden': {
    kind: 'invalid',
    text: '{{count}} open activity(ies) you cannot read have no disposition yet: a party that can read them gives theirs when agreeing',
  },
  'planDecision.withdrawn_meanwhile': { kind: 'conflict', text: 'The close was withdrawn meanwhile: read the plan again' },
  'planDecision.approved_meanwhile': { kind: 'conflict', text: 'The plan was approved meanwhile: read it again' },
  'planDecision.closed_meanwhile': { kind: 'conflict', text: 'The plan was closed meanwhile: read it again' },
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
