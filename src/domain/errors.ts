/**
 * Errors the use cases raise on purpose. The HTTP edge maps each kind to one
 * status; anything else is an internal error and is never shown in detail.
 */
export type FieldIssue = {
  path: string;
  message: string;
  /** Where in a spreadsheet the problem is, for imported workbooks. */
  sheet?: string;
  row?: number | null;
  column?: string | null;
};

export class DomainError extends Error {
  constructor(
    readonly kind:
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
      | 'unprocessable',
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, issues: FieldIssue[] = []) => new DomainError('invalid', message, issues);
export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
/** A clash with another record; `issues` names the field that clashes (a taken code), if one does. */
export const conflict = (message: string, issues: FieldIssue[] = []) => new DomainError('conflict', message, issues);
/** The record is closed for good (approved minutes, a finished item): no version of the request can succeed. */
export const frozen = (message: string) => new DomainError('frozen', message);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const unauthenticated = (message = 'Sign in first') => new DomainError('unauthenticated', message);
