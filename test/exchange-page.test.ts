import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import type { AppContext } from '../src/app/context.js';
import { ceremonyRecords, trustKeys } from '../src/app/exchange-bundle.usecases.js';
import { closePdfRenderer } from '../src/documents/pdf.js';
import { parseSecurityPolicy, type SecurityPolicy } from '../src/domain/exchange/security-policy.js';
import { CLASSIFICATIONS, type Classification, levelOf } from '../src/domain/labels.js';
import { databases } from './support/databases.js';
import { type Installation, installation, planReleasedToIsr, serveInstallation } from './support/exchange-installations.js';
import { activityInput, makeActor, sessionCookie } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

/**
 * The security officer's view of the exchange over the API, the audit entry of every export, import
 * and refused import, and the release record of a bundle sent, as PDF in the four languages: two
 * installations, MAR and ISR, each with its own database, policy, keys and server.
 */
const policy = (party: string): SecurityPolicy =>
  parseSecurityPolicy(
    JSON.parse(readFileSync(fileURLToPath(new URL(`../config/security-policy/${party}.json`, import.meta.url)), 'utf8')),
  );
const EXPIRES = '2099-01-01T00:00:00.000Z';

// Vowel marks and bidirectional controls come out of pdftotext apart from their letters: compare without them.
const bare = (x: string) =>
  x
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    // pdftotext gives the lam-alef ligature back as alef then lam: compare Arabic without either letter.
    .replace(/[\u0627\u0644]/g, '');

const auditOf = (ctx: AppContext, action: string) =>
  ctx.db
    .selectFrom('audit_entry')
    .select(['entity_id', 'detail', 'actor_id'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

describe.each(databases())('the security officer’s exchange page, over the API (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let marApp: FastifyInstance;
  let isrApp: FastifyInstance;
  const saved = { ...process.env };
  const sentIds: string[] = [];
  /** What the reference model knows of each activity: its ref, label, and id at MAR. */
  const made: { id: string; ref: string; classification: Classification; compartments: string[] }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-exchange-page-'));
    mar = await installation(kind, policy('MAR'), dir);
    isr = await installation(kind, policy('ISR'), dir);
    const { planner, plan } = await planReleasedToIsr(mar, ['INDUS', 'INTEL']);
    let n = 0;
    for (const classification of CLASSIFICATIONS)
      for (const compartments of [[], ['INDUS']])
        made.push({
          ...(await createActivity(
            mar.ctx,
            planner,
            plan.id,
            activityInput(`EX-${++n}`, { classification, releasableTo: ['ISR'], compartments }),
          )),
          ref: `EX-${n}`,
          classification,
          compartments,
        });
    for (const [inst, from] of [
      [mar, mar],
      [isr, isr],
      [isr, mar],
      [mar, isr],
    ] as const)
      await trustKeys(inst.ctx, inst.officer, inst.setup, ceremonyRecords(from.ctx, from.setup, EXPIRES));
    marApp = await serveInstallation(mar, dir, '/api/exchange/overview');
    isrApp = await serveInstallation(isr, dir, '/api/exchange/overview');
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    await marApp?.close();
    await isrApp?.close();
    await closePdfRenderer();
    await mar?.t.close();
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('audits every export, import and refused import, with the refusal’s code', async () => {
    const marOfficer = await sessionCookie(marApp, mar.officer.username);
    const isrOfficer = await sessionCookie(isrApp, isr.officer.username);
    const bundle = await marApp.inject({ method: 'POST', url: '/api/exchange/bundles?to=ISR', headers: { cookie: marOfficer } });
    expect(bundle.statusCode, bundle.body).toBe(200);
    sentIds.push(String(bundle.headers['x-bundle-id']));
    const exports = await auditOf(mar.ctx, 'exchange.export');
    expect(exports.map((e) => e.entity_id)).toEqual(sentIds);
    expect(exports[0]?.actor_id).toBe(mar.officer.userId);

    const apply = (payload: Buffer) =>
      isrApp.inject({
        method: 'POST',
        url: '/api/exchange/bundles/import',
        headers: { cookie: isrOfficer, 'content-type': 'application/vnd.jointplan.bundle' },
        payload,
      });
    const altered = Buffer.from(bundle.rawPayload);
    altered.writeUInt8(altered.readUInt8(altered.length - 3) ^ 1, altered.length - 3);
    const refused = await apply(altered);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('exchange.content_mismatch');
    const applied = await apply(bundle.rawPayload);
    expect(applied.statusCode, applied.body).toBe(200);
    const replayed = await apply(bundle.rawPayload);
    expect(replayed.json().code).toBe('exchange.bundle_replayed');

    const imports = await auditOf(isr.ctx, 'exchange.import');
    expect(imports.map((e) => e.entity_id)).toEqual(sentIds);
    const refusals = await auditOf(isr.ctx, 'exchange.refuse');
    expect(refusals.map((e) => JSON.parse(e.detail).code)).toEqual(['exchange.content_mismatch', 'exchange.bundle_replayed']);
    expect(refusals.every((e) => e.actor_id === isr.officer.userId)).toBe(true);
  });

  it('shows the officer partners, keys, the last bundles each way and the refusals; 404 for anyone else', async () => {
    const isrOfficer = await sessionCookie(isrApp, isr.officer.username);
    const res = await isrApp.inject({ method: 'GET', url: '/api/exchange/overview', headers: { cookie: isrOfficer } });
    expect(res.statusCode, res.body).toBe(200);
    const o = res.json();
    expect(o.party).toBe('ISR');
    expect(o.keys.map((k: { state: string }) => k.state)).toEqual(['active', 'active']);
    const fromMar = o.partners.find((p: { party: string }) => p.party === 'MAR');
    expect(fromMar.keys.map((k: { fingerprint: string }) => k.fingerprint)).toContain(mar.setup.key.fingerprint);
    expect(fromMar.lastReceived).toMatchObject({ bundleId: sentIds[0], sequence: 1 });
    expect(fromMar.lastReceived.counts.records).toBeGreaterThan(0);
    expect(fromMar.lastReceived.counts.created).toBe(fromMar.lastReceived.counts.records);
    expect(fromMar.lastSent).toBeNull();
    expect(o.refusals.map((r: { code: string }) => r.code).sort()).toEqual([
      'exchange.bundle_replayed',
      'exchange.content_mismatch',
    ]);

    const marOfficer = await sessionCookie(marApp, mar.officer.username);
    const m = (await marApp.inject({ method: 'GET', url: '/api/exchange/overview', headers: { cookie: marOfficer } })).json();
    const toIsr = m.partners.find((p: { party: string }) => p.party === 'ISR');
    expect(toIsr.lastSent).toMatchObject({ bundleId: sentIds[0], sequence: 1, acknowledged: 0 });
    expect(m.sent.map((b: { bundleId: string }) => b.bundleId)).toEqual(sentIds);

    // Everyone but the party's security officers finds nothing there, as for a route that does not exist.
    for (const [roles, party] of [
      [['planner', 'admin'], 'ISR'],
      [['viewer'], 'ISR'],
      [['security_officer'], 'MAR'],
    ] as const) {
      const who = await makeActor(isr.ctx, party, [...roles], 'TOP_SECRET', ['INDUS', 'INTEL']);
      const cookie = await sessionCookie(isrApp, who.username);
      for (const url of ['/api/exchange/overview', `/api/exchange/bundles/${sentIds[0]}/release-record.pdf`]) {
        const r = await isrApp.inject({ method: 'GET', url, headers: { cookie } });
        expect(r.statusCode, `${roles} ${party} ${url}`).toBe(404);
      }
    }
  });

  it('prints the release record of a bundle sent, in the four languages', async () => {
    const marOfficer = await sessionCookie(marApp, mar.officer.username);
    const texts: Record<string, string> = {};
    for (const lang of ['fr', 'en', 'ar', 'he']) {
      const res = await marApp.inject({
        method: 'GET',
        url: `/api/exchange/bundles/${sentIds[0]}/release-record.pdf?lang=${lang}`,
        headers: { cookie: marOfficer },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const file = join(dir, `release-${lang}.pdf`);
      writeFileSync(file, res.rawPayload);
      texts[lang] = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    }
    const exported = JSON.parse((await auditOf(mar.ctx, 'exchange.export'))[0]?.detail ?? '{}');
    const header = exported.header;
    for (const text of Object.values(texts)) {
      expect(text).toContain(header.content.hash);
      expect(text).toContain(exported.bundleHash);
      expect(text).toContain(mar.setup.key.fingerprint);
      expect(text).toContain('jointplan-isr');
      expect(text).toContain('EX-1');
    }
    for (const [lang, text] of Object.entries(texts)) {
      const tx = JSON.parse(
        readFileSync(new URL(`../src/documents/i18n/release-record/${lang}.json`, import.meta.url), 'utf8'),
      ) as { title: string; section: { header: string; records: string }; field: { fingerprint: string; previousHash: string } };
      const flat = bare(text).replace(/\s+/g, ' ');
      for (const words of [tx.title, tx.section.header, tx.section.records, tx.field.fingerprint, tx.field.previousHash])
        expect(flat, `${lang}: ${words}`).toContain(bare(words).split(' (')[0] ?? words);
    }
    // The audit entry, labelled unclassified, names and counts no record; the bundle's labelled rows
    // hold what went: as many as the bundle sent, and, as the agreement stops at SECRET, no TRÈS SECRET one.
    expect(exported.manifest).toBeUndefined();
    expect(exported.records).toBeUndefined();
    expect(exported.recordsHash).toMatch(/^[0-9a-f]{64}$/);
    const carried = await mar.ctx.db
      .selectFrom('exchange_bundle_record')
      .select(['level'])
      .where('bundle_id', '=', exported.bundleId)
      .execute();
    const sent = await mar.ctx.db
      .selectFrom('exchange_sent')
      .select('records')
      .where('bundle_id', '=', exported.bundleId)
      .executeTakeFirstOrThrow();
    expect(carried.length).toBe(Number(sent.records));
    expect(carried.length).toBeGreaterThan(0);
    expect(carried.map((r) => r.level)).not.toContain('TS');

    const unknown = await marApp.inject({
      method: 'GET',
      url: '/api/exchange/bundles/00000000-0000-4000-8000-000000000000/release-record.pdf',
      headers: { cookie: marOfficer },
    });
    expect(unknown.statusCode).toBe(404);
  }, 60_000);

  it('shows each officer, in the audit, the release record and the overview, only the records they may read', async () => {
    const rnd = prng(kind === 'sqlite' ? 2903 : 2904);
    const mayRead = (o: { clearance: Classification; compartments: string[] }, a: (typeof made)[number]) =>
      levelOf(a.classification) <= levelOf(o.clearance) && a.compartments.every((c) => o.compartments.includes(c));
    // A bundle the ISR officers have not applied yet, for the import report.
    const marOfficer = await sessionCookie(marApp, mar.officer.username);
    const bundle = await marApp.inject({ method: 'POST', url: '/api/exchange/bundles?to=ISR', headers: { cookie: marOfficer } });
    expect(bundle.statusCode, bundle.body).toBe(200);
    const bundleId = String(bundle.headers['x-bundle-id']);
    const carried = new Set(
      (await mar.ctx.db.selectFrom('exchange_bundle_record').select('record_id').where('bundle_id', '=', bundleId).execute()).map(
        (r) => r.record_id,
      ),
    );
    const sentActivities = made.filter((a) => carried.has(a.id));
    // The reviewer's officer first (unclassified, no compartment), then officers of random clearance.
    const officers = [{ clearance: 'UNCLASSIFIED' as Classification, compartments: [] as string[] }];
    for (let i = 0; i < 4; i++)
      officers.push({ clearance: rnd.pick(CLASSIFICATIONS), compartments: rnd.next() < 0.5 ? ['INDUS'] : [] });
    let applied = false;
    for (const o of officers) {
      const readable = sentActivities.filter((a) => mayRead(o, a));
      const hidden = sentActivities.filter((a) => !mayRead(o, a));
      // At MAR: the audit, its CSV, the release record and the overview.
      const who = await makeActor(mar.ctx, 'MAR', ['security_officer'], o.clearance, o.compartments);
      const cookie = await sessionCookie(marApp, who.username);
      const get = (url: string) => marApp.inject({ method: 'GET', url, headers: { cookie } });
      const audit = await get('/api/audit?action=exchange.export');
      expect(audit.statusCode, audit.body).toBe(200);
      expect(audit.body).toContain(bundleId);
      const csv = await get('/api/audit/export.csv');
      expect(csv.statusCode).toBe(200);
      for (const a of hidden) {
        expect(audit.body).not.toContain(a.id);
        expect(csv.body).not.toContain(a.id);
      }
      const pdf = await get(`/api/exchange/bundles/${bundleId}/release-record.pdf?lang=en`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      const file = join(dir, `release-${who.username}.pdf`);
      writeFileSync(file, pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      const refs = [...text.matchAll(/EX-\d+/g)].map((m) => m[0]);
      expect([...new Set(refs)].sort(), JSON.stringify(o)).toEqual(readable.map((a) => a.ref).sort());
      for (const a of hidden) expect(text).not.toContain(a.id);
      if (o.clearance === 'UNCLASSIFIED') expect(text).not.toMatch(/SECRET|CONFIDENTIAL|RESTRICTED/);
      if (!o.compartments.length) expect(text).not.toContain('INDUS');
      const generated = await mar.ctx.db
        .selectFrom('audit_entry')
        .select('entity_id')
        .where('action', '=', 'document.export')
        .where('actor_id', '=', who.userId)
        .execute();
      expect(generated.map((g) => g.entity_id)).toEqual([bundleId]);
      const overview = (await get('/api/exchange/overview')).json();
      const toIsr = overview.partners.find((p: { party: string }) => p.party === 'ISR');
      // The plan, unclassified, counts with the activities the officer may read.
      expect(toIsr.lastSent.records, JSON.stringify(o)).toBe(readable.length + 1);
      expect(overview.sent.find((b: { bundleId: string }) => b.bundleId === bundleId).records).toBe(readable.length + 1);

      // At ISR, an officer of the same clearance: the import report and the last bundle received.
      const them = await makeActor(isr.ctx, 'ISR', ['security_officer'], o.clearance, o.compartments);
      const theirs = await sessionCookie(isrApp, them.username);
      if (!applied) {
        const res = await isrApp.inject({
          method: 'POST',
          url: '/api/exchange/bundles/import',
          headers: { cookie: theirs, 'content-type': 'application/vnd.jointplan.bundle' },
          payload: bundle.rawPayload,
        });
        expect(res.statusCode, res.body).toBe(200);
        const report = res.json() as { records: { kind: string; id: string }[]; counts: Record<string, number> };
        const ids = report.records.filter((r) => r.kind === 'activity').map((r) => r.id);
        expect(ids.sort()).toEqual(readable.map((a) => a.id).sort());
        expect(report.records.length).toBe(readable.length + 1);
        expect(Object.values(report.counts).reduce((n, c) => n + c, 0)).toBe(readable.length + 1);
        applied = true;
      }
      const seen = (await isrApp.inject({ method: 'GET', url: '/api/exchange/overview', headers: { cookie: theirs } })).json();
      const fromMar = seen.partners.find((p: { party: string }) => p.party === 'MAR');
      expect(fromMar.lastReceived.bundleId).toBe(bundleId);
      expect(fromMar.lastReceived.counts.records, JSON.stringify(o)).toBe(readable.length + 1);
    }
  }, 120_000);
});
