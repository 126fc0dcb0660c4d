import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../domain/common.schema.js';
import type { DomainError } from '../domain/errors.js';
import { issue, problem } from '../domain/problems.js';
import { problemSchema } from './problem.js';

export const idParams = z.object({ id: idSchema }).strict();

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), if any. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m) throw problem('request.bad_if_match', {}, [issue('If-Match', 'field.not_a_version')]);
  return Number(m[1]);
}

/** Sends one record with its version as the ETag. */
export function sendRecord<T extends { version: number }>(reply: FastifyReply, record: T, status = 200) {
  return reply.status(status).header('etag', `"${record.version}"`).send(record);
}

/**
 * A 2xx answer that is not JSON (a workbook, a document, a calendar), documented under its own media
 * types, so that the OpenAPI document does not claim JSON for it. Binary types are strings of bytes.
 */
export function fileAnswer(description: string, mediaTypes: { type: string; binary?: boolean }[]) {
  const content = Object.fromEntries(
    mediaTypes.map(({ type, binary }) => [type, { schema: binary ? z.string().meta({ format: 'binary' }) : z.string() }]),
  );
  return { description, content };
}

/** Error answers every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/** How deep a JSON body may nest. No schema of the API goes past a handful of levels. */
export const MAX_BODY_DEPTH = 32;

/**
 * What makes a parsed JSON body unacceptable before its schema is even tried:
 * nesting deeper than {@link MAX_BODY_DEPTH}, or a text holding a NUL character
 * (no field means one, and PostgreSQL cannot store it in text, so it is refused
 * up front with the field named, on every database alike). The walk keeps its
 * own stack, so that no body, however deep, can exhaust the call stack.
 */
export function bodyProblem(body: unknown): DomainError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, path, depth } = item;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return problem('request.nul_character', {}, [issue(path || 'body', 'field.nul_character')]);
      continue;
    }
    // Binary bodies (uploaded workbooks) are not text.
    if (!value || typeof value !== 'object' || Buffer.isBuffer(value)) continue;
    if (depth >= MAX_BODY_DEPTH)
      return problem('request.too_deep', { max: MAX_BODY_DEPTH }, [
        issue(path || 'body', 'field.too_deep', { max: MAX_BODY_DEPTH }),
      ]);
    const entries = Array.isArray(value) ? [...value.entries()] : Object.entries(value);
    // Pushed last-first, so that the first problem in the body's own order is the one named.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, v] = entries[i] as [string | number, unknown];
      stack.push({ value: v, path: path ? `${path}.${k}` : String(k), depth: depth + 1 });
    }
  }
  return null;
}
