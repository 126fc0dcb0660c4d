import type { Language } from '../i18n/index.js';
import { answer, client } from './client.js';

/**
 * The partners' records received here (read-only copies) and the approvals of plans across the
 * exchange: loaded with the received plans' pages and the plan page's partner approvals only.
 */
export const receivedApi = {
  /**
   * A page of the partners' records of one kind the reader may read, each marked locally with the originator's
   * marking in brackets; `cursor`, the `nextCursor` of the page before, reads the next one.
   */
  received: (kind: 'plan' | 'activity' | 'follow_up', lang: Language, cursor?: string) =>
    answer(client.GET('/api/exchange/received', { params: { query: { kind, lang, ...(cursor ? { cursor } : {}) } } })),
  /** A partner's plan received here, with its activities and their follow-ups the reader may read; 404 for one not readable. */
  /** A page of its activities (by reference code) with their follow-ups; `cursor` reads the page after. */
  plan: (planId: string, lang: Language, from?: string, cursor?: string) =>
    answer(
      client.GET('/api/exchange/received/plans/{id}', {
        params: { path: { id: planId }, query: { lang, limit: 200, ...(from ? { from } : {}), ...(cursor ? { cursor } : {}) } },
      }),
    ),
  /** The approvals of a plan given across the exchange, and whether the reader may approve its current version here. */
  partnerApprovals: (planId: string, lang: Language, from?: string) =>
    answer(
      client.GET('/api/plans/{id}/partner-approvals', {
        params: { path: { id: planId }, query: { lang, ...(from ? { from } : {}) } },
      }),
    ),
  /** This party's approval of a partner's plan received here (from the installation `from`), of the version read. */
  approve: (planId: string, version: number, from?: string) =>
    answer(
      client.POST('/api/plans/{id}/partner-approval', {
        params: { path: { id: planId }, query: from ? { from } : {} },
        body: { version },
      }),
    ),
};

export type ReceivedRecord = Awaited<ReturnType<typeof receivedApi.received>>['items'][number];
export type PlanPartnerApprovals = Awaited<ReturnType<typeof receivedApi.partnerApprovals>>;
