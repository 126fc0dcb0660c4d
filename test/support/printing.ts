import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Whether poppler's pdftotext is installed, to read printed PDFs back as text. */
export function pdftotextAvailable(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether documents can be printed and read back here: Chromium prints them, pdftotext reads them.
 * On CI they must be, so that the document tests never pass there by being skipped.
 */
export function printingAvailable(): boolean {
  const printable = pdftotextAvailable() && existsSync('/usr/bin/chromium');
  if (process.env.CI && !printable) throw new Error('CI needs chromium and poppler-utils for the document tests');
  return printable;
}
