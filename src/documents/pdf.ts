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

/**
 * Prints a document's HTML page to PDF in Chromium. The page carries its own
 * print layout (size, margins, and the marking and page number in its margin
 * boxes), so the same HTML prints the same from a browser.
 */
export async function printPdf(html: string): Promise<Buffer> {
  const context = await (await sharedBrowser()).newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
  } finally {
    await context.close();
  }
}
