import { describe, expect, it, vi } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { expectAccessible, interpolate, POLL, shot, signedInSuite } from './helpers.js';

vi.setConfig({ testTimeout: 90_000 });

/** Watching an activity and giving an address for e-mailed notifications, as MAR's planner. */
describe.skipIf(!browserAvailable())('web app: watchers and the e-mail address in Chromium', () => {
  const suite = signedInSuite();

  it('watches an activity from its page, sees itself among its watchers after a reload, and stops', async () => {
    const { page } = suite;
    const [plan] = (await (await page.request.get('/api/plans')).json()).items;
    const [activity] = (await (await page.request.get(`/api/plans/${plan.id}/activities?limit=1`)).json()).items;
    await page.goto(`/activities/${activity.id}`);
    const watch = page.getByRole('button', { name: fr.watch.start });
    await watch.waitFor(POLL);
    await watch.click();
    const stop = page.getByRole('button', { name: fr.watch.stop });
    await stop.waitFor(POLL);
    const count = page.locator('.watch-count');
    await expect.poll(() => count.textContent(), POLL).toContain(interpolate(fr.watch.count, { n: 1, names: '' }).trim());
    await page.reload();
    await page.getByRole('button', { name: fr.watch.stop }).waitFor(POLL);
    const watchers = await (await page.request.get(`/api/activities/${activity.id}/watchers`)).json();
    expect(watchers).toMatchObject({ watching: true, items: [{ username: 'mar.planner' }] });
    await expectAccessible(page);
    await shot(page, 'activity-watch');
    await page.getByRole('button', { name: fr.watch.stop }).click();
    await page.getByRole('button', { name: fr.watch.start }).waitFor(POLL);
    await expect.poll(() => count.textContent(), POLL).toBe(fr.watch.nobody);
  });

  it('gives an e-mail address for notifications on the account page, refusing one that is not', async () => {
    const { page } = suite;
    await page.goto('/admin');
    const field = page.getByLabel(fr.emailAddress.label, { exact: true });
    await field.waitFor(POLL);
    await field.fill('pas une adresse');
    await page.getByRole('button', { name: fr.emailAddress.save }).click();
    await page.locator('.field-error').first().waitFor(POLL);
    await field.fill('planner@mar.example');
    await page.getByRole('button', { name: fr.emailAddress.save }).click();
    await page.getByText(fr.emailAddress.saved).waitFor(POLL);
    await page.reload();
    await expect
      .poll(() => page.getByLabel(fr.emailAddress.label, { exact: true }).inputValue(), POLL)
      .toBe('planner@mar.example');
    expect(await (await page.request.get('/api/me/email')).json()).toEqual({ email: 'planner@mar.example' });
  });

  it('watches an action item from the commission’s board', async () => {
    const { page } = suite;
    const [commission] = (await (await page.request.get('/api/commissions')).json()).items;
    const [item] = (await (await page.request.get(`/api/commissions/${commission.id}/action-items`)).json()).items;
    await page.goto(`/commissions/${commission.id}/action-items`);
    const watch = page.getByRole('button', { name: interpolate(fr.watch.startOf, { title: item.title }), exact: true });
    await watch.click();
    await page.getByRole('button', { name: interpolate(fr.watch.stopOf, { title: item.title }), exact: true }).waitFor(POLL);
    expect(await (await page.request.get(`/api/action-items/${item.id}/watchers`)).json()).toMatchObject({
      watching: true,
      items: [{ username: 'mar.planner' }],
    });
    await expectAccessible(page);
  });
});
