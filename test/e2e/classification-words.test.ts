// biome-ignore-all lint/performance/useDomNodeTextContent: the text a reader sees, laid out, is what these checks read, not the nodes' raw text
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import documentAr from '../../src/documents/i18n/ar.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { openBrowser, POLL, pageInLanguage } from './helpers.js';

/**
 * The Arabic screen calls a CONFIDENTIAL page by the word its printed report
 * is headed with, not by the word it once used for SECRET.
 */
describe.skipIf(!browserAvailable())('web app: the classification words in Arabic in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('heads the confidential ATMOS 2000 programme with the printed report’s word', async () => {
    const { context, page } = await pageInLanguage(browser, server, 'isr.viewer', 'ar');
    try {
      const list = (await (await page.request.get('/api/programmes?limit=500')).json()) as {
        items: { id: string; classification: string; title: { en?: string } }[];
      };
      const atmos = list.items.find((p) => p.title.en?.includes('ATMOS 2000'));
      expect(atmos?.classification).toBe('CONFIDENTIAL');
      await page.goto(`/programmes/${atmos?.id}`);
      const banner = page.locator('.page-banner.level-CONFIDENTIAL').first();
      await banner.waitFor(POLL);
      const text = await banner.innerText();
      expect(text).toContain(documentAr.level.CONFIDENTIAL);
      expect(text).not.toContain('مكتوم');
      expect(text).not.toContain(documentAr.level.SECRET);
      mkdirSync('/tmp/shots', { recursive: true });
      await page.screenshot({ path: '/tmp/shots/classification-words-ar.png' });
    } finally {
      await context.close();
    }
  }, 90_000);
});
