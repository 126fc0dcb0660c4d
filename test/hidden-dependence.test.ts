import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActionItems, updateActionItem } from '../src/app/action-item.usecases.js';
import { createActivity, deleteActivity, updateActivity } from '../src/app/activity.usecases.js';
import { activityHistory } from '../src/app/activity-history.usecases.js';
import { addAgendaItem, listAgenda, reorderAgendaItems } from '../src/app/agenda.usecases.js';
import { createSession } from '../src/app/commission.usecases.js';
import type { Actor } from '../src/app/context.js';
import { addFollowUp, listFollowUps } from '../src/app/follow-up.usecases.js';
import { createIndicator, updateIndicator } from '../src/app/indicator.usecases.js';
import { recordMinutes } from '../src/app/minutes.usecases.js';
import { createObjective, updateObjective } from '../src/app/objective.usecases.js';
import { createPlan, updatePlan } from '../src/app/plan.usecases.js';
import { transitionSessionStatus } from '../src/app/session.usecases.js';
import { DomainError } from '../src/domain/errors.js';
import { newId } from '../src/domain/ids.js';
import { CLASSIFICATIONS, canRead, type Label, marking } from '../src/domain/labels.js';
import { auditEntriesAbout, auditEntriesBy } from './support/audit-trail.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { activityInput, makeActor, seedWorld, sessionDefaults, yearPlanInput } from './support/fixtures.js';
import { prng } from './support/labelled-world.js';

const SEED = 20260306;
const NOW = new Date('2026-02-10T10:00:00Z');
/** Readers of every party the tests release to, at every level, with and without each compartment. */
const READER_PROFILES = ['MAR', 'ISR', 'USA'].flatMap((party) =>
  CLASSIFICATIONS.flatMap((clearance) =>
    [[], ['INDUS'], ['INTEL'], ['INDUS', 'INTEL']].map((compartments) => [party, clearance, compartments] as const),
  ),
);

/** What a refused use case answers, as the HTTP edge would map it. */
async function answerOf(p: Promise<unknown>) {
  try {
    await p;
    return { kind: 'ok' };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { kind: e.kind, message: e.message, issues: e.issues };
  }
}

describe.each(databases())('no answer depends on a record the asker cannot read, on %s', (kind) => {
  let t: TestDatabase;
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let n = 0;
  const code = () => `2026-HID-${String(++n).padStart(3, '0')}`;

  beforeAll(async () => {
    t = await openTestDatabase(kind, () => NOW);
    w = await seedWorld(t.ctx);
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('activity history', () => {
    it('keeps the old title of an activity renamed and lowered from SECRET//INDUS to UNCLASSIFIED from readers without INDUS', async () => {
      const created = await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(code(), {
          title: { fr: 'Opération Sirocco', en: 'Operation Sirocco' },
          classification: 'SECRET',
          compartments: ['INDUS'],
          releasableTo: ['ISR'],
        }),
      );
      await updateActivity(t.ctx, w.marPlanner, created.id, {
        title: { fr: 'Réunion technique', en: 'Technical meeting' },
        classification: 'UNCLASSIFIED',
        compartments: [],
        version: created.version,
      });
      const told = async (actor: Actor) => JSON.stringify((await activityHistory(t.ctx, actor, created.id)).items);
      const withoutIndus = await makeActor(t.ctx, 'MAR', ['viewer'], 'TOP_SECRET', ['INTEL']);
      const withIndus = await makeActor(t.ctx, 'MAR', ['viewer'], 'SECRET', ['INDUS']);
      const partnerWithIndus = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET', ['INDUS']);
      for (const reader of [withoutIndus, w.isrPlanner]) {
        const history = await told(reader);
        expect(history, reader.username).not.toContain('Sirocco');
        expect(history, reader.username).not.toContain('INDUS');
      }
      for (const reader of [withIndus, partnerWithIndus, w.marPlanner])
        expect(await told(reader), reader.username).toContain('Operation Sirocco');
    });
  });

  describe('audit entries of edits', () => {
    /** The label an entry about an edit carries, as readers see it. */
    const entryLabel = async (entityId: string, action: string) => {
      const e = (await auditEntriesAbout(t.db, entityId, action)).at(-1);
      if (!e) throw new Error(`no ${action} entry about ${entityId}`);
      return (await t.ctx.codec()).decode({ ...e, owner_party: String(e.owner_party) });
    };
    const readers = READER_PROFILES.map(([party, clearance, compartments]) => ({ party, clearance, compartments }));

    it('are read only by readers of both the old and the new label of an activity, over generated edits', async () => {
      const rng = prng(SEED + 2);
      const labelOf = (): Label => ({
        ownerParty: 'MAR',
        classification: rng.pick(CLASSIFICATIONS),
        releasableTo: rng.sample(['ISR', 'USA'], rng.int(3)).sort(),
        compartments: ['INDUS', 'INTEL'].filter(() => rng.next() < 0.4),
      });
      for (let i = 0; i < 16; i++) {
        const [from, to] = [labelOf(), labelOf()];
        const a = await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(code(), { ...from }));
        await updateActivity(t.ctx, w.marPlanner, a.id, {
          title: { fr: `Renommée ${i}` },
          classification: to.classification,
          releasableTo: to.releasableTo,
          compartments: to.compartments,
          version: a.version,
        });
        const label = await entryLabel(a.id, 'activity.update');
        for (const r of readers)
          expect(canRead(r, label), `${JSON.stringify(r)} ${marking(from)} → ${marking(to)}`).toBe(
            canRead(r, from) && canRead(r, to),
          );
      }
    });

    it('of plans, objectives and indicators renamed and lowered from SECRET//INDUS keep that label', async () => {
      const secret = { classification: 'SECRET' as const, releasableTo: ['ISR'], compartments: ['INDUS'] };
      const lowered = { classification: 'UNCLASSIFIED' as const, compartments: [] };
      const plan = await createPlan(
        t.ctx,
        w.marPlanner,
        yearPlanInput(w.commission.id, 2026, { title: { fr: 'Plan Sirocco' }, ...secret }),
      );
      await updatePlan(t.ctx, w.marPlanner, plan.id, { title: { fr: 'Plan' }, ...lowered, version: plan.version });
      const objective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Objectif Sirocco' },
        description: {},
        activityIds: [],
        ...secret,
      });
      await updateObjective(t.ctx, w.marPlanner, objective.id, {
        title: { fr: 'Objectif' },
        ...lowered,
        version: objective.version,
      });
      const objectiveOpen = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Objectif ouvert' },
        description: {},
        activityIds: [],
        classification: 'UNCLASSIFIED',
        releasableTo: ['ISR'],
        compartments: [],
      });
      const indicator = await createIndicator(t.ctx, w.marPlanner, objectiveOpen.id, {
        name: 'Sirocco',
        unit: 'réunions',
        baselineValue: 0,
        baselineDate: '2026-01-01',
        targetValue: 4,
        targetDate: '2026-12-31',
        ...secret,
      });
      await updateIndicator(t.ctx, w.marPlanner, indicator.id, { name: 'Réunions', ...lowered, version: indicator.version });
      for (const [id, action] of [
        [plan.id, 'plan.update'],
        [objective.id, 'objective.update'],
        [indicator.id, 'indicator.update'],
      ] as const)
        expect(await entryLabel(id, action), action).toMatchObject({ classification: 'SECRET', compartments: ['INDUS'] });
    });
  });

  describe('follow-ups attached to an activity', () => {
    it("are released to the activity's owner whatever release the partner who wrote them asked for", async () => {
      const activity = await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(code()));
      const note = await addFollowUp(t.ctx, w.isrPlanner, activity.id, {
        kind: 'note',
        body: 'Note israélienne',
        language: 'fr',
        classification: 'SECRET',
        releasableTo: [],
      });
      expect(note.releasableTo).toEqual(['MAR']);
      const seen = await listFollowUps(t.ctx, w.marPlanner, activity.id);
      expect(seen.items.map((f) => f.id)).toContain(note.id);
      // Within the owner's party the read rule still holds: a reader below SECRET does not read it.
      const low = await makeActor(t.ctx, 'MAR', ['viewer'], 'CONFIDENTIAL');
      expect((await listFollowUps(t.ctx, low, activity.id)).items.map((f) => f.id)).not.toContain(note.id);
    });
  });

  describe('deleting an activity', () => {
    it('refuses alike an activity with follow-ups the deleter cannot read and one with follow-ups it reads, and audits the refusal', async () => {
      const deleter = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET');
      const make = () => createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(code()));
      const [hidden, visible, bare] = [await make(), await make(), await make()];
      const secret = await addFollowUp(t.ctx, w.marPlanner, hidden.id, {
        kind: 'note',
        body: 'Réservé',
        language: 'fr',
        classification: 'TOP_SECRET',
        compartments: ['INDUS'],
      });
      await addFollowUp(t.ctx, deleter, visible.id, { kind: 'note', body: 'Lisible', language: 'fr' });

      const onHidden = await answerOf(deleteActivity(t.ctx, deleter, hidden.id, hidden.version));
      const onVisible = await answerOf(deleteActivity(t.ctx, deleter, visible.id, visible.version));
      expect(onHidden.kind).toBe('conflict');
      expect(onHidden).toEqual(onVisible);
      expect(await t.db.selectFrom('follow_up').select('id').where('id', '=', secret.id).executeTakeFirst()).toBeDefined();
      expect(await t.db.selectFrom('activity').select('id').where('id', '=', hidden.id).executeTakeFirst()).toBeDefined();
      const refusals = await t.db
        .selectFrom('audit_entry')
        .select(['entity_id', 'actor_id', 'detail'])
        .where('action', '=', 'activity.delete_refused')
        .execute();
      expect(refusals.filter((r) => r.actor_id === deleter.userId).map((r) => r.entity_id)).toEqual(
        expect.arrayContaining([hidden.id, visible.id]),
      );
      for (const r of refusals) expect(r.detail).not.toContain(secret.id);
      // The refusal changed nothing: the activity's history does not tell it.
      const history = await activityHistory(t.ctx, deleter, hidden.id);
      expect(history.items.map((i) => i.action)).not.toContain('activity.delete_refused');

      expect(await answerOf(deleteActivity(t.ctx, deleter, bare.id, bare.version))).toEqual({ kind: 'ok' });
    });

    it('audits the links to objectives the deleter cannot read that go with a deleted activity, for their readers', async () => {
      const deleter = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET');
      const activity = await createActivity(t.ctx, w.marPlanner, w.plan.id, activityInput(code()));
      const objective = await createObjective(t.ctx, w.marPlanner, w.plan.id, {
        title: { fr: 'Objectif réservé' },
        description: {},
        activityIds: [activity.id],
        classification: 'TOP_SECRET',
        releasableTo: [],
        compartments: ['INTEL'],
      });
      expect(await answerOf(deleteActivity(t.ctx, deleter, activity.id, activity.version))).toEqual({ kind: 'ok' });
      const [entry] = await auditEntriesAbout(t.db, objective.id, 'objective.unlink');
      expect(entry?.actor_id).toBe(deleter.userId);
      expect(JSON.parse(entry?.detail ?? '{}')).toEqual({ activityId: activity.id, cascade: 'activity.delete' });
      const label = (await t.ctx.codec()).decode({ ...(entry as NonNullable<typeof entry>), owner_party: 'MAR' });
      expect(label).toMatchObject({ classification: 'TOP_SECRET', compartments: ['INTEL'], releasableTo: [] });
    });
  });

  describe('sessions', () => {
    let sessionId = '';
    let itemId = '';
    let itemVersion = 1;
    let number = 10;
    let linked = { actionItemId: '', activityId: '' };
    const newSession = async () => {
      const s = await createSession(t.ctx, w.marPlanner, w.commission.id, {
        number: ++number,
        startDate: '2026-02-10',
        endDate: '2026-02-11',
        ...sessionDefaults,
      });
      await transitionSessionStatus(t.ctx, w.marPlanner, s.id, { to: 'convened' });
      return s.id;
    };

    beforeAll(async () => {
      sessionId = await newSession();
      const item = await addAgendaItem(t.ctx, w.marPlanner, sessionId, { title: 'Suivi', releasableTo: ['ISR'] });
      itemId = item.id;
      itemVersion = item.version;
    });

    it('shows an action item linked to an activity only with the ids its reader may read', async () => {
      const secret = await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(code(), { classification: 'TOP_SECRET', releasableTo: ['ISR'] }),
      );
      const minutes = await recordMinutes(t.ctx, w.marPlanner, itemId, {
        summary: 'Revue',
        decisions: 'Suivre',
        actionItems: [
          {
            title: 'Suivre l’activité',
            responsibleParty: 'ISR',
            responsibleOrganisation: null,
            dueDate: '2026-06-30',
            activityId: secret.id,
            planId: w.plan.id,
          },
        ],
        version: itemVersion,
      });
      const actionItemId = minutes.actionItems[0]?.id;
      expect(minutes.actionItems[0]?.activityId).toBe(secret.id);
      const seenBy = async (actor: Actor) =>
        (await listActionItems(t.ctx, actor, w.commission.id, {})).items.find((a) => a.id === actionItemId);
      expect((await seenBy(w.marPlanner))?.activityId).toBe(secret.id);
      const partner = await seenBy(w.isrPlanner);
      expect(partner).toBeDefined();
      expect(partner?.activityId).toBeNull();
      expect(partner?.planId).toBe(w.plan.id);
      linked = { actionItemId: String(actionItemId), activityId: secret.id };
    });

    it('keeps a link its editor cannot see when the edit sends back the null it was shown, and audits no hidden id', async () => {
      const edited = await updateActionItem(t.ctx, w.isrPlanner, linked.actionItemId, {
        title: 'Suivre l’activité (corrigé)',
        activityId: null,
        version: 1,
      });
      expect(edited.activityId).toBeNull();
      const stored = await t.db
        .selectFrom('action_item')
        .select('activity_id')
        .where('id', '=', linked.actionItemId)
        .executeTakeFirstOrThrow();
      expect(stored.activity_id).toBe(linked.activityId);
      const entries = await auditEntriesAbout(t.db, linked.actionItemId, 'action_item.update');
      expect(entries).toHaveLength(1);
      expect(entries[0]?.detail).not.toContain(linked.activityId);
    });

    it('refuses an action item linked to an activity its writer cannot read exactly as one linked to no activity', async () => {
      const secret = await createActivity(
        t.ctx,
        w.marPlanner,
        w.plan.id,
        activityInput(code(), { classification: 'TOP_SECRET', releasableTo: ['ISR'] }),
      );
      const id = await newSession();
      const item = await addAgendaItem(t.ctx, w.isrPlanner, id, { title: 'Point israélien', releasableTo: ['MAR'] });
      const minutesLinkedTo = (activityId: string) =>
        answerOf(
          recordMinutes(t.ctx, w.isrPlanner, item.id, {
            summary: 'Revue',
            decisions: 'Suivre',
            actionItems: [
              {
                title: 'Suivre',
                responsibleParty: 'ISR',
                responsibleOrganisation: null,
                dueDate: '2026-06-30',
                activityId,
                planId: null,
              },
            ],
            version: item.version,
          }),
        );
      const hidden = await minutesLinkedTo(secret.id);
      expect(hidden.kind).toBe('invalid');
      expect(hidden).toEqual(await minutesLinkedTo(newId()));
    });

    it('numbers the agenda 1..n among the items each reader may read, before and after a reorder', async () => {
      const rng = prng(SEED);
      const id = await newSession();
      const labels: Label[] = [];
      for (let i = 0; i < 14; i++) {
        const label: Label = {
          ownerParty: 'MAR',
          classification: rng.pick(CLASSIFICATIONS),
          releasableTo: rng.next() < 0.7 ? ['ISR'] : [],
          compartments: rng.next() < 0.3 ? ['INDUS'] : [],
        };
        labels.push(label);
        await addAgendaItem(t.ctx, w.marPlanner, id, { title: `Point ${i}`, ...label });
      }
      const readers: Actor[] = [];
      for (let i = 0; i < 8; i++) {
        const party = rng.pick(['MAR', 'ISR']);
        readers.push(await makeActor(t.ctx, party, ['planner'], rng.pick(CLASSIFICATIONS), rng.next() < 0.5 ? ['INDUS'] : []));
      }
      const full = (await listAgenda(t.ctx, w.marPlanner, id)).items;
      expect(full.map((i) => i.position)).toEqual(full.map((_, i) => i + 1));
      for (const reader of readers) {
        const readable = full.filter((i) => canRead(reader, i));
        const seen = (await listAgenda(t.ctx, reader, id)).items;
        expect(
          seen.map((i) => i.id),
          reader.username,
        ).toEqual(readable.map((i) => i.id));
        expect(
          seen.map((i) => i.position),
          reader.username,
        ).toEqual(seen.map((_, i) => i + 1));
        if (seen.length < 2) continue;
        const order = rng.sample(
          seen.map((i) => i.id),
          seen.length,
        );
        const after = (await reorderAgendaItems(t.ctx, reader, id, order)).items;
        expect(after.map((i) => i.id)).toEqual(order);
        expect(after.map((i) => i.position)).toEqual(order.map((_, i) => i + 1));
        const moved = await auditEntriesBy(t.db, reader.userId, 'agenda.move');
        for (const m of moved) {
          const { from, to } = JSON.parse(m.detail) as { from: number; to: number };
          expect(from).toBeLessThanOrEqual(seen.length);
          expect(to).toBeLessThanOrEqual(seen.length);
        }
        // What the reader cannot read kept its place among the whole agenda.
        const now = (await listAgenda(t.ctx, w.marPlanner, id)).items;
        const hidden = (items: typeof full) =>
          items.map((i, at) => (canRead(reader, i) ? null : `${at}:${i.id}`)).filter((x) => x !== null);
        expect(hidden(now)).toEqual(hidden(full));
        full.splice(0, full.length, ...now);
      }
      const added = await addAgendaItem(t.ctx, w.isrPlanner, id, { title: 'Ajout', releasableTo: ['MAR'] });
      expect(added.position).toBe((await listAgenda(t.ctx, w.isrPlanner, id)).items.length);
    });
  });
});
