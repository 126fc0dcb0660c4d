import fastJsonStringify from 'fast-json-stringify';
import type { FastifySerializerCompiler, HTTPMethods } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The OpenAPI version of the document; it also picks the JSON Schema dialect of the conversion. */
export const OPENAPI_VERSION = '3.1.0';

type JsonSchema = { [keyword: string]: unknown };
type Serialize = (data: unknown) => string;

const isSchema = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON Schema of one answer, converted by the very transform that writes the OpenAPI document
 * (app.ts gives it to @fastify/swagger), so that what is documented and what is written are one schema.
 */
export function responseJsonSchema(schema: z.core.$ZodType, method: string, url: string): JsonSchema {
  const { schema: converted } = jsonSchemaTransform({
    schema: { response: { 200: schema } },
    url,
    route: { method: method as HTTPMethods, url, handler: () => undefined },
    openapiObject: { openapi: OPENAPI_VERSION },
  });
  const response = isSchema(converted.response) ? converted.response[200] : undefined;
  if (!isSchema(response)) throw new Error(`${method} ${url}: its answer has no JSON Schema`);
  return response;
}

/** Where a schema holds other schemas: one, a list, or a map of them. */
const ONE = ['items', 'additionalProperties', 'propertyNames', 'contains', 'not', 'if', 'then', 'else'];
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'];

/**
 * Keywords whose meaning fast-json-stringify cannot render as written: a union (it picks a branch by
 * validating the value against each one in full, so that a value with one field too many matches no
 * branch and fails instead of losing the field; forSerialization rewrites the unions it can), a
 * reference, and the 2020-12 keywords it does not know. A schema left holding one of them is written
 * through zod instead (see compileSerializer).
 */
const UNRENDERABLE = [
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  '$ref',
  '$dynamicRef',
  'prefixItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentSchemas',
];

/** Keywords that say nothing of the shape a value is written in. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'deprecated', 'readOnly', 'writeOnly']);

/**
 * One schema with a list of types for a union whose branches each have one type of their own
 * (`string | null`, `object | null`, `integer | 'current'`), which fast-json-stringify writes by the
 * value's own type, without validating it; undefined when the branches cannot be told apart that way.
 * The keywords of the branches only apply to their own type (properties to the object, items to the
 * array), so they may sit side by side, unless two branches use the same one.
 */
function unionByType(siblings: JsonSchema, branches: unknown[]): JsonSchema | undefined {
  const merged: JsonSchema = {};
  const types: string[] = [];
  for (const branch of branches) {
    if (!isSchema(branch) || typeof branch.type !== 'string') return undefined;
    if (types.includes(branch.type)) return undefined;
    types.push(branch.type);
    for (const [keyword, value] of Object.entries(branch)) {
      if (keyword === 'type' || ANNOTATIONS.has(keyword)) continue;
      if (UNRENDERABLE.includes(keyword) || keyword in merged || keyword in siblings) return undefined;
      merged[keyword] = value;
    }
  }
  // fast-json-stringify tells an integer from a number by Number.isInteger: a union of both could go either way.
  if (types.includes('integer') && types.includes('number')) return undefined;
  // It takes for a string anything with a toString of its own, an array too ("a,b"), when it tries `string` first.
  if (types.includes('string') && (types.includes('array') || types.includes('object'))) return undefined;
  return { ...siblings, ...merged, type: types };
}

/** The field every branch requires with one value of its own, if there is one: a discriminated union. */
function discriminator(branches: JsonSchema[]): string | undefined {
  const [first] = branches;
  if (!first || !isSchema(first.properties)) return undefined;
  const singleValue = (branch: JsonSchema, field: string) => {
    const properties = branch.properties;
    const values = isSchema(properties) && isSchema(properties[field]) ? properties[field].enum : undefined;
    return Array.isArray(branch.required) && branch.required.includes(field) && Array.isArray(values) && values.length === 1
      ? JSON.stringify(values[0])
      : undefined;
  };
  return Object.keys(first.properties).find((field) => {
    const values = branches.map((branch) => singleValue(branch, field));
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}

/**
 * A union fast-json-stringify can write without validating the whole value against each branch, as
 * a chain of `if`/`then`/`else` whose conditions are small: the value's type (`object | null`, `string
 * | null`), or one field of it (a discriminated union of objects, by its `kind`). The last branch is
 * the last `else`, so that a value matching none is written in its shape and is caught by the check of
 * the answers against the OpenAPI document, the conditions being exclusive. Undefined when the
 * branches cannot be told apart so.
 */
function chainOfBranches(siblings: JsonSchema, branches: unknown[]): JsonSchema | undefined {
  const byType = unionByType(siblings, branches);
  if (byType) return byType;
  if (!branches.every(isSchema) || branches.length < 2) return undefined;
  if (!Object.keys(siblings).every((k) => ANNOTATIONS.has(k))) return undefined;
  const conditions: JsonSchema[] = [];
  const nullable = branches.filter((b) => b.type === 'null' && Object.keys(b).every((k) => k === 'type' || ANNOTATIONS.has(k)));
  const objects = branches.filter((b) => !nullable.includes(b));
  if (nullable.length > 1) return undefined;
  if (nullable.length === 1) conditions.push({ type: 'null' });
  if (objects.length === 1) conditions.push({});
  else {
    const field = objects.every((b) => b.type === 'object') ? discriminator(objects) : undefined;
    if (!field) return undefined;
    for (const branch of objects) {
      const value = (branch.properties as Record<string, JsonSchema>)[field]?.enum;
      conditions.push({ type: 'object', properties: { [field]: { enum: value } }, required: [field] });
    }
  }
  const ordered = [...nullable, ...objects];
  let chain: JsonSchema = ordered[ordered.length - 1] as JsonSchema;
  // Built from entries: an object literal with a `then` key reads as a promise to the linter, rightly elsewhere.
  for (let i = ordered.length - 2; i >= 0; i--)
    chain = Object.fromEntries([
      ['if', conditions[i]],
      ['then', ordered[i]],
      ['else', chain],
    ]);
  return { ...siblings, ...chain };
}

/**
 * The schema fast-json-stringify is given: the converted schema with each union by type made a list of
 * types, and `const` made a one-value `enum` (fast-json-stringify writes a `const` without reading the
 * value, so that a wrong value would go out as the right one; an `enum` is not applied while writing).
 * It writes the same JSON for every value the converted schema accepts.
 */
export function forSerialization(schema: unknown): unknown {
  if (!isSchema(schema)) return schema;
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (ONE.includes(keyword)) out[keyword] = forSerialization(value);
    else if (LIST.includes(keyword) && Array.isArray(value)) out[keyword] = value.map(forSerialization);
    else if (MAP.includes(keyword) && isSchema(value))
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, forSerialization(s)]));
    else if (keyword === 'const') out.enum = [value];
    else out[keyword] = value;
  }
  const { anyOf, oneOf, ...siblings } = out;
  const branches = anyOf === undefined ? oneOf : oneOf === undefined ? anyOf : undefined;
  return (Array.isArray(branches) && chainOfBranches(siblings, branches)) || out;
}

/** The first keyword of a schema, at any depth, that fast-json-stringify cannot render as written. */
export function unrenderableKeyword(schema: unknown): string | undefined {
  if (Array.isArray(schema)) {
    for (const s of schema) {
      const found = unrenderableKeyword(s);
      if (found) return found;
    }
    return undefined;
  }
  if (!isSchema(schema)) return undefined;
  for (const [keyword, value] of Object.entries(schema)) {
    if (UNRENDERABLE.includes(keyword)) return keyword;
    const found = ONE.includes(keyword)
      ? unrenderableKeyword(value)
      : MAP.includes(keyword) && isSchema(value)
        ? unrenderableKeyword(Object.values(value))
        : undefined;
    if (found) return found;
  }
  return undefined;
}

/**
 * Serializers by their zod schema, and by the text of the JSON Schema it converts to (a route may build its
 * schema anew for each server): each server of a process (the tests build many) reuses what another compiled.
 */
const bySchema = new WeakMap<z.core.$ZodType, Serialize>();
const compiled = new Map<string, Serialize>();

function compileSerializer(schema: z.core.$ZodType, method: string, url: string): Serialize {
  const json = forSerialization(responseJsonSchema(schema, method, url));
  if (unrenderableKeyword(json) !== undefined)
    // A union fast-json-stringify cannot write by the value's type alone (two kinds of object, told apart
    // by a field), or a keyword it does not know: zod reads the answer, drops the fields its schema does
    // not name, and refuses one that breaks it, and JSON.stringify writes what zod gave back.
    return (data) => {
      const result = z.safeEncode(schema, data);
      if (!result.success) throw new Error(`${method} ${url}: the answer breaks its schema: ${result.error.message}`);
      return JSON.stringify(result.data);
    };
  const key = JSON.stringify(json);
  let serialize = compiled.get(key);
  if (!serialize) {
    // The converted schema is a JSON Schema by construction; fast-json-stringify's types want it spelled out.
    serialize = fastJsonStringify(json as fastJsonStringify.AnySchema) as Serialize;
    compiled.set(key, serialize);
  }
  return serialize;
}

const isZodSchema = (schema: unknown): schema is z.core.$ZodType => schema instanceof z.core.$ZodType;

/**
 * Answers of 2xx are written by a serializer compiled from their response schema (fast-json-stringify),
 * which writes the fields the schema names and nothing else, so that no field a handler did not mean to
 * give can leak out. Other answers (problem details) are written as they are: they are built from the
 * problem catalogue, and an error must never fail to be written.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url, httpStatus }) => {
  if (!httpStatus?.startsWith('2')) return (data) => JSON.stringify(data);
  if (!isZodSchema(schema)) throw new Error(`${method} ${url}: the ${httpStatus} answer needs a zod schema`);
  // Compiled on the route's first answer, not when the server starts: converting and compiling the schemas of
  // every route takes a few tenths of a second, which each server of the tests would pay for the few routes it
  // calls. test/api.contract.test.ts has every route answer, so that a schema that cannot compile fails there.
  let serialize = bySchema.get(schema);
  return (data) => {
    if (!serialize) {
      serialize = compileSerializer(schema, method, url);
      bySchema.set(schema, serialize);
    }
    return serialize(data);
  };
};
