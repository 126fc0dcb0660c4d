import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Actor, AppContext } from '../app/context.js';
import { listOf } from '../domain/common.schema.js';
import { requireActor } from './auth.js';
import { errorResponses, idParams, ifMatchVersion, sendRecord } from './http.js';

// Most writes of the API hand one use case the caller and the valid body, and
// answer the record it gives back with its version as the ETag. These build
// such a route's schema and handler from what differs: its words in the
// OpenAPI document, its body, its answer and the use case.

/** What the OpenAPI document says of a route: its group, and what it does in a line (and more, if need be). */
export interface RouteDoc {
  tags: string[];
  summary: string;
  description?: string;
}

type Spec<Body, Answer> = RouteDoc & { body: Body; answer: Answer };

/** A request whose route's schema has validated its body (and its path, when the route has an `:id`). */
type Valid<Body extends z.ZodType> = FastifyRequest & { body: z.output<Body> };

/**
 * A write on the record its path's `:id` names, or under it: the use case gets
 * the caller, the id, the body and the request (for its headers); 201 when `created`.
 */
export function recordWrite<Body extends z.ZodType, Answer extends z.ZodType<{ version: number }>>(
  { body, answer, created = false, ...doc }: Spec<Body, Answer> & { created?: boolean },
  run: (actor: Actor, id: string, input: z.output<Body>, req: FastifyRequest) => Promise<z.output<Answer>>,
) {
  const status = created ? 201 : 200;
  return {
    schema: { ...doc, params: idParams, body, response: { [status]: answer, ...errorResponses } },
    handler: async (req: Valid<Body> & { params: z.output<typeof idParams> }, reply: FastifyReply) =>
      sendRecord(reply, await run(requireActor(req), req.params.id, req.body, req), status),
  };
}

/** The creation of a record that belongs to no other: the use case gets the caller and the body; answers 201. */
export function recordCreate<Body extends z.ZodType, Answer extends z.ZodType<{ version: number }>>(
  { body, answer, ...doc }: Spec<Body, Answer>,
  run: (actor: Actor, input: z.output<Body>) => Promise<z.output<Answer>>,
) {
  return {
    schema: { ...doc, body, response: { 201: answer, ...errorResponses } },
    handler: async (req: Valid<Body>, reply: FastifyReply) => sendRecord(reply, await run(requireActor(req), req.body), 201),
  };
}

/** The record its path's `:id` names, as the use case `read` answers it to the caller. */
export function recordRead<Answer extends z.ZodType<{ version: number }>>(
  { answer, ...doc }: RouteDoc & { answer: Answer },
  ctx: AppContext,
  read: (ctx: AppContext, actor: Actor, id: string) => Promise<z.output<Answer>>,
) {
  return {
    schema: { ...doc, params: idParams, response: { 200: answer, ...errorResponses } },
    handler: async (req: FastifyRequest & { params: z.output<typeof idParams> }, reply: FastifyReply) =>
      sendRecord(reply, await read(ctx, requireActor(req), req.params.id)),
  };
}

/** The server a route file registers its routes on. */
type Routes = Parameters<FastifyPluginAsyncZod>[0];

/** A page of records, as `listOf` describes it. */
type Page<Item extends z.ZodType> = z.output<ReturnType<typeof listOf<Item>>>;

/** What a use case gets of the query string: the query its route's schema has validated, or nothing if it has none. */
const validQuery = <Query extends z.ZodType>(query: Query | undefined, req: FastifyRequest) =>
  (query ? req.query : undefined) as z.output<Query>;

/**
 * The three routes most resources start with, registered in this order: the page of records the caller may read
 * at `path`, filtered by `list.query` when there is one; the creation of a record there (`recordCreate`); and the
 * read of one at `path/:id` (`recordRead`). Each use case gets the context and the caller first.
 */
export function recordCollection<
  Body extends z.ZodType,
  Answer extends z.ZodType<{ version: number }>,
  Query extends z.ZodType = z.ZodUndefined,
>(
  app: Routes,
  ctx: AppContext,
  {
    path,
    tags,
    answer,
    list,
    create,
    read,
  }: {
    path: string;
    tags: string[];
    answer: Answer;
    list: Omit<RouteDoc, 'tags'> & {
      query?: Query;
      run: (ctx: AppContext, actor: Actor, query: z.output<Query>) => Promise<Page<Answer>>;
    };
    create: Omit<RouteDoc, 'tags'> & {
      body: Body;
      run: (ctx: AppContext, actor: Actor, input: z.output<Body>) => Promise<z.output<Answer>>;
    };
    read: Omit<RouteDoc, 'tags'> & { run: (ctx: AppContext, actor: Actor, id: string) => Promise<z.output<Answer>> };
  },
) {
  const { query, run: listRun, ...listDoc } = list;
  const { run: createRun, ...createDoc } = create;
  const { run: readRun, ...readDoc } = read;
  app.get(path, {
    schema: { tags, ...listDoc, ...(query && { querystring: query }), response: { 200: listOf(answer), ...errorResponses } },
    handler: (req: FastifyRequest) => listRun(ctx, requireActor(req), validQuery(query, req)),
  });
  // Typed where they are built: the type provider cannot follow a body schema that is still a type parameter here.
  app.post(path, recordCreate({ tags, ...createDoc, answer }, (actor, input) => createRun(ctx, actor, input)) as never);
  app.get(`${path}/:id`, recordRead({ tags, ...readDoc, answer }, ctx, readRun) as never);
}

/**
 * What the use case `run` answers of the record its path's `:id` names, other than that record (counts of a plan's
 * activities), as plain JSON without an ETag: it gets the caller, the id and the valid `query`, when the route has one.
 */
export function recordView<Answer extends z.ZodType, Query extends z.ZodType = z.ZodUndefined>(
  { answer, query, ...doc }: RouteDoc & { answer: Answer; query?: Query },
  ctx: AppContext,
  run: (ctx: AppContext, actor: Actor, id: string, query: z.output<Query>) => Promise<z.output<Answer>>,
) {
  return {
    schema: { ...doc, params: idParams, ...(query && { querystring: query }), response: { 200: answer, ...errorResponses } },
    handler: (req: FastifyRequest & { params: z.output<typeof idParams> }) =>
      run(ctx, requireActor(req), req.params.id, validQuery(query, req)),
  };
}

/**
 * The records under the one its path's `:id` names (a plan's objectives, a session's agenda), as the use case
 * `list` answers them to the caller, filtered by the valid `query` when the route has one (a plan's activities),
 * after its change when the route writes (preparing an agenda).
 */
export function recordsUnder<Item extends z.ZodType, Query extends z.ZodType = z.ZodUndefined>(
  { item, ...spec }: RouteDoc & { item: Item; query?: Query },
  ctx: AppContext,
  list: (ctx: AppContext, actor: Actor, id: string, query: z.output<Query>) => Promise<Page<Item>>,
) {
  return recordView({ ...spec, answer: listOf(item) }, ctx, list);
}

/**
 * A write on the record its path names or on a part of it (an offer, a milestone), whose path may name more than
 * the record's `:id`, with or without a body: the use case gets the caller, the path's params, the body and the
 * If-Match version, and answers the whole record, its version as the ETag; 201 when `created`.
 */
export function recordPartWrite<
  Params extends z.ZodType,
  Answer extends z.ZodType<{ version: number }>,
  Body extends z.ZodType = z.ZodUndefined,
>(
  {
    params,
    body,
    answer,
    created = false,
    ...doc
  }: RouteDoc & { params: Params; body?: Body; answer: Answer; created?: boolean },
  run: (w: {
    actor: Actor;
    params: z.output<Params>;
    body: z.output<Body>;
    ifMatch: () => number | undefined;
  }) => Promise<z.output<Answer>>,
) {
  const status = created ? 201 : 200;
  return {
    schema: { ...doc, params, ...(body ? { body } : {}), response: { [status]: answer, ...errorResponses } },
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const w = {
        actor: requireActor(req),
        params: req.params as z.output<Params>,
        body: req.body as z.output<Body>,
        ifMatch: () => ifMatchVersion(req),
      };
      return sendRecord(reply, await run(w), status);
    },
  };
}
