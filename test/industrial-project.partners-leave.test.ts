import { describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/app/context.js';
import { exportProjects } from '../src/app/industrial-project.usecases.js';
import { newId } from '../src/domain/ids.js';
import * as m0026 from '../src/store/migrations/0026_partner_left_at.js';
import * as m0036 from '../src/store/migrations/0036_former_partner_kept_for_commitments.js';
import { auditEntriesAbout } from './support/audit-trail.js';
import { countRows, databases } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { industryApi } from './support/industry-api.js';
import type { Json } from './support/programme-api.js';
import { createLabelledProgramme } from './support/programmes.js';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

const NOW = new Date('2027-06-01T10:00:00.000Z');

/** PROJECT's partners, named again (with their ids and shares) by each change of its partners. */
const MOROCCO = { name: 'Kingdom of Morocco', party: 'MAR', role: 'host_state' };
const UNITED_STATES = { name: 'United States', party: 'USA', role: 'financing_party' };

const PROJECT = {
  title: { en: 'Benslimane defence-industrial complex' },
  kind: 'production_site',
  site: { place: 'Benslimane' },
  budget: { amount: '500000000.00', currency: 'USD' },
  partners: [
    { ...MOROCCO, share: '60' },
    { ...UNITED_STATES, share: '40' },
  ],
  releasableTo: ['USA'],
};

/**
 * Rules of industrial projects on each database that a writer or reader of
 * another party must not be able to get round: a partner leaving keeps its
 * commitments, even those its remover cannot read; the list's programme filter
 * answers only for programmes the reader may read; a partner named twice is
 * refused; a closed project takes no follow-up.
 */
describe.each(databases())('industrial project partners and filters on %s', (kind) => {
  let now = NOW;
  const { s, auth, send, ok } = industryApi(
    kind,
    () => now,
    async (ctx, w) => ({ mar: w.marPlanner, usa: await makeActor(ctx, 'USA', ['planner'], 'SECRET') }),
  );
  /** A change of the partners of `read` (a project as last answered to MAR) that is refused with 400 and changes none: its problem. */
  async function refusedPartners(read: Json, partners: object[]): Promise<Json> {
    const res = await send('mar', 'PUT', `/industrial-projects/${read.id}/partners`, { partners, version: read.version });
    expect(res.statusCode, res.body).toBe(400);
    expect((await ok('mar', 'GET', `/industrial-projects/${read.id}`)).partners).toEqual(read.partners);
    return res.json() as Json;
  }

  it('keeps the commitments of a partner that leaves, those its remover cannot read included, and audits the move', async () => {
    const { t } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    const usaPartner = p.partners.find((x: Json) => x.party === 'USA').id;
    const marPartner = p.partners.find((x: Json) => x.party === 'MAR').id;
    const kept = await ok('usa', 'POST', `/industrial-projects/${p.id}/commitments`, {
      partnerId: usaPartner,
      what: 'Finance the rate-production line',
      contribution: { amount: '1000000.00', currency: 'USD' },
    });
    expect(kept.releasableTo).toEqual([]);
    const before = await countRows(t.ctx.db, 'industrial_commitment');
    // Morocco, which cannot read the commitment, takes the United States off the project: nothing stops it or tells it more.
    const left = await ok('mar', 'PUT', `/industrial-projects/${p.id}/partners`, {
      partners: [{ id: marPartner, ...MOROCCO, share: '100' }],
      version: p.version,
    });
    expect(left.partners.map((x: Json) => x.party)).toEqual(['MAR']);
    expect(await countRows(t.ctx.db, 'industrial_commitment')).toBe(before);
    // It is listed as a former partner with the time it left; its commitment only to those who may read it.
    const former = { id: usaPartner, name: 'United States', party: 'USA', role: 'financing_party', leftAt: NOW.toISOString() };
    expect(left.formerPartners).toEqual([{ ...former, commitments: [] }]);
    const seenByUsa = await ok('usa', 'GET', `/industrial-projects/${p.id}`);
    expect(seenByUsa.formerPartners).toEqual([{ ...former, commitments: [kept] }]);
    expect(seenByUsa.partners.flatMap((x: Json) => x.commitments)).toEqual([]);
    // The commitment is still the United States' own: it may change it, and no new one goes to the partner that left.
    const changed = await ok('usa', 'PATCH', `/industrial-projects/${p.id}/commitments/${kept.id}`, {
      what: 'Finance the rate-production line, withheld',
      version: kept.version,
    });
    expect(changed.what).toBe('Finance the rate-production line, withheld');
    expect((await ok('usa', 'GET', `/industrial-projects/${p.id}`)).formerPartners[0].commitments).toEqual([changed]);
    const onLeft = await send('usa', 'POST', `/industrial-projects/${p.id}/commitments`, { partnerId: usaPartner, what: 'x' });
    expect(onLeft.statusCode).toBe(404);
    expect(onLeft.json().code).toBe('industrial_project.partner_not_found');
    // The partner that left cannot be named again as kept; the move is in the audit trail.
    const again = await refusedPartners(left, [
      { id: marPartner, ...MOROCCO, share: '60' },
      { id: usaPartner, ...UNITED_STATES, share: '40' },
    ]);
    expect(again.code).toBe('industrial_project.unknown_partners');
    const entries = await auditEntriesAbout(t.db, p.id, 'industrial_project.partners');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.detail).toContain(usaPartner);
    // A partner without commitments that leaves is kept alike, so that a former partner tells nothing of commitments.
    const p2 = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    const rowsBefore = await countRows(t.ctx.db, 'industrial_partner');
    const after = await ok('mar', 'PUT', `/industrial-projects/${p2.id}/partners`, {
      partners: [{ id: p2.partners[0].id, ...MOROCCO, share: '100' }],
      version: p2.version,
    });
    expect(await countRows(t.ctx.db, 'industrial_partner')).toBe(rowsBefore);
    expect(after.formerPartners.map((x: Json) => [x.id, x.commitments])).toEqual([[p2.partners[1].id, []]]);
  });

  it('refuses one existing partner named twice, whatever the roles, and changes nothing', async () => {
    const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    const marPartner = p.partners.find((x: Json) => x.party === 'MAR').id;
    const twice = await refusedPartners(p, [
      { id: marPartner, ...MOROCCO, share: '60' },
      { id: marPartner, ...MOROCCO, role: 'prime', share: '40' },
    ]);
    expect(JSON.stringify(twice)).toContain('field.partner_id_repeated');
  });

  it('filters the list by a programme only among the programmes its reader may read', async () => {
    const { t, actors } = s;
    const open = { classification: 'UNCLASSIFIED' as const, compartments: [] };
    const shared = await createLabelledProgramme(
      t.ctx,
      actors.mar as Actor,
      { ownerParty: 'MAR', releasableTo: ['USA'], ...open },
      'Shared',
    );
    const own = await createLabelledProgramme(
      t.ctx,
      actors.mar as Actor,
      { ownerParty: 'MAR', releasableTo: [], ...open },
      'Own',
    );
    const fromShared = await ok('mar', 'POST', '/industrial-projects', { ...PROJECT, programmeIds: [shared.id] });
    const fromOwn = await ok('mar', 'POST', '/industrial-projects', { ...PROJECT, programmeIds: [own.id] });
    const ids = async (who: string, programmeId: string) =>
      (await ok(who, 'GET', `/industrial-projects?programmeId=${programmeId}`)).items.map((x: Json) => x.id);
    expect(await ids('mar', own.id)).toEqual([fromOwn.id]);
    expect(await ids('mar', shared.id)).toEqual([fromShared.id]);
    expect(await ids('usa', shared.id)).toEqual([fromShared.id]);
    // The United States reads the project but not the programme: the filter answers as for a programme that does not exist.
    expect((await ok('usa', 'GET', `/industrial-projects/${fromOwn.id}`)).programmeIds).toEqual([]);
    expect(await ids('usa', own.id)).toEqual([]);
    expect(await ids('usa', '0190a000-0000-7000-8000-00000000beef')).toEqual([]);
    // The export (the CLI's) goes through the same filter.
    expect((await exportProjects(t.ctx, actors.usa as Actor, { programmeId: own.id })).map((x) => x.id)).toEqual([]);
    expect((await exportProjects(t.ctx, actors.usa as Actor, { programmeId: shared.id })).map((x) => x.id)).toEqual([
      fromShared.id,
    ]);
  });

  it('takes no follow-up on a closed project', async () => {
    const { t } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    await ok('mar', 'POST', `/industrial-projects/${p.id}/transitions`, {
      to: 'closed',
      reason: 'Not pursued',
      version: p.version,
    });
    const before = await countRows(t.ctx.db, 'industrial_follow_up');
    const note = await send('mar', 'POST', `/industrial-projects/${p.id}/follow-ups`, { body: 'Late note', language: 'en' });
    expect(note.statusCode).toBe(409);
    expect(note.json().code).toBe('industrial_project.closed');
    expect(await countRows(t.ctx.db, 'industrial_follow_up')).toBe(before);
  });

  it('moves a project only from the version its mover read: none is refused, a stale one answers 409', async () => {
    const { t, app } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    const events = await countRows(t.ctx.db, 'industrial_project_event');
    const none = await send('mar', 'POST', `/industrial-projects/${p.id}/transitions`, { to: 'agreed' });
    expect(none.statusCode).toBe(400);
    expect(none.json().code).toBe('request.version_required');
    const stale = await send('mar', 'POST', `/industrial-projects/${p.id}/transitions`, { to: 'agreed', version: p.version + 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('industrial_project.stale_version');
    expect(await countRows(t.ctx.db, 'industrial_project_event')).toBe(events);
    expect((await ok('mar', 'GET', `/industrial-projects/${p.id}`)).status).toBe('proposed');
    // The version may come as If-Match instead of in the body.
    const moved = await app.inject({
      method: 'POST',
      url: `/api/industrial-projects/${p.id}/transitions`,
      headers: { ...auth.mar, 'if-match': `"${p.version}"` },
      payload: { to: 'agreed' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'agreed', version: p.version + 1 });
    // A hidden project and a missing one answer alike, once the version is given.
    const missing = await send('usa', 'POST', `/industrial-projects/${newId()}/transitions`, { to: 'agreed' });
    expect(missing.json().code).toBe('request.version_required');
  });

  it('gives the partners that left before the leaving time the time of the change that removed them', async () => {
    const { t } = s;
    try {
      now = new Date('2027-07-01T08:00:00.000Z');
      const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
      const usaPartner = p.partners.find((x: Json) => x.party === 'USA').id;
      const commitment = await ok('usa', 'POST', `/industrial-projects/${p.id}/commitments`, {
        partnerId: usaPartner,
        what: 'Finance the test bench',
      });
      now = new Date('2027-07-02T08:00:00.000Z');
      const left = await ok('mar', 'PUT', `/industrial-projects/${p.id}/partners`, {
        partners: [{ id: p.partners[0].id, ...MOROCCO, share: '100' }],
        version: p.version,
      });
      now = new Date('2027-07-03T08:00:00.000Z');
      await ok('mar', 'PATCH', `/industrial-projects/${p.id}`, { jobsCreated: 3, version: left.version });
      // The schema as it was: the partner that left at a position below zero, and one more whose removal was not audited.
      await m0026.down(t.db);
      const legacy = newId();
      await t.db
        .insertInto('industrial_partner')
        .values({ id: legacy, project_id: p.id, position: -1, name: 'Former prime', party: 'ISR', role: 'prime', share_bp: 0 })
        .execute();
      await m0026.up(t.db);
      const read = await ok('usa', 'GET', `/industrial-projects/${p.id}`);
      expect(read.partners.map((x: Json) => x.party)).toEqual(['MAR']);
      expect(read.formerPartners.map((x: Json) => [x.id, x.leftAt, x.commitments.map((c: Json) => c.id)])).toEqual([
        [usaPartner, '2027-07-02T08:00:00.000Z', [commitment.id]],
        [legacy, '2027-07-03T08:00:00.000Z', []],
      ]);
    } finally {
      now = NOW;
    }
  });

  it('lists a partner that had left before every leaver was kept only to a reader of one of its commitments', async () => {
    const { t, actors } = s;
    const p = await ok('mar', 'POST', '/industrial-projects', PROJECT);
    const [marPartner, usaPartner] = [p.partners[0].id, p.partners[1].id];
    // The United States keeps its commitment to itself: Morocco, which owns the project, may not read it.
    const own = await ok('usa', 'POST', `/industrial-projects/${p.id}/commitments`, {
      partnerId: usaPartner,
      what: 'Finance the test bench',
    });
    const left = await ok('mar', 'PUT', `/industrial-projects/${p.id}/partners`, {
      partners: [
        { id: marPartner, ...MOROCCO, share: '60' },
        { name: 'Israeli industry', party: 'ISR', role: 'technology_provider', share: '40' },
      ],
      version: p.version,
    });
    const former = async (who: string) =>
      (await ok(who, 'GET', `/industrial-projects/${p.id}`)).formerPartners.map((x: Json) => [
        x.id,
        x.commitments.map((c: Json) => c.id),
      ]);
    // Left since every leaver is kept: listed to every reader of the project, with what each may read of it.
    expect(await former('mar')).toEqual([[usaPartner, []]]);
    // Kept from before: a partner was kept only with commitments, so Morocco, which may read none of them, does not see it.
    await m0036.down(t.db);
    await m0036.up(t.db);
    expect(await former('mar')).toEqual([]);
    expect(await former('usa')).toEqual([[usaPartner, [own.id]]]);
    const exported = await exportProjects(t.ctx, actors.mar as Actor, {});
    expect(exported.find((x) => x.id === p.id)?.formerPartners).toEqual([]);
    // A partner that leaves from now on is listed to every reader again, commitments or none.
    const isrPartner = left.partners[1].id;
    await ok('mar', 'PUT', `/industrial-projects/${p.id}/partners`, {
      partners: [{ id: marPartner, ...MOROCCO, share: '100' }],
      version: left.version,
    });
    expect(await former('mar')).toEqual([[isrPartner, []]]);
    expect(await former('usa')).toEqual([
      [usaPartner, [own.id]],
      [isrPartner, []],
    ]);
    // The migration run on these: a leaver without commitments left after 0026 (before it, such a
    // partner was deleted), so it stays listed to every reader; the one with commitments does not.
    await m0036.down(t.db);
    await m0036.up(t.db);
    expect(await former('mar')).toEqual([[isrPartner, []]]);
  });
});
