import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where Debian puts Chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export class PdfUnavailableError extends Error {}

let browser: Promise<Browser> | undefined;

/** One headless Chromium per process, started on the first document and reused. */
function sharedBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new PdfUnavailableError(`PDF documents need Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-core)`);
  browser ??= chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    })
    .catch((err) => {
      browser = undefined;
      throw err;
    });
  return browser;
}

export async function closePdfRenderer() {
  const b = browser;
  browser = undefined;
  if (b) await (await b).close();
}

const band = (text: string, dir: string) =>
  `<div dir="${dir}" style="width:100%;font-family:'Noto Sans','Noto Sans Arabic','Noto Sans Hebrew',sans-serif;font-size:8px;font-weight:700;letter-spacing:.05em;text-align:center;color:#1f2933;">${text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')}</div>`;

/**
 * Prints an HTML page to PDF in Chromium, with the classification marking at
 * the top and bottom of every page and the page number beside it.
 */
export async function printPdf(html: string, opts: { marking: string; rtl: boolean }): Promise<Buffer> {
  const context = await (await sharedBrowser()).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    const dir = opts.rtl ? 'rtl' : 'ltr';
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: band(opts.marking, dir),
      footerTemplate: `<div style="width:100%">${band(opts.marking, dir)}<div style="font-size:7px;text-align:center;color:#7b8794;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div></div>`,
    });
  } finally {
    await context.close();
  }
}
