/**
 * Errors the use cases raise on purpose. The HTTP edge maps each kind to one
 * status; anything else is an internal error and is never shown in detail.
 * Each error carries a stable `code` of the problem catalogue (problems.ts)
 * and the `params` its text names, so that clients can say it in their own
 * language; `message` is the English text for API clients.
 */
/** A value a problem's text names: a count, a date, a status, a party code... */
export type ProblemParams = Readonly<Record<string, string | number>>;

/**
 * A field a request got wrong, and the problem details of an error answer: their schemas are in
 * problem.schema.ts, which this file only names as types, so that raising an error loads no zod.
 */
import type { FieldIssue } from './problem.schema.js';

export type { FieldIssue, Problem } from './problem.schema.js';

export type ProblemKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'frozen'
  | 'forbidden'
  | 'unauthenticated'
  | 'too_many'
  /** The request is over a size limit, which the message names. */
  | 'too_large'
  /** Well formed, but the work it asks for is over a limit, which the message names. */
  | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly issues: FieldIssue[],
    /** The catalogue code: errors are made by `problem(code, params)` of problems.ts. */
    readonly code: string,
    readonly params: ProblemParams,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
