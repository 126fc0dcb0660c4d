import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { offsetReportDocument } from '../../app/offset-report.usecases.js';
import { DOCUMENT_LANGUAGES } from '../../domain/document.model.js';
import { currencyCodeSchema } from '../../domain/money.js';
import { isoDateSchema } from '../../domain/period.js';
import { pdfReport } from './document.routes.js';

// Rendering loads on the first report asked for, as for the other documents.
const renderer = () => import('../../documents/offset-report.js');

const query = z
  .object({
    lang: z.enum(DOCUMENT_LANGUAGES).default('fr').describe('Language of the document'),
    on: isoDateSchema.optional().describe('The ledger as of the end of this day; today by default'),
    currency: currencyCodeSchema.optional().describe("The ledger's currency; by default the obligations' own"),
  })
  .strict();

/** The industrial-participation report of a programme's contract, as PDF. */
export const offsetReportRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/programmes/:id/offset-report.pdf',
      pdfReport(
        {
          summary: "The industrial-participation report of a programme's contract, as the reader may read it",
          description:
            'The participation the selected offer promised (local share, jobs, sites, technology transfer), the offset obligations the contract lays, the ledger as of `on` (as GET /offset-ledger?contract=), every credit claim with its category, source, multiplier, credit claimed and granted, status, evidence and reason of refusal, and the industrial projects linked to the programme, each as the reader may read it: what one may not read is absent. Marked on every page with the high-water mark of everything it shows; audited as an export.',
          querystring: query,
        },
        async (actor, id, { lang, ...ledgerQuery }) => {
          const doc = await offsetReportDocument(ctx, actor, id, ledgerQuery, lang);
          return { html: (await renderer()).renderOffsetReportHtml(doc, lang), filename: `offset-report-${id}-${lang}.pdf` };
        },
      ),
    );
  };
