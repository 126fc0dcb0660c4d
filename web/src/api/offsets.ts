import type { z } from 'zod';
import type { ClaimMoveInput, claimCreateSchema, Obligation, obligationCreateSchema } from '../../../src/domain/offset.schema.js';
import { answer, client } from './client.js';

type ObligationCreate = z.input<typeof obligationCreateSchema>;
type ClaimCreate = z.input<typeof claimCreateSchema>;

const id = (value: string) => ({ params: { path: { id: value } } });

/** The ledger's scope and day, as the address and the API both say them. */
export interface LedgerScope {
  contract?: string;
  party?: string;
  on?: string;
  currency?: string;
}

/**
 * The calls only the offsets page makes, loaded with it and not with the
 * sign-in and the dashboard.
 */
export const offsetApi = {
  /**
   * Every obligation of the scope the reader may read, page after page: the
   * page's contract and party pickers and the ledger's titles need them all.
   */
  obligations: async (query: { programmeId?: string; party?: string }) => {
    const items: Obligation[] = [];
    let cursor: string | undefined;
    do {
      const page = await answer(client.GET('/api/offset-obligations', { params: { query: { ...query, limit: 500, cursor } } }));
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return { items, nextCursor: null };
  },
  claims: (obligationId: string) => answer(client.GET('/api/offset-obligations/{id}/claims', id(obligationId))),
  ledger: (query: LedgerScope) => answer(client.GET('/api/offset-ledger', { params: { query } })),
  createObligation: (input: ObligationCreate) => answer(client.POST('/api/offset-obligations', { body: input })),
  createClaim: (obligationId: string, input: ClaimCreate) =>
    answer(client.POST('/api/offset-obligations/{id}/claims', { ...id(obligationId), body: input })),
  moveClaim: (claimId: string, input: ClaimMoveInput) =>
    answer(client.POST('/api/offset-claims/{id}/move', { ...id(claimId), body: input })),
};

const queryOf = (q: Record<string, string | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  return params.toString();
};

/** The ledger's workbook, for the same scope and day, headed in the reader's language. */
export const ledgerWorkbookHref = (scope: LedgerScope, lang: string) => `/api/offset-ledger.xlsx?${queryOf({ ...scope, lang })}`;

/** The industrial-participation report of a contract, in a language, its ledger as of a day. */
export const offsetReportHref = (programmeId: string, lang: string, scope: LedgerScope) =>
  `/api/programmes/${programmeId}/offset-report.pdf?${queryOf({ lang, on: scope.on, currency: scope.currency })}`;
