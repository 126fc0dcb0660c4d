import { describe, expect, it, vi } from 'vitest';
import ar from '../../web/src/i18n/bulk-edit/ar.json' with { type: 'json' };
import en from '../../web/src/i18n/bulk-edit/en.json' with { type: 'json' };
import fr from '../../web/src/i18n/bulk-edit/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/bulk-edit/he.json' with { type: 'json' };
import { activityInput, yearPlanInput } from '../support/fixtures.js';
import { browserAvailable } from './browser.js';
import { apiOk, browserSuite, POLL, pageInLanguage } from './helpers.js';

vi.setConfig({ testTimeout: 180_000 });

const LANGUAGES = { fr, en, ar, he } as const;
type Lang = keyof typeof LANGUAGES;
interface Row {
  id: string;
  refCode: string;
  status: string;
  ownerParty: string;
  version: number;
}
/** Statuses a postponement may leave, as the lifecycle says. */
const POSTPONABLE = ['planned', 'scheduled', 'postponed'];

/** A planner selects three activities with a click and a shift-click, postpones them with one reason, and reads the report. */
describe.skipIf(!browserAvailable())('web app: bulk edit of the activity table', () => {
  const suite = browserSuite();

  it.each(Object.keys(LANGUAGES) as Lang[])('postpones three with one reason and shows the one refused, in %s', async (lang) => {
    const tx = LANGUAGES[lang].bulk;
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', lang);
    try {
      const plans = (await (await page.request.get('/api/plans')).json()).items as { id: string; status: string }[];
      const plan = plans.find((p) => p.status === 'in_execution');
      if (!plan) throw new Error('The demo has no plan in execution');
      const list = async () => (await (await page.request.get(`/api/plans/${plan.id}/activities?limit=3`)).json()).items as Row[];
      // The second of the table's first three is cancelled first when it could still be postponed, so that the postponement refuses it.
      let [, second] = await list();
      if (!second) throw new Error('The plan has fewer than three activities');
      if (second.status === 'proposed' || POSTPONABLE.includes(second.status)) {
        const moved = await page.request.post(`/api/activities/${second.id}/transitions`, {
          data: { to: 'cancelled', reason: 'Annulée avant le report groupé', version: second.version },
        });
        expect(moved.status(), await moved.text()).toBe(200);
      }
      const rows = await list();
      second = rows[1] as Row;
      const postponable = rows.filter((r) => r.ownerParty === 'MAR' && POSTPONABLE.includes(r.status)).map((r) => r.id);
      const expectedApplied = postponable.length;
      expect(postponable).not.toContain(second.id);
      expect(expectedApplied).toBeGreaterThan(0);

      await page.goto(`/plans/${plan.id}`);
      expect(await page.evaluate(() => document.documentElement.dir)).toBe(lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr');
      const table = page.locator('.activities');
      const box = (r: Row) => table.getByRole('checkbox', { name: tx.select.replace('{{ref}}', r.refCode), exact: true });
      await box(rows[0] as Row).waitFor(POLL);
      await box(rows[0] as Row).click();
      await box(rows[2] as Row).click({ modifiers: ['Shift'] });
      const bar = page.getByRole('region', { name: tx.label });
      await expect.poll(() => bar.locator('.bulk-count').textContent(), POLL).toBe(tx.selected.replace('{{count}}', '3'));
      for (const r of rows) expect(await box(r).isChecked()).toBe(true);

      await bar.getByRole('combobox', { name: tx.action }).selectOption('postpone');
      await bar.getByRole('spinbutton', { name: tx.months }).fill('2');
      await bar.getByRole('textbox', { name: tx.reason }).fill('Calendrier des forces');
      await bar.getByRole('button', { name: tx.apply, exact: true }).click();
      const report = bar.getByRole('status');
      await expect
        .poll(() => report.locator('p').textContent(), POLL)
        .toBe(tx.report.replace('{{applied}}', String(expectedApplied)).replace('{{refused}}', String(3 - expectedApplied)));
      const refused = await report.getByRole('listitem').allInnerTexts();
      expect(refused.some((line) => line.startsWith(second.refCode))).toBe(true);

      // What the report says applied is so in the records.
      const after = await list();
      for (const [i, r] of after.entries())
        expect(r.status, r.refCode).toBe(postponable.includes(r.id) ? 'postponed' : rows[i]?.status);
    } finally {
      await context.close();
    }
  });
  it('gives two activities of a draft plan a new lead organisation picked from the list, and the page names it', async () => {
    const tx = LANGUAGES.fr.bulk;
    const { context, page } = await pageInLanguage(suite.browser, suite.server, 'mar.planner', 'fr');
    try {
      const commission = (await apiOk(context.request, 'get', '/api/commissions')).items[0] as { id: string };
      const plan = await apiOk(context.request, 'post', '/api/plans', yearPlanInput(commission.id, 2033));
      const made: Row[] = [];
      for (const ref of ['2033-ORG-01', '2033-ORG-02'])
        made.push(await apiOk(context.request, 'post', `/api/plans/${plan.id}/activities`, activityInput(ref)));
      const organisations = (await apiOk(context.request, 'get', '/api/organisations')).items as {
        id: string;
        party: string;
        name: string;
      }[];
      const lead = organisations.find((o) => o.party === 'MAR');
      if (!lead) throw new Error('the demo has organisations of MAR');

      await page.goto(`/plans/${plan.id}`);
      const table = page.locator('.activities');
      for (const r of made) {
        const box = table.getByRole('checkbox', { name: tx.select.replace('{{ref}}', r.refCode), exact: true });
        await box.waitFor(POLL);
        await box.click();
      }
      const bar = page.getByRole('region', { name: tx.label });
      await bar.getByRole('combobox', { name: tx.action }).selectOption('reassign');
      const picker = bar.getByRole('combobox', { name: tx.organisation });
      // Nothing chosen yet besides the choice itself and "none": applying asks for a choice and changes nothing.
      await expect.poll(() => picker.locator('option').count(), POLL).toBe(organisations.length + 2);
      await bar.getByRole('button', { name: tx.apply, exact: true }).click();
      expect(await picker.evaluate((el) => (el as HTMLSelectElement).validity.valueMissing)).toBe(true);
      expect(await bar.getByRole('status').count()).toBe(0);
      await picker.selectOption({ label: lead.name });
      await bar.getByRole('button', { name: tx.apply, exact: true }).click();
      await expect
        .poll(() => bar.getByRole('status').locator('p').textContent(), POLL)
        .toBe(tx.report.replace('{{applied}}', '2').replace('{{refused}}', '0'));
      for (const r of made)
        expect((await apiOk(context.request, 'get', `/api/activities/${r.id}`)).leadOrganisationId).toBe(lead.id);

      await page.goto(`/activities/${made[0]?.id}`);
      await page.getByText(`${lead.name} (MAR)`).waitFor(POLL);
    } finally {
      await context.close();
    }
  });
});
