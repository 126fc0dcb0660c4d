import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, type FieldIssue } from '../domain/errors.js';

/** RFC 9457 problem details, the body of every error answer. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          sheet: z.string().optional(),
          row: z.number().int().nullable().optional(),
          column: z.string().nullable().optional(),
        }),
      )
      .optional(),
  })
  .describe('Problem details (RFC 9457)');
export type Problem = z.infer<typeof problemSchema>;

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

const problem = (kind: string, status: number, title: string, detail: string, errors?: FieldIssue[]): Problem => ({
  type: `https://jointplan.example/problems/${kind}`,
  title,
  status,
  detail,
  ...(errors?.length ? { errors } : {}),
});

function fromValidation(
  err: FastifyError & {
    validation: { instancePath: string; message?: string; keyword?: string; params?: Record<string, unknown> }[];
  },
) {
  const where = err.validationContext ?? 'body';
  const errors: FieldIssue[] = err.validation.flatMap((v) => {
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const keys = v.params?.keys;
    if (v.keyword === 'unrecognized_keys' && Array.isArray(keys))
      return keys.map((k) => ({ path: path ? `${path}.${String(k)}` : String(k), message: 'unknown field' }));
    return [{ path: path || where, message: v.message ?? 'invalid' }];
  });
  return problem('validation', 400, 'Invalid request', `The ${where} has ${errors.length} invalid field(s)`, errors);
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
    return problem(err.kind, t.status, t.title, err.message, err.issues);
  }
  if (hasZodFastifySchemaValidationErrors(err)) return fromValidation(err);
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return problem('too_large', 413, 'Body too large', `The request body is over ${bodyLimitOf(request)}`);
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return problem('unsupported_media_type', 415, 'Unsupported media type', 'Send the body as application/json');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problem('validation', 400, 'Invalid request', 'The JSON body is empty');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && err instanceof SyntaxError))
    return problem('malformed_json', 400, 'Malformed JSON', 'The body is not valid JSON');
  if (fe.statusCode === 429) return problem('too_many', 429, 'Too many requests', fe.message ?? 'Slow down');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return problem('bad_request', fe.statusCode, 'Bad request', fe.message ?? 'Bad request');
  request.log.error({ err }, 'unhandled error');
  return problem('internal', 500, 'Internal error', `Something went wrong on our side (request ${request.id})`);
}

export function sendProblem(reply: FastifyReply, p: Problem) {
  return reply.status(p.status).type('application/problem+json').send(p);
}
