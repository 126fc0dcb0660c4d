import type { ProgrammeTraceJson } from '../../../src/domain/programme-trace.js';
import { answer, client } from './client.js';

export type ProgrammeTrace = ProgrammeTraceJson;

/** The record graph's call, loaded with its page only: sign-in and the dashboard do not carry it. */
export const traceApi = {
  programmeTrace: (id: string, query: { on?: string | undefined; currency?: string | undefined } = {}) =>
    answer(client.GET('/api/programmes/{id}/trace', { params: { path: { id }, query } })),
};
