import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createActivity } from '../src/app/activity.usecases.js';
import { listAudit } from '../src/app/audit.usecases.js';
import type { Actor } from '../src/app/context.js';
import { deliverNotificationMail, type MailMessage, ownLanguage, setOwnLanguage } from '../src/app/notification-mail.usecases.js';
import { mailFromEnv } from '../src/server/mail.js';
import { insertNotifications, usersWithUnsentMail } from '../src/store/notification.repo.js';
import { databases, type TestDatabase } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { memoryLog, openMailWorld, type smtpServer } from './support/mail-server.js';

describe.each(databases())('e-mailing notifications on %s', (kind) => {
  let t: TestDatabase;
  let open: Awaited<ReturnType<typeof createActivity>>;
  let secret: Awaited<ReturnType<typeof createActivity>>;
  const refused = new Set<string>();
  let smtp: Awaited<ReturnType<typeof smtpServer>>;
  let seq = 0;

  /** `n` notifications for each user, about `activityId`, not e-mailed yet. */
  const notify = (users: Actor[], activityId: string, title: string, n = 1) =>
    insertNotifications(
      t.db,
      users.flatMap((u) =>
        Array.from({ length: n }, () => ({
          user_id: u.userId,
          kind: 'changed' as const,
          entity_type: 'activity' as const,
          entity_id: activityId,
          title,
          due_date: null,
          dedupe_key: `test:${++seq}`,
          created_at: new Date(Date.UTC(2026, 4, 1, 0, 0, seq)).toISOString(),
        })),
      ),
    );
  const withAddress = async (n: number) => {
    const users: Actor[] = [];
    for (let i = 0; i < n; i++) {
      const u = await makeActor(t.ctx, i % 2 ? 'ISR' : 'MAR', ['viewer'], 'SECRET', ['INDUS']);
      await t.db
        .updateTable('app_user')
        .set({ email: `${u.username}@example.org` })
        .where('id', '=', u.userId)
        .execute();
      users.push(u);
    }
    return users;
  };
  const unsentOf = async (u: Actor) =>
    (await t.db.selectFrom('notification').select('id').where('user_id', '=', u.userId).where('emailed_at', 'is', null).execute())
      .length;
  const mailAudits = () =>
    t.db.selectFrom('audit_entry').selectAll().where('action', '=', 'notification.email').orderBy('seq').execute();

  beforeAll(async () => {
    ({ t, smtp, open, secret } = await openMailWorld(kind, 'M', refused));
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  it('goes on with the others’ mail when one address is refused, and tries that one again on the next run', async () => {
    const { lines, log } = memoryLog();
    const mail = mailFromEnv({ JOINTPLAN_SMTP_URL: smtp.url }, log);
    if (!mail) throw new Error('no mail');
    const users = await withAddress(4);
    await notify(users, open.id, 'Activity M-1');
    // The first user the run comes to is the refused one.
    const first = (await usersWithUnsentMail(t.db))[0];
    const bad = users.find((u) => u.userId === first?.id);
    if (!bad) throw new Error('no first user');
    refused.add(`${bad.username}@example.org`);
    const audits = (await mailAudits()).length;

    expect(await deliverNotificationMail(t.ctx, mail.send, { ...mail, log })).toBe(3);
    const good = users.filter((u) => u !== bad);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual(good.map((u) => `${u.username}@example.org`).sort());
    for (const u of good) expect(await unsentOf(u)).toBe(0);
    expect(await unsentOf(bad)).toBe(1);
    expect(lines.some((l) => l.msg.includes('refused') && (l.obj as { userId?: string }).userId === bad.userId)).toBe(true);
    // One audit entry per message sent, none for the refused one.
    const entries = (await mailAudits()).slice(audits);
    expect(entries.map((e) => e.entity_id).sort()).toEqual(good.map((u) => u.userId).sort());

    // The next run tries the refused address again; once it is accepted, its notification goes.
    expect(await deliverNotificationMail(t.ctx, mail.send, { ...mail, log })).toBe(0);
    expect(smtp.refusedTries.filter((a) => a === `${bad.username}@example.org`)).toHaveLength(2);
    refused.clear();
    expect(await deliverNotificationMail(t.ctx, mail.send, { ...mail, log })).toBe(1);
    expect(await unsentOf(bad)).toBe(0);
    expect(smtp.received.at(-1)?.to).toEqual([`${bad.username}@example.org`]);
  });

  it('sends each notification once when two runs go at the same time', async () => {
    const users = await withAddress(5);
    await notify(users, open.id, 'Activity M-1', 3);
    const sent: MailMessage[] = [];
    // A slow transport, so that the two runs overlap.
    const send = async (m: MailMessage) => {
      await new Promise((r) => setTimeout(r, 15));
      sent.push(m);
    };
    const [a, b] = await Promise.all([
      deliverNotificationMail(t.ctx, send, { maxClassification: 'TOP_SECRET' }),
      deliverNotificationMail(t.ctx, send, { maxClassification: 'TOP_SECRET' }),
    ]);
    expect(a + b).toBe(sent.length);
    // Every notification went out, in exactly one message.
    for (const u of users) {
      const to = sent.filter((m) => m.to === `${u.username}@example.org`);
      const count = to.reduce((n, m) => n + Number(/JointPlan notifications: (\d+)/.exec(m.subject)?.[1] ?? 0), 0);
      expect(count).toBe(3);
      expect(to.map((m) => m.text.split('Activity M-1').length - 1).reduce((x, y) => x + y, 0)).toBe(3);
      expect(await unsentOf(u)).toBe(0);
    }
  });

  it('says only how many notifications wait when a message would hold more than the configured classification, and audits each under its marking', async () => {
    const [user] = await withAddress(1);
    if (!user) throw new Error('no user');
    await notify([user], secret.id, 'Activity M-2');
    const { log } = memoryLog();
    // By default a message holds unclassified notifications only.
    const lowest = mailFromEnv({ JOINTPLAN_SMTP_URL: smtp.url, JOINTPLAN_PUBLIC_URL: 'https://plan.example.org' }, log);
    if (!lowest) throw new Error('no mail');
    expect(lowest.maxClassification).toBe('UNCLASSIFIED');
    const before = smtp.received.length;
    expect(await deliverNotificationMail(t.ctx, lowest.send, lowest)).toBe(1);
    const raw = smtp.received.slice(before).find((m) => m.to.includes(`${user.username}@example.org`))?.raw ?? '';
    // Quoted-printable: soft line breaks undone.
    const summary = raw.replace(/=\r?\n/g, '');
    expect(summary).toContain('Notifications waiting for you: 1. Sign in to JointPlan to read them.');
    expect(summary).toContain('Sign in at https://plan.example.org/');
    expect(summary).not.toContain('M-2');
    expect(summary).not.toContain('SECRET');
    const [counted] = (await mailAudits()).filter((e) => e.entity_id === user.userId);
    expect(counted).toMatchObject({ classification: 0, owner_party: user.party, actor_id: null });
    expect(JSON.parse(counted?.detail ?? '{}')).toMatchObject({ notifications: 1, summary: true, records: [] });

    // Up to SECRET, the same notification's title goes, and the audit entry is SECRET//INDUS, naming the record.
    await notify([user], secret.id, 'Activity M-2');
    const secretMail = mailFromEnv({ JOINTPLAN_SMTP_URL: smtp.url, JOINTPLAN_MAIL_MAX_CLASSIFICATION: 'SECRET' }, log);
    if (!secretMail) throw new Error('no mail');
    const sent: MailMessage[] = [];
    expect(await deliverNotificationMail(t.ctx, async (m) => void sent.push(m), secretMail)).toBe(1);
    expect(sent[0]?.subject).toBe('SECRET//INDUS//REL ISR, MAR - JointPlan notifications: 1');
    expect(sent[0]?.text).toContain('Activity M-2');
    const full = (await mailAudits()).filter((e) => e.entity_id === user.userId).at(-1);
    expect(full?.classification).toBe(3);
    expect(full?.compartment_mask).not.toBe(0);
    // An officer of the user's party not cleared for it does not see the entry; one cleared does.
    const low = await makeActor(t.ctx, user.party, ['security_officer'], 'CONFIDENTIAL', ['INDUS']);
    const high = await makeActor(t.ctx, user.party, ['security_officer'], 'SECRET', ['INDUS']);
    const seen = async (officer: Actor) =>
      (await listAudit(t.ctx, officer, { action: 'notification.email', limit: 100 })).items.map((e) => e.seq);
    expect(await seen(low)).not.toContain(full?.seq);
    expect(await seen(high)).toContain(full?.seq);
    expect(JSON.parse(full?.detail ?? '{}')).toMatchObject({ summary: false, records: [`activity:${secret.id}`] });

    // A level the installation does not know sends the least, and says so.
    const { lines, log: log2 } = memoryLog();
    expect(
      mailFromEnv({ JOINTPLAN_SMTP_URL: smtp.url, JOINTPLAN_MAIL_MAX_CLASSIFICATION: 'SEKRIT' }, log2)?.maxClassification,
    ).toBe('UNCLASSIFIED');
    expect(lines.some((l) => l.msg.includes('unknown classification for e-mail'))).toBe(true);
  });
  it('writes each message in the language its reader saved, in English when none, and says which', async () => {
    const users = await withAddress(4);
    const languages = ['fr', 'ar', 'he', null] as const;
    for (const [i, u] of users.entries()) {
      await setOwnLanguage(t.ctx, u, languages[i] ?? null);
      await setOwnLanguage(t.ctx, u, languages[i] ?? null);
      expect(await ownLanguage(t.ctx, u)).toEqual({ language: languages[i] });
      // A change of one's account: audited once, not again when the same language is saved again.
      const entries = await t.db
        .selectFrom('audit_entry')
        .select('detail')
        .where('action', '=', 'user.language')
        .where('entity_id', '=', u.userId)
        .execute();
      expect(entries.map((e) => JSON.parse(e.detail))).toEqual(
        languages[i] ? [expect.objectContaining({ language: languages[i] })] : [],
      );
    }
    await notify(users, open.id, 'Activity M-3');
    const sent: MailMessage[] = [];
    await deliverNotificationMail(t.ctx, async (m) => void sent.push(m));
    const to = (u: Actor | undefined) => sent.find((m) => m.to === `${u?.username}@example.org`);
    const [fr, ar, he, none] = users.map(to);
    expect(fr?.subject).toMatch(/ - Notifications JointPlan : 1$/);
    expect(fr?.text).toContain('Modifié: Activity M-3');
    expect(fr?.headers['Content-Language']).toBe('fr');
    expect(ar?.subject).toMatch(/ - إشعارات JointPlan: 1$/);
    expect(ar?.text).toContain('تغيّر: Activity M-3');
    expect(ar?.headers['Content-Language']).toBe('ar');
    expect(he?.text).toContain('שונה: Activity M-3');
    expect(he?.headers['Content-Language']).toBe('he');
    expect(none?.subject).toMatch(/ - JointPlan notifications: 1$/);
    expect(none?.text).toContain('Changed: Activity M-3');
    expect(none?.headers['Content-Language']).toBe('en');
  });
});
