import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../domain/common.schema.js';
import { invalid } from '../domain/errors.js';
import { problemSchema } from './problem.js';

export const idParams = z.object({ id: idSchema }).strict();

/** The version an `If-Match` header names (`"3"`, `W/"3"` or `3`), if any. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(raw).trim());
  if (!m) throw invalid('If-Match must be the version of the record, e.g. "3"', [{ path: 'If-Match', message: 'not a version' }]);
  return Number(m[1]);
}

/** Sends one record with its version as the ETag. */
export function sendRecord<T extends { version: number }>(reply: FastifyReply, record: T, status = 200) {
  return reply.status(status).header('etag', `"${record.version}"`).send(record);
}

/** Error answers every authenticated route may give, for the OpenAPI document. */
export const errorResponses = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

/**
 * The path of the first text in a JSON body that holds a NUL character, if any.
 * No field means one, and PostgreSQL cannot store it in text, so it is refused
 * up front with the field named, on every database alike.
 */
export function nulCharacterPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  // Binary bodies (uploaded workbooks) are not text.
  if (Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = nulCharacterPath(v, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const found = nulCharacterPath(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  return null;
}
