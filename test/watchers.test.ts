import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateActionItem } from '../src/app/action-item.usecases.js';
import { type createActivity, updateActivity } from '../src/app/activity.usecases.js';
import { addFollowUp } from '../src/app/follow-up.usecases.js';
import { listNotifications } from '../src/app/notification.usecases.js';
import { deliverNotificationMail } from '../src/app/notification-mail.usecases.js';
import { notifyWatchers, watchRecord } from '../src/app/watcher.usecases.js';
import type { Watchers } from '../src/domain/watcher.schema.js';
import { buildServer } from '../src/server/app.js';
import { mailFromEnv } from '../src/server/mail.js';
import { startScheduler } from '../src/server/scheduler.js';
import { databases, type TestDatabase } from './support/databases.js';
import { makeActor, minutesWithActionItems, type seedWorld, sessionCookies } from './support/fixtures.js';
import { memoryLog, openMailWorld, type smtpServer } from './support/mail-server.js';

/** A header of a raw message, unfolded. */
const header = (raw: string, name: string) =>
  new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw)?.[1]?.replace(/\r?\n[ \t]+/g, ' ') ?? null;

describe.each(databases())('watchers and e-mailed notifications on %s', (kind) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildServer>>;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  let cookies: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let shared: Awaited<ReturnType<typeof createActivity>>;
  let secret: Awaited<ReturnType<typeof createActivity>>;
  let actionItemId: string;
  let watcher: Awaited<ReturnType<typeof makeActor>>;
  let outsider: Awaited<ReturnType<typeof makeActor>>;

  const call = async (method: 'GET' | 'PUT' | 'DELETE', url: string, who: string, payload?: Record<string, unknown>) =>
    app.inject({ method, url, headers: { cookie: cookies[who] ?? '' }, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    ({ t, smtp, world, open: shared, secret } = await openMailWorld(kind, 'W'));
    await minutesWithActionItems(t.ctx, world, 'Relevé', [
      { title: 'Envoyer le calendrier', responsibleParty: 'MAR', dueDate: '2026-05-01' },
    ]);
    actionItemId = (await t.db.selectFrom('action_item').select('id').executeTakeFirstOrThrow()).id;
    watcher = await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET', ['INDUS']);
    // ISR, not cleared for the compartment: reads the shared activity, not the secret one.
    outsider = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET');
    app = await buildServer(t.ctx, { webRoot: false });
    cookies = await sessionCookies(app, { watcher, outsider, planner: world.marPlanner });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    await t?.close();
  });

  it('lets a reader watch and unwatch an activity and an action item, and lists the watchers to readers only', async () => {
    for (const path of [`/api/activities/${shared.id}/watchers`, `/api/action-items/${actionItemId}/watchers`]) {
      expect(((await call('GET', path, 'watcher')).json() as Watchers).watching).toBe(false);
      const watched = await call('PUT', `${path}/me`, 'watcher');
      expect(watched.statusCode, watched.body).toBe(200);
      expect(watched.json()).toMatchObject({ watching: true, items: [{ username: watcher.username, party: 'MAR' }] });
      // Watching twice is watching once, and writes no second audit entry.
      const entries = async () =>
        (await t.db.selectFrom('audit_entry').select('seq').where('action', 'like', '%.watch').execute()).length;
      const before = await entries();
      expect(((await call('PUT', `${path}/me`, 'watcher')).json() as Watchers).items).toHaveLength(1);
      expect(await entries()).toBe(before);
      // A reader of another party sees that a user of MAR watches, not who.
      expect((await call('GET', path, 'outsider')).json()).toEqual({
        watching: false,
        items: [{ userId: null, username: null, displayName: 'a user', party: 'MAR', since: watched.json().items[0].since }],
      });
    }
    const unwatched = await call('DELETE', `/api/action-items/${actionItemId}/watchers/me`, 'watcher');
    expect(unwatched.json()).toEqual({ watching: false, items: [] });
    await call('PUT', `/api/action-items/${actionItemId}/watchers/me`, 'watcher');
  });

  it('answers a record the user may not read exactly like one that does not exist, for reading, watching and unwatching', async () => {
    expect((await call('PUT', `/api/activities/${secret.id}/watchers/me`, 'watcher')).statusCode).toBe(200);
    const missing = '01900000-0000-7000-8000-000000000000';
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const suffix = method === 'GET' ? '' : '/me';
      const hidden = await call(method, `/api/activities/${secret.id}/watchers${suffix}`, 'outsider');
      const absent = await call(method, `/api/activities/${missing}/watchers${suffix}`, 'outsider');
      expect(hidden.statusCode, method).toBe(404);
      expect(hidden.json()).toEqual(absent.json());
    }
    expect(await t.db.selectFrom('watcher').select('user_id').where('user_id', '=', outsider.userId).execute()).toEqual([]);
  });

  it('tells watchers of others’ changes once, never of their own, never of what they may not read', async () => {
    await call('PUT', `/api/activities/${shared.id}/watchers/me`, 'outsider');
    await notifyWatchers(t.ctx);
    const changedFor = async (who: typeof watcher) =>
      (await listNotifications(t.ctx, who, {})).items.filter((n) => n.kind === 'changed');
    expect(await changedFor(watcher)).toEqual([]);

    const current = await updateActivity(t.ctx, world.marPlanner, shared.id, {
      title: { fr: 'Réunion revue' },
      version: shared.version,
    });
    await addFollowUp(t.ctx, world.marPlanner, secret.id, { kind: 'note', body: 'Compte rendu', language: 'fr' });
    const item = await t.db.selectFrom('action_item').select('version').where('id', '=', actionItemId).executeTakeFirstOrThrow();
    await updateActionItem(t.ctx, world.marPlanner, actionItemId, {
      title: 'Envoyer le calendrier révisé',
      version: item.version,
    });
    expect(await notifyWatchers(t.ctx)).toBeGreaterThan(0);
    const told = await changedFor(watcher);
    expect(told.map((n) => [n.entityType, n.entityId]).sort()).toEqual(
      [
        ['action_item', actionItemId],
        ['activity', secret.id],
        ['activity', shared.id],
      ].sort(),
    );
    expect(told.find((n) => n.entityId === shared.id)?.title).toBe('W-1 Réunion revue');
    // The outsider watches the shared activity only, and cannot read the secret one's follow-up.
    expect((await changedFor(outsider)).map((n) => n.entityId)).toEqual([shared.id]);
    // A second run tells nothing new.
    expect(await notifyWatchers(t.ctx)).toBe(0);
    // Nobody is told of their own change; one who stopped watching is told nothing more.
    await watchRecord(t.ctx, world.marPlanner, 'activity', shared.id);
    await call('DELETE', `/api/activities/${shared.id}/watchers/me`, 'outsider');
    await updateActivity(t.ctx, world.marPlanner, shared.id, { location: 'Tanger', version: current.version });
    expect(await notifyWatchers(t.ctx)).toBe(1);
    expect((await changedFor(watcher)).length).toBe(4);
    expect(await changedFor(world.marPlanner)).toEqual([]);
    expect((await changedFor(outsider)).length).toBe(1);
  });

  it('e-mails each user their notifications through SMTP, marked with the highest marking of what the message holds', async () => {
    const { lines, log } = memoryLog();
    expect(mailFromEnv({}, log)).toBeNull();
    expect(lines.map((l) => l.msg).join('\n')).toMatch(/no SMTP server configured \(JOINTPLAN_SMTP_URL\)/);
    const mail = mailFromEnv(
      {
        JOINTPLAN_SMTP_URL: smtp.url,
        JOINTPLAN_PUBLIC_URL: 'https://plan.example.org/',
        JOINTPLAN_MAIL_MAX_CLASSIFICATION: 'SECRET',
      },
      log,
    );
    if (!mail) throw new Error('no mail');

    // Without an address nothing is sent.
    expect(await deliverNotificationMail(t.ctx, mail.send, mail)).toBe(0);
    const bad = await call('PUT', '/api/me/email', 'watcher', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    for (const [who, email] of [
      ['watcher', 'watcher@mar.example'],
      ['outsider', 'outsider@isr.example'],
    ] as const) {
      const set = await call('PUT', '/api/me/email', who, { email });
      expect(set.statusCode, set.body).toBe(200);
    }
    expect(await deliverNotificationMail(t.ctx, mail.send, mail)).toBe(2);
    expect(smtp.received).toHaveLength(2);

    const toWatcher = smtp.received.find((m) => m.to.includes('watcher@mar.example'))?.raw ?? '';
    // The secret activity's change is in it: the whole message is SECRET//INDUS, to MAR and ISR only.
    const marking = 'SECRET//INDUS//REL ISR, MAR';
    expect(header(toWatcher, 'Subject')).toBe(`${marking} - JointPlan notifications: 4`);
    expect(header(toWatcher, 'X-Document-Marking')).toBe(marking);
    const body = toWatcher
      .slice(toWatcher.search(/\r?\n\r?\n/))
      .replace(/=\r?\n/g, '')
      .trim();
    const bodyLines = body.split(/\r?\n/).filter(Boolean);
    expect(bodyLines[0]).toBe(marking);
    expect(bodyLines.at(-1)).toBe(marking);
    expect(body).toContain('(SECRET//INDUS//REL MAR, ISR) Changed: W-2');
    expect(body).toContain(`https://plan.example.org/activities/${secret.id}`);

    // The outsider's message holds only what it may read, and is marked accordingly.
    const toOutsider = smtp.received.find((m) => m.to.includes('outsider@isr.example'))?.raw ?? '';
    expect(header(toOutsider, 'Subject')).toBe('UNCLASSIFIED//REL ISR, MAR - JointPlan notifications: 1');
    expect(toOutsider).not.toContain('W-2');

    // Each notification goes out once.
    expect(await deliverNotificationMail(t.ctx, mail.send, mail)).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  it('e-mails the daily digest from the scheduler, once', async () => {
    const { log } = memoryLog();
    const mail = mailFromEnv({ JOINTPLAN_SMTP_URL: smtp.url }, log);
    const before = smtp.received.length;
    const stop = startScheduler(t.ctx, log, 60_000, mail);
    try {
      const toWatcher = () => smtp.received.slice(before).find((m) => m.to.includes('watcher@mar.example'));
      await expect.poll(() => toWatcher() !== undefined, { timeout: 15_000 }).toBe(true);
      // The digest tells MAR's viewer of the action item MAR is responsible for, now past its due date.
      const digest = toWatcher()?.raw ?? '';
      expect(header(digest, 'Subject')).toBe('UNCLASSIFIED//REL ISR, MAR - JointPlan notifications: 1');
      expect(digest).toContain('(UNCLASSIFIED//REL MAR, ISR) Overdue: Envoyer le calendrier');
    } finally {
      stop();
    }
    const after = smtp.received.length;
    expect(
      await deliverNotificationMail(t.ctx, async () => {
        throw new Error('nothing left to send');
      }),
    ).toBe(0);
    expect(smtp.received.length).toBe(after);
  });
});
