import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type FieldIssue, type Problem } from '../domain/errors.js';
import { problemSchema } from '../domain/problem.schema.js';
import { fill, PROBLEMS, type ProblemCode, zodFieldIssue } from '../domain/problems.js';

/** The body of every error answer; the web reads it with the same schema. */
export { type Problem, problemSchema };

const TYPES: Record<DomainError['kind'], { status: number; title: string }> = {
  invalid: { status: 400, title: 'Invalid request' },
  unauthenticated: { status: 401, title: 'Not signed in' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  frozen: { status: 409, title: 'Record frozen' },
  too_many: { status: 429, title: 'Too many requests' },
  too_large: { status: 413, title: 'Too large' },
  unprocessable: { status: 422, title: 'Over a limit' },
};

const problem = (
  kind: string,
  status: number,
  title: string,
  detail: string,
  code: string,
  params: Record<string, string | number> = {},
  errors?: FieldIssue[],
): Problem => ({
  type: `https://jointplan.example/problems/${kind}`,
  title,
  status,
  detail,
  code,
  params,
  ...(errors?.length ? { errors } : {}),
});

/** A problem of the server's edge, its detail the catalogue's text unless told. */
export const edge = (
  kind: string,
  status: number,
  title: string,
  code: ProblemCode,
  params: Record<string, string | number> = {},
  errors?: FieldIssue[],
  detail = fill(PROBLEMS[code].text, params),
) => problem(kind, status, title, detail, code, params, errors);

function fromValidation(
  err: FastifyError & {
    validation: { instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }[];
  },
) {
  const where = err.validationContext ?? 'body';
  const errors = err.validation.flatMap((v): FieldIssue[] => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys))
      return keys.map((k) => ({
        path: path ? `${path}.${String(k)}` : String(k),
        code: 'field.unknown_field',
        message: PROBLEMS['field.unknown_field'].text,
      }));
    return [zodFieldIssue(path || where, { ...v.params, code: v.keyword, message: v.message })];
  });
  return edge('validation', 400, 'Invalid request', 'request.invalid_fields', { where, count: errors.length }, errors);
}

// Routes that take files have a limit of their own; the rest take the server's 1 MiB.
const bodyLimitOf = (request: FastifyRequest) => {
  const bytes = request.routeOptions.bodyLimit ?? 1024 * 1024;
  return bytes % (1024 * 1024) === 0 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
};

/** Maps any error to a problem; unknown ones become a plain 500 and are logged. */
export function toProblem(err: unknown, request: FastifyRequest): Problem {
  if (err instanceof DomainError) {
    const t = TYPES[err.kind];
    return problem(err.kind, t.status, t.title, err.message, err.code, { ...err.params }, err.issues);
  }
  if (hasZodFastifySchemaValidationErrors(err)) return fromValidation(err);
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return edge('too_large', 413, 'Body too large', 'request.body_too_large', { limit: bodyLimitOf(request) });
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return edge('unsupported_media_type', 415, 'Unsupported media type', 'request.unsupported_media_type', {
      type: 'application/json',
    });
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return edge('validation', 400, 'Invalid request', 'request.empty_json');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError))
    return edge('malformed_json', 400, 'Malformed JSON', 'request.malformed_json');
  if (fe.statusCode === 429)
    return edge('too_many', 429, 'Too many requests', 'request.rate_limited', {}, undefined, fe.message || undefined);
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return edge('bad_request', fe.statusCode, 'Bad request', 'request.bad_request', {}, undefined, fe.message || undefined);
  request.log.error({ err }, 'unhandled error');
  return edge('internal', 500, 'Internal error', 'request.internal', { request: String(request.id) });
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(p);
}
