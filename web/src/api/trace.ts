import type { ProgrammeTraceJson, TraceClaimsJson } from '../../../src/domain/programme-trace.js';
import { answer, client } from './client.js';

export type ProgrammeTrace = ProgrammeTraceJson;
export type TraceClaims = TraceClaimsJson;

/** The record graph's call, loaded with its page only: sign-in and the dashboard do not carry it. */
export const traceApi = {
  programmeTrace: (id: string, query: { on?: string | undefined; currency?: string | undefined } = {}) =>
    answer(client.GET('/api/programmes/{id}/trace', { params: { path: { id }, query } })),
  /** A page of the claims the trace adds up, against one obligation or from one project. */
  claims: (id: string, query: { on?: string; obligationId?: string; projectId?: string; cursor?: string; limit?: number } = {}) =>
    answer(client.GET('/api/programmes/{id}/trace/claims', { params: { path: { id }, query } })),
};
