/** A field the API (or the same schema in the browser) refused, by dotted path. */
export interface FieldIssue {
  path: string;
  message: string;
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
    readonly detail: string,
    readonly errors: FieldIssue[] = [],
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

/** Issues of a zod parse, in the API's `errors[]` shape. */
export const issuesOf = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldIssue[] =>
  issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));

/** The messages for one field, matching the field itself or anything under it. */
export const issuesAt = (issues: readonly FieldIssue[], path: string) =>
  issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message);
