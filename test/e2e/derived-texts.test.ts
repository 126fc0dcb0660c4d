import { describe, expect, it } from 'vitest';
import fr from '../../web/src/i18n/fr.json' with { type: 'json' };
import frProblems from '../../web/src/i18n/problems/fr.json' with { type: 'json' };
import { browserAvailable } from './browser.js';
import { expectAccessible, newSessionSuite, POLL, shot } from './helpers.js';

type Item = { id: string; activityId: string | null; reference: { kind: string; status?: string; overdue?: boolean } | null };

/**
 * What the screen says is what is true now: an agenda prepared again after
 * an activity was reported says it is reported, not late; a message about
 * what the reader sent goes once the reader changes it.
 */
describe.skipIf(!browserAvailable())('web app: derived texts and messages follow their facts in Chromium', () => {
  // A session still in preparation, its first day years away.
  const suite = newSessionSuite({ number: 41, startDate: '2099-06-08', endDate: '2099-06-10' });

  const agenda = async () =>
    (await (await suite.page.request.get(`/api/sessions/${suite.sessionId}/agenda`)).json()).items as Item[];
  const prepare = async () => {
    await suite.page.getByRole('button', { name: fr.agenda.prepare }).click();
  };

  it('says an activity reported since the agenda was prepared is reported, not late', async () => {
    await suite.page.goto(`/sessions/${suite.sessionId}`);
    await suite.page.getByRole('heading', { name: fr.agenda.title }).waitFor();
    await prepare();
    await suite.page.locator('.agenda-item').first().waitFor(POLL);
    // A late activity that can still be carried out and reported.
    const items = await agenda();
    let late: { item: Item; activity: { id: string; status: string; version: number; refCode: string } } | undefined;
    for (const item of items) {
      if (item.reference?.kind !== 'activity' || !item.reference.overdue || !item.activityId) continue;
      const activity = await (await suite.page.request.get(`/api/activities/${item.activityId}`)).json();
      if (activity.status === 'planned' || activity.status === 'scheduled') {
        late = { item, activity };
        break;
      }
    }
    if (!late) throw new Error('the demo has no late planned or scheduled activity to report');
    const entry = suite.page.locator('.agenda-item', { hasText: late.activity.refCode });
    const lateSince = fr.agendaTitle.activityOverdue.replace(/^.*\((.*) \{\{date\}\}\)$/, '$1');
    expect(await entry.locator('h3').textContent()).toContain(lateSince);

    // Reported since, elsewhere.
    let version = late.activity.version;
    const moves = late.activity.status === 'planned' ? ['scheduled', 'conducted', 'reported'] : ['conducted', 'reported'];
    for (const to of moves) {
      const res = await suite.page.request.post(`/api/activities/${late.activity.id}/transitions`, {
        data: { to, version, ...(to === 'conducted' ? { actualStart: '2026-01-20', actualEnd: '2026-01-22' } : {}) },
      });
      expect(res.status(), await res.text()).toBe(200);
      version = (await res.json()).version;
    }

    // The agenda prepared again adds nothing and says what is true now.
    await prepare();
    await suite.page.getByRole('status').getByText(fr.agenda.prepared.replace('{{count}}', '0')).waitFor(POLL);
    const reported = fr.agendaTitle.activityReported.replace(/^.*(\(.*\))$/, '$1');
    await expect.poll(() => entry.locator('h3').textContent(), POLL).toContain(reported);
    expect(await entry.locator('h3').textContent()).not.toContain(lateSince);
    await expectAccessible(suite.page);
    await shot(suite.page, 'agenda-reported-since');
    // And so after reading the page again.
    await suite.page.reload();
    await entry.waitFor(POLL);
    expect(await entry.locator('h3').textContent()).toContain(reported);
  }, 90_000);

  it('drops a refusal once the reader changes what was refused', async () => {
    await suite.page.getByRole('button', { name: fr.sessionEdit.open }).click();
    const form = suite.page.locator('.session-edit-form');
    const save = form.getByRole('button', { name: fr.sessionEdit.save });
    // Nothing changed: said, and gone as soon as something is.
    await save.click();
    const nothing = form.getByText(fr.edit.nothingChanged);
    await nothing.waitFor(POLL);
    const place = form.getByLabel(fr.sessionEdit.place, { exact: true });
    await place.fill('');
    await nothing.waitFor({ state: 'detached', ...POLL });
    // An empty place is refused beside its field, and the error goes once the place is written again.
    await save.click();
    await form.locator('.field.has-error').first().waitFor(POLL);
    await place.fill('Casablanca');
    await expect.poll(() => form.locator('.field.has-error').count(), POLL).toBe(0);
    await save.click();
    await form.getByText(fr.sessionEdit.saved).waitFor(POLL);
  }, 60_000);
  /** A planned activity of the demo's plan, which the planner may move. */
  const plannedActivity = async () => {
    const [plan] = (await (await suite.page.request.get('/api/plans')).json()).items;
    const list = (await (await suite.page.request.get(`/api/plans/${plan.id}/activities?limit=500`)).json()).items as {
      id: string;
      status: string;
      refCode: string;
    }[];
    const found = list.find((a) => a.status === 'planned');
    if (!found) throw new Error('the demo plan has no planned activity');
    return found;
  };

  it('drops a refused move once the reader picks another status', async () => {
    const activity = await plannedActivity();
    await suite.page.goto(`/activities/${activity.id}`);
    const form = suite.page.locator('form', { has: suite.page.getByRole('heading', { name: fr.transition.title }) });
    await form.waitFor(POLL);
    const to = form.getByLabel(fr.transition.to, { exact: true });
    // Cancelling without a reason: the API refuses it, in the reader's language.
    await to.selectOption({ label: fr.activityStatus.cancelled });
    await form.getByRole('button', { name: fr.transition.submit }).click();
    const refusal = form.getByRole('alert').filter({ hasText: frProblems.activity.cancel_needs_reason });
    await refusal.waitFor(POLL);
    await shot(suite.page, 'transition-refused');
    // Another status is another move: the refusal is no longer about it.
    await to.selectOption({ label: fr.activityStatus.scheduled });
    await refusal.waitFor({ state: 'detached', ...POLL });
    // And the activity was not moved.
    const now = await (await suite.page.request.get(`/api/activities/${activity.id}`)).json();
    expect(now.status).toBe('planned');
  }, 60_000);

  it('drops a follow-up’s error once its text changes', async () => {
    const activity = await plannedActivity();
    await suite.page.goto(`/activities/${activity.id}`);
    const form = suite.page.locator('form.follow-up-form');
    await form.waitFor(POLL);
    const body = form.getByLabel(fr.followUp.body, { exact: true });
    await body.fill('   ');
    await form.getByRole('button', { name: fr.followUp.add }).click();
    const error = form.locator('.field.has-error');
    await error.first().waitFor(POLL);
    await body.fill('Réunion préparatoire tenue.');
    await expect.poll(() => error.count(), POLL).toBe(0);
    await expectAccessible(suite.page);
  }, 60_000);
});
