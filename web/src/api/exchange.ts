import { answer, client } from './client.js';

const BUNDLE = 'application/vnd.jointplan.bundle';

/** The exchange's calls, loaded with its page only: sign-in and the dashboard do not carry them. */
export const exchangeApi = {
  overview: () => answer(client.GET('/api/exchange/overview')),
  /** The next bundle for a partner, as the file the server makes (and records as sent), with the name it gives it. */
  exportBundle: async (to: string) => {
    const sent = client.POST('/api/exchange/bundles', { params: { query: { to } }, parseAs: 'blob' });
    const blob: Blob = await answer(sent);
    const { headers } = (await sent).response;
    return {
      blob,
      filename: /filename="([^"]+)"/.exec(headers.get('content-disposition') ?? '')?.[1] ?? `${to}.bundle`,
      sequence: headers.get('x-bundle-sequence') ?? '',
    };
  },
  /** Applies a partner's bundle, sent as the body; answers what became of each record. */
  importBundle: (file: Blob) =>
    answer(
      client.POST('/api/exchange/bundles/import', {
        headers: { 'content-type': BUNDLE },
        // The route reads the bundle as the raw body, which its schema does not describe: it is set on the request.
        middleware: [{ onRequest: ({ request }) => new Request(request, { body: file }) }],
      }),
    ),
  /** What an import did with the records after the ones its report (or the page before) gave. */
  importedRecords: (bundleId: string, cursor: string) =>
    answer(
      client.GET('/api/exchange/bundles/received/{id}/records', {
        params: { path: { id: bundleId }, query: { cursor, limit: 500 } },
      }),
    ),
  releaseRecordHref: (bundleId: string, lang: string) =>
    `/api/exchange/bundles/${encodeURIComponent(bundleId)}/release-record.pdf?lang=${lang}`,
};

export type ExchangeOverview = Awaited<ReturnType<typeof exchangeApi.overview>>;
export type ImportReport = Awaited<ReturnType<typeof exchangeApi.importBundle>>;
