import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Where Debian puts Chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export class PdfUnavailableError extends Error {}

/** Where the printer says that its Chromium stopped and is started again (the request's logger). */
export interface PrinterLog {
  warn(message: string): void;
}

let browser: Promise<Browser> | undefined;
/** Set when the running Chromium went away by itself (crash, kill, out of memory), until the next launch says so. */
let stopped = false;

/**
 * One headless Chromium per process, started on the first document and reused.
 * A Chromium that dies is forgotten, and the next document starts another one:
 * the server prints again without a restart.
 */
function sharedBrowser(log: PrinterLog | undefined): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new PdfUnavailableError(`PDF documents need Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-core)`);
  if (browser) return browser;
  if (stopped) {
    stopped = false;
    log?.warn('the Chromium that prints documents had stopped; starting a new one');
  }
  const launching: Promise<Browser> = chromium
    .launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    })
    .then((b) => {
      b.on('disconnected', () => forget(launching));
      return b;
    })
    .catch((err) => {
      if (browser === launching) browser = undefined;
      throw err;
    });
  browser = launching;
  return launching;
}

/** Drops a Chromium that is no longer there, unless it was already replaced or closed on purpose. */
function forget(launching: Promise<Browser>) {
  if (browser !== launching) return;
  browser = undefined;
  stopped = true;
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
export async function printPdf(html: string, log?: PrinterLog): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    const launching = sharedBrowser(log);
    const b = await launching;
    let context: BrowserContext | undefined;
    try {
      context = await b.newContext({ javaScriptEnabled: false, offline: true });
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
      });
    } catch (err) {
      // Chromium died before its disconnection was noticed: print once more on a new one.
      if (attempt > 1 || b.isConnected()) throw err;
      forget(launching);
    } finally {
      await context?.close().catch(() => undefined);
    }
  }
}
