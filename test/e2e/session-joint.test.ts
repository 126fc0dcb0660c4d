import { describe, expect, it } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { expectAccessible, newSessionSuite, POLL, shot, signedInPage } from './helpers.js';

/**
 * A joint session on screen: an agenda item is shared with every delegation
 * unless a narrower marking is chosen, an item not released to a party says
 * so and can be released by its owner, and a session is not marked held
 * before its first day.
 */
describe.skipIf(!browserAvailable())('web app: a joint session stays joint in Chromium', () => {
  // A session whose first day is years away, so that today is always before it.
  const suite = newSessionSuite({ number: 40, startDate: '2099-12-14', endDate: '2099-12-16' });

  it('adds an agenda item every delegation may read unless a narrower marking is chosen', async () => {
    await suite.page.goto(`/sessions/${suite.sessionId}`);
    await suite.page.getByRole('heading', { name: fr.agenda.title }).waitFor();
    const shared = suite.page.getByRole('radio', { name: fr.agenda.markingShared });
    expect(await shared.isChecked()).toBe(true);
    expect(await suite.page.getByRole('group', { name: fr.labelFields.heading }).count()).toBe(0);
    await suite.page.getByLabel(fr.agenda.newItem, { exact: true }).fill('Point ajouté par le Maroc');
    await suite.page.getByRole('button', { name: fr.agenda.add }).click();
    await suite.page.locator('.agenda-item', { hasText: 'Point ajouté par le Maroc' }).waitFor(POLL);
    const agenda = (await (await suite.page.request.get(`/api/sessions/${suite.sessionId}/agenda`)).json()).items;
    expect(agenda).toEqual([
      expect.objectContaining({ title: 'Point ajouté par le Maroc', classification: 'UNCLASSIFIED', releasableTo: ['ISR'] }),
    ]);

    await suite.page.getByRole('radio', { name: fr.agenda.markingNarrower }).check();
    const marking = suite.page.getByRole('group', { name: fr.labelFields.heading });
    await marking.waitFor();
    // The narrower marking starts from the shared one: narrowing it is the writer's choice.
    expect(await marking.getByRole('checkbox', { name: 'ISR' }).isChecked()).toBe(true);
    await marking.getByRole('checkbox', { name: 'ISR' }).uncheck();
    await suite.page.getByLabel(fr.agenda.newItem, { exact: true }).fill('Point national');
    await suite.page.getByRole('button', { name: fr.agenda.add }).click();
    await suite.page.locator('.agenda-item', { hasText: 'Point national' }).waitFor(POLL);
    const after = (await (await suite.page.request.get(`/api/sessions/${suite.sessionId}/agenda`)).json()).items;
    expect(after.map((i: { releasableTo: string[] }) => i.releasableTo)).toEqual([['ISR'], []]);
    // The narrower item says who cannot approve the minutes because of it, and its owner can release it in one step.
    const national = suite.page.locator('.agenda-item', { hasText: 'Point national' });
    await national.getByText(fr.agenda.notReleased.replace('{{parties}}', 'ISR')).waitFor(POLL);
    expect(
      await suite.page.locator('.agenda-item', { hasText: 'Point ajouté par le Maroc' }).locator('.agenda-release').count(),
    ).toBe(0);
    await expectAccessible(suite.page);
    await shot(suite.page, 'session-agenda-marking');
    await national.getByRole('button', { name: fr.agenda.release }).click();
    await expect.poll(() => national.locator('.agenda-release').count(), POLL).toBe(0);
    const released = (await (await suite.page.request.get(`/api/sessions/${suite.sessionId}/agenda`)).json()).items;
    expect(released.map((i: { releasableTo: string[] }) => i.releasableTo)).toEqual([['ISR'], ['ISR']]);
  });

  it('refuses to mark the session held before its first day', async () => {
    await suite.page.getByRole('button', { name: fr.sessions.moveTo.convened }).click();
    await suite.page.locator('.record-header .badge', { hasText: fr.sessionStatus.convened }).waitFor(POLL);
    await suite.page.getByRole('button', { name: fr.sessions.moveTo.held }).click();
    await suite.page
      .getByRole('alert')
      .filter({ hasText: /2099-12-14/ })
      .waitFor(POLL);
    const session = await (await suite.page.request.get(`/api/sessions/${suite.sessionId}`)).json();
    expect(session.status).toBe('convened');
    expect(await suite.page.locator('.record-header .badge', { hasText: fr.sessionStatus.convened }).count()).toBe(1);
  });

  it('refuses the minutes approval of a party that cannot read every item, telling it how many it cannot see', async () => {
    const [commission] = (await (await suite.page.request.get('/api/commissions')).json()).items;
    const post = async (url: string, data: object, status = 200) => {
      const res = await suite.page.request.post(url, { data });
      expect(res.status(), await res.text()).toBe(status);
      return res.json();
    };
    const held = await post(
      `/api/commissions/${commission.id}/sessions`,
      {
        number: 41,
        startDate: '2026-01-20',
        endDate: '2026-01-21',
        place: 'Rabat',
        hostParty: 'MAR',
        delegations: [],
        releasableTo: ['ISR'],
      },
      201,
    );
    await post(`/api/sessions/${held.id}/transitions`, { to: 'convened' });
    for (const item of [{ title: 'Point commun' }, { title: 'Point national', releasableTo: [] }]) {
      const added = await post(`/api/sessions/${held.id}/agenda`, item, 201);
      const res = await suite.page.request.put(`/api/agenda-items/${added.id}/minutes`, {
        data: { version: 1, summary: 'Noté.' },
      });
      expect(res.status(), await res.text()).toBe(200);
    }
    await post(`/api/sessions/${held.id}/transitions`, { to: 'held' });

    const { context: other, page: isr } = await signedInPage(suite.browser, suite.server, 'isr.planner');
    try {
      await isr.goto(`/sessions/${held.id}`);
      await isr.getByRole('heading', { name: fr.agenda.title }).waitFor();
      expect(await isr.locator('.agenda-item').count()).toBe(1);
      await isr.getByRole('button', { name: fr.sessions.moveTo.minutes_approved }).click();
      await isr.getByRole('alert').filter({ hasText: /\b1\b/ }).waitFor(POLL);
      const session = await (await isr.request.get(`/api/sessions/${held.id}`)).json();
      expect(session).toMatchObject({ status: 'held', minutesApprovals: [] });
    } finally {
      await other.close();
    }
  });
});
