import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import he from '../../web/src/i18n/he.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import { browserAvailable, type RunningServer } from './browser.js';
import { DEMO_PASSWORD, expectAccessible, interpolate, openBrowser, POLL, shot, signedInPage, signIn } from './helpers.js';

// Each flow drives two browser pages through several round trips; on a busy shared machine that takes a while.
vi.setConfig({ testTimeout: 90_000 });

/** The administration page of the demo's MAR administrator: API tokens, the party's users, one's own password. */
describe.skipIf(!browserAvailable())('web app: administration in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  const newContext = () => browser.newContext({ locale: 'fr-FR', viewport: { width: 1366, height: 900 }, baseURL: server.url });
  const usersTable = () => page.locator('.users-table');
  const rowOf = (username: string) => usersTable().locator('tbody tr', { hasText: username });
  const editForm = (username: string) =>
    page.getByRole('form', { name: interpolate(fr.admin.editUser, { username }), exact: true });

  beforeAll(async () => {
    ({ server, browser } = await openBrowser());
    ({ page } = await signedInPage(browser, server));
    await page.getByRole('link', { name: fr.nav.admin }).click();
    await page.getByRole('heading', { level: 1, name: fr.admin.title }).waitFor();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists one’s tokens and revokes one after confirming; it is refused at once', async () => {
    await page.getByLabel(fr.admin.tokenName).fill('Export nocturne');
    await page.getByRole('button', { name: fr.admin.createToken }).click();
    const token = await page.getByLabel(fr.admin.tokenValue).inputValue();
    const row = page.locator('.token-table tbody tr', { hasText: 'Export nocturne' });
    await row.waitFor(POLL);
    await expect.poll(() => row.locator('td').nth(2).textContent(), POLL).toBe(fr.admin.tokenNeverUsed);
    const me = () => page.request.get('/api/me', { headers: { authorization: `Bearer ${token}`, cookie: '' } });
    expect((await me()).status()).toBe(200);

    await row.getByRole('button', { name: `${fr.admin.revoke} Export nocturne` }).click();
    // Nothing happens before the confirmation; cancelling leaves the token as it was.
    await row.getByRole('button', { name: fr.admin.cancel }).click();
    expect((await me()).status()).toBe(200);
    await row.getByRole('button', { name: `${fr.admin.revoke} Export nocturne` }).click();
    await row.getByText(interpolate(fr.admin.revokeConfirm, { name: 'Export nocturne' })).waitFor();
    await expectAccessible(page);
    await shot(page, 'admin-token-revoke');
    await row.getByRole('button', { name: fr.admin.revokeYes }).click();
    await page
      .getByRole('status')
      .getByText(interpolate(fr.admin.tokenRevoked, { name: 'Export nocturne' }))
      .waitFor(POLL);
    await row.waitFor({ state: 'detached', ...POLL });
    expect((await me()).status()).toBe(401);
  });

  it('offers only what the administrator may grant, and no edit of a user beyond its clearance', async () => {
    // mar.security is TOP SECRET with INTEL: beyond the SECRET, INDUS-only administrator.
    await rowOf('mar.security').getByText(fr.admin.beyondReach).waitFor();
    expect(await rowOf('mar.security').getByRole('button').count()).toBe(0);
    const add = page.getByRole('form', { name: interpolate(fr.admin.addUser, { party: 'MAR' }) });
    expect(await add.getByRole('checkbox', { name: fr.role.security_officer }).isDisabled()).toBe(true);
    expect(await add.getByRole('checkbox', { name: fr.role.planner }).isDisabled()).toBe(false);
    const levels = add.getByLabel(fr.admin.clearance).locator('option');
    const disabled = await levels.evaluateAll((options) =>
      options.filter((o) => (o as HTMLOptionElement).disabled).map((o) => (o as HTMLOptionElement).value),
    );
    expect(disabled).toEqual(['TOP_SECRET']);
  });

  it('edits a user of the party: roles and display name at once, a clearance raise once the security officer confirms it', async () => {
    await rowOf('mar.viewer')
      .getByRole('button', { name: interpolate(fr.admin.editUser, { username: 'mar.viewer' }) })
      .click();
    const form = editForm('mar.viewer');
    await form.waitFor();
    await form.getByLabel(fr.admin.displayName).fill('Lecteur (cabinet)');
    await form.getByRole('checkbox', { name: fr.role.contributor, exact: true }).check();
    await form.getByLabel(fr.admin.clearance).selectOption('CONFIDENTIAL');
    await expectAccessible(page);
    await shot(page, 'admin-user-edit');
    await form.getByRole('button', { name: fr.admin.save }).click();
    await form.getByText(fr.admin.saved).waitFor(POLL);
    const awaiting = interpolate(fr.admin.raiseAwaiting, { what: fr.classification.CONFIDENTIAL });
    await form.getByText(awaiting).waitFor(POLL);
    const row = rowOf('mar.viewer');
    await row.getByText('Lecteur (cabinet)').waitFor(POLL);
    await expect.poll(() => row.textContent(), POLL).toContain(fr.role.contributor);
    // Until the security officer confirms, the user keeps the clearance it had.
    expect(await row.textContent()).toContain(fr.classification.RESTRICTED);
    expect(await row.textContent()).toContain(interpolate(fr.admin.raisePending, { what: fr.classification.CONFIDENTIAL }));
    await form.getByRole('button', { name: fr.admin.close }).click();

    const theirs = await newContext();
    try {
      const officer = await theirs.newPage();
      await officer.goto('/');
      await signIn(officer, 'mar.security');
      await officer.getByRole('link', { name: fr.nav.admin }).click();
      const raises = officer.locator('.raises-table tbody tr', { hasText: 'mar.viewer' });
      await raises.waitFor(POLL);
      expect(await raises.textContent()).toContain('mar.planner');
      await expectAccessible(officer);
      await shot(officer, 'admin-raise-confirm');
      await raises.getByRole('button', { name: fr.admin.confirmRaise }).click();
      await officer
        .getByRole('status')
        .getByText(interpolate(fr.admin.raiseConfirmed, { username: 'mar.viewer' }))
        .waitFor(POLL);
      await officer.getByText(fr.admin.noRaises).waitFor(POLL);
    } finally {
      await theirs.close();
    }
    await page.reload();
    await page.getByRole('heading', { level: 1, name: fr.admin.title }).waitFor();
    await expect.poll(() => rowOf('mar.viewer').textContent(), POLL).toContain(fr.classification.CONFIDENTIAL);
  });

  it('shows the API’s refusal next to the field: an administrator cannot change their own roles', async () => {
    await rowOf('mar.planner')
      .getByRole('button', { name: interpolate(fr.admin.editUser, { username: 'mar.planner' }) })
      .click();
    const form = editForm('mar.planner');
    await form.getByRole('checkbox', { name: fr.role.admin, exact: true }).uncheck();
    await form.getByRole('button', { name: fr.admin.save }).click();
    const roles = form.getByRole('group', { name: fr.admin.roles });
    await roles.locator('.field-error').waitFor(POLL);
    // In the reader's language, not the API's English detail.
    expect(await roles.locator('.field-error').textContent()).toBe(frProblems.user.own_roles);
    // No password reset for oneself here: that is the "change my password" form.
    expect(await page.getByRole('form', { name: fr.admin.resetPassword }).count()).toBe(0);
    await form.getByRole('button', { name: fr.admin.close }).click();
    expect(await rowOf('mar.planner').textContent()).toContain(fr.role.admin);
  });

  it('says when another administrator changed the user meanwhile, and reapplies the change to the newer version', async () => {
    await rowOf('mar.viewer')
      .getByRole('button', { name: interpolate(fr.admin.editUser, { username: 'mar.viewer' }) })
      .click();
    const form = editForm('mar.viewer');
    await form.getByLabel(fr.admin.displayName).fill('Lecteur (état-major)');
    // Someone else changes the same user meanwhile.
    const users = (await (await page.request.get('/api/users')).json()) as {
      items: { id: string; username: string; version: number }[];
    };
    const viewer = users.items.find((u) => u.username === 'mar.viewer');
    if (!viewer) throw new Error('mar.viewer not listed');
    const other = await page.request.patch(`/api/users/${viewer.id}`, {
      data: { clearance: 'RESTRICTED', version: viewer.version },
    });
    expect(other.status()).toBe(200);
    await form.getByRole('button', { name: fr.admin.save }).click();
    await form.getByRole('button', { name: fr.admin.reapply }).waitFor(POLL);
    await shot(page, 'admin-user-conflict');
    await form.getByRole('button', { name: fr.admin.reapply }).click();
    await form.getByText(fr.admin.saved).waitFor(POLL);
    const row = rowOf('mar.viewer');
    await row.getByText('Lecteur (état-major)').waitFor(POLL);
    // Both changes hold: the other administrator's clearance and this one's name.
    expect(await row.textContent()).toContain(fr.classification.RESTRICTED);
    await form.getByRole('button', { name: fr.admin.close }).click();
  });

  it('deactivates a user, whose open page is signed out and who cannot sign in, then reactivates them', async () => {
    const theirs = await newContext();
    try {
      const viewer = await theirs.newPage();
      await viewer.goto('/');
      await signIn(viewer, 'mar.viewer');
      const created = await viewer.request.post('/api/tokens', { data: { name: 'Script du lecteur' } });
      expect(created.status()).toBe(201);
      const token = ((await created.json()) as { token: string }).token;
      const theirMe = () => viewer.request.get('/api/me', { headers: { authorization: `Bearer ${token}`, cookie: '' } });
      expect((await theirMe()).status()).toBe(200);

      await rowOf('mar.viewer')
        .getByRole('button', { name: interpolate(fr.admin.editUser, { username: 'mar.viewer' }) })
        .click();
      const form = editForm('mar.viewer');
      // The administrator revokes the user's token from the user's own section.
      const tokens = page.getByRole('region', { name: interpolate(fr.admin.userTokens, { username: 'mar.viewer' }) });
      const row = tokens.locator('tr', { hasText: 'Script du lecteur' });
      await row.getByRole('button', { name: `${fr.admin.revoke} Script du lecteur` }).click();
      await row.getByRole('button', { name: fr.admin.revokeYes }).click();
      await tokens.getByText(interpolate(fr.admin.tokenRevoked, { name: 'Script du lecteur' })).waitFor(POLL);
      expect((await theirMe()).status()).toBe(401);
      // Their session is another matter: it goes on until the account is deactivated.
      await form.getByRole('checkbox', { name: fr.admin.activeLabel }).uncheck();
      await form.getByRole('button', { name: fr.admin.save }).click();
      await form.getByText(fr.admin.saved).waitFor(POLL);
      await rowOf('mar.viewer').getByText(fr.admin.inactive).waitFor(POLL);

      // Their session ended at once: the next page they open asks them to sign in, and signing in fails.
      await viewer.getByRole('link', { name: fr.nav.account }).click();
      await viewer.getByLabel(fr.signIn.username).waitFor(POLL);
      await viewer.getByLabel(fr.signIn.username).fill('mar.viewer');
      await viewer.getByLabel(fr.signIn.password).fill(DEMO_PASSWORD);
      await viewer.getByRole('button', { name: fr.signIn.submit }).click();
      await viewer.getByRole('alert').getByText(fr.signIn.failed).waitFor(POLL);
      expect(await viewer.getByRole('heading', { level: 1, name: fr.dashboard.title }).count()).toBe(0);

      await form.getByRole('checkbox', { name: fr.admin.activeLabel }).check();
      await form.getByRole('button', { name: fr.admin.save }).click();
      await rowOf('mar.viewer').getByText(fr.admin.active, { exact: true }).waitFor(POLL);
      await viewer.getByRole('button', { name: fr.signIn.submit }).click();
      // Back where they were going.
      await viewer.getByRole('heading', { level: 1, name: fr.admin.accountTitle }).waitFor(POLL);
      await form.getByRole('button', { name: fr.admin.close }).click();
    } finally {
      await theirs.close();
    }
  });

  it('names the page Administration only to those who administer something; a viewer finds their own account there', async () => {
    const theirs = await newContext();
    try {
      const nav = (p: Page) => p.getByRole('navigation', { name: fr.layout.navigation });
      const viewer = await theirs.newPage();
      await viewer.goto('/');
      await signIn(viewer, 'usa.viewer');
      await nav(viewer).getByRole('link', { name: fr.nav.account }).click();
      await viewer.getByRole('heading', { level: 1, name: fr.admin.accountTitle }).waitFor(POLL);
      expect(await nav(viewer).getByRole('link', { name: fr.nav.admin }).count()).toBe(0);
      expect(await viewer.getByRole('heading', { level: 1, name: fr.admin.title }).count()).toBe(0);
      // What the page offers a viewer: their own tokens, calendar address and password; nobody else's account.
      await viewer.getByLabel(fr.admin.tokenName).waitFor();
      await viewer.getByRole('form', { name: fr.admin.myPassword }).waitFor();
      expect(await viewer.locator('.users-table').count()).toBe(0);
      await viewer.getByRole('button', { name: fr.layout.signOut }).click();
      await viewer.getByLabel(fr.signIn.username).waitFor(POLL);
      await viewer.goto('/');
      // A security officer, who administers clearances and reads the audit log, is offered Administration.
      await signIn(viewer, 'mar.security');
      await nav(viewer).getByRole('link', { name: fr.nav.admin }).click();
      await viewer.getByRole('heading', { level: 1, name: fr.admin.title }).waitFor(POLL);
      expect(await nav(viewer).getByRole('link', { name: fr.nav.account }).count()).toBe(0);
    } finally {
      await theirs.close();
    }
  });

  it('changes one’s own password, with the refusal of a wrong current one shown next to its field', async () => {
    const form = page.getByRole('form', { name: fr.admin.myPassword });
    await form.getByLabel(fr.admin.currentPassword, { exact: true }).fill('pas-le-bon-1');
    await form.getByLabel(fr.admin.newPassword, { exact: true }).fill('nouveau-2026');
    await form.getByLabel(fr.admin.repeatPassword, { exact: true }).fill('nouveau-2027');
    await form.getByRole('button', { name: fr.admin.changePassword }).click();
    await form.getByText(fr.admin.passwordsDiffer).waitFor();
    await form.getByLabel(fr.admin.repeatPassword, { exact: true }).fill('nouveau-2026');
    await form.getByRole('button', { name: fr.admin.changePassword }).click();
    await form.locator('.field.has-error').first().waitFor(POLL);
    expect(await form.getByLabel(fr.admin.currentPassword, { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel(fr.admin.currentPassword, { exact: true }).fill(DEMO_PASSWORD);
    await form.getByRole('button', { name: fr.admin.changePassword }).click();
    await form.getByText(fr.admin.passwordChanged).waitFor(POLL);
    // This session goes on; the new password signs in elsewhere.
    expect((await page.request.get('/api/me')).status()).toBe(200);
    const fresh = await page.request.post('/api/auth/login', {
      data: { username: 'mar.planner', password: 'nouveau-2026' },
      headers: { cookie: '' },
    });
    expect(fresh.status()).toBe(200);
  });

  it('lays the administration page out right to left in Hebrew', async () => {
    await page.getByRole('combobox', { name: fr.layout.language, exact: true }).selectOption('he');
    await page.getByRole('heading', { level: 1, name: he.admin.title }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['he', 'rtl']);
    await page.getByRole('heading', { name: he.admin.myPassword }).waitFor();
    await rowOf('mar.viewer')
      .getByRole('button', { name: interpolate(he.admin.editUser, { username: 'mar.viewer' }) })
      .click();
    await page.getByRole('form', { name: interpolate(he.admin.editUser, { username: 'mar.viewer' }) }).waitFor();
    // The edit form runs right to left, its first field at the right edge of the card.
    expect(
      await page
        .locator('.user-edit form')
        .first()
        .evaluate((f) => getComputedStyle(f).direction),
    ).toBe('rtl');
    const field = await page.locator('.user-edit .field').first().boundingBox();
    const card = await page.locator('.user-edit').boundingBox();
    if (!field || !card) throw new Error('not laid out');
    expect(Math.abs(field.x + field.width - (card.x + card.width))).toBeLessThan(2);
    expect(field.x - card.x).toBeGreaterThan(40);
    await expectAccessible(page);
    await shot(page, 'admin-he');
    await page.getByRole('combobox', { name: he.layout.language, exact: true }).selectOption('fr');
    await page.getByRole('heading', { level: 1, name: fr.admin.title }).waitFor();
  });
});
