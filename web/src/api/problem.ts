import { issueText } from '../i18n/problems.js';

/** A field the API (or the same schema in the browser) refused, by dotted path. */
export interface FieldIssue {
  path: string;
  /** English for API clients (or, for a check made in the browser, zod's text in the current language). */
  message: string;
  /** A catalogue code or a zod issue code; the web shows its translation, not `message`. */
  code?: string;
  params?: Record<string, unknown>;
  /** Where in an imported workbook the problem is. */
  sheet?: string;
  row?: number | null;
  column?: string | null;
}

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
 * Issues of a zod parse in the browser, in the API's `errors[]` shape: zod
 * wrote their messages in the current language already, but for a schema's
 * refinement, which names its catalogue code in `params.code`.
 */
export const issuesOf = (
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; params?: Record<string, unknown> }[],
): FieldIssue[] =>
  issues.map((i) => {
    const path = i.path.map(String).join('.');
    const own = i.code === 'custom' ? i.params : undefined;
    if (typeof own?.code !== 'string') return { path, message: i.message };
    const { code, ...params } = own;
    return { path, message: i.message, code, params };
  });

/** The messages for one field, matching the field itself or anything under it, in the current language. */
export const issuesAt = (issues: readonly FieldIssue[], path: string) =>
  issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map(issueText);
