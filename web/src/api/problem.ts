import type { FieldIssue as ApiFieldIssue } from '../../../src/domain/errors.js';
import { zodFieldIssue } from '../../../src/domain/problems.js';
import { issueText } from '../i18n/problems.js';

/**
 * A field the API (or a check in the browser) refused, by dotted path: the
 * API's shape, whose `code` a check made in the browser may leave out when it
 * words `message` in the reader's language itself.
 */
export type FieldIssue = Omit<ApiFieldIssue, 'code'> & { code?: string };

/**
 * An error answer of the API (RFC 9457 problem details). Pages branch on
 * `status` (401 sign in again, 404 not found, 409 reread and reapply) and show
 * `errors` next to the fields they name.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    /** English for API clients: never shown; `code` and `params` are, translated (see problemText). */
    readonly detail: string,
    readonly errors: FieldIssue[] = [],
    readonly code = '',
    readonly params: Record<string, string | number> = {},
  ) {
    super(detail || title);
    this.name = 'ProblemError';
  }

  get isConflict() {
    return this.status === 409;
  }
}

/** The server could not be reached at all. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(String(cause));
    this.name = 'NetworkError';
  }
}

/**
 * Issues of a zod parse in the browser, in the API's `errors[]` shape and
 * coded as the API codes them: a schema's own English message (a pattern's
 * hint) is then worded in the reader's language like any other.
 */
export const issuesOf = (issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[]): FieldIssue[] =>
  issues.map((i) => zodFieldIssue(i.path.map(String).join('.'), i));

/** The messages for one field, matching the field itself or anything under it, in the current language. */
export const issuesAt = (issues: readonly FieldIssue[], path: string) =>
  issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map(issueText);
