import { transitionActionItemStatus } from '../app/action-item.usecases.js';
import { createActivity, getActivity, transitionActivityStatus, updateActivity } from '../app/activity.usecases.js';
import { addAgendaItem, prepareAgenda } from '../app/agenda.usecases.js';
import { addUser } from '../app/auth.usecases.js';
import { createCommission, createSession } from '../app/commission.usecases.js';
import { type Actor, type AppContext, createContext } from '../app/context.js';
import { addFollowUp } from '../app/follow-up.usecases.js';
import { addMeasurement, createIndicator } from '../app/indicator.usecases.js';
import { recordMinutes } from '../app/minutes.usecases.js';
import { createObjective, listObjectives, updateObjective } from '../app/objective.usecases.js';
import { createPlan, transitionPlanStatus } from '../app/plan.usecases.js';
import { createAmendment, transitionRevision } from '../app/revision.usecases.js';
import { transitionSessionStatus } from '../app/session.usecases.js';
import { createSource } from '../app/source.usecases.js';
import { type ActivityCreate, activityCreateSchema } from '../domain/activity.schema.js';
import { commissionCreateSchema, sessionCreateSchema } from '../domain/commission.schema.js';
import { followUpCreateSchema } from '../domain/follow-up.schema.js';
import { newId } from '../domain/ids.js';
import { indicatorCreateSchema } from '../domain/indicator.schema.js';
import { objectiveCreateSchema } from '../domain/objective.schema.js';
import { planCreateSchema } from '../domain/plan.schema.js';
import { problem } from '../domain/problems.js';
import { agendaItemCreateSchema, minutesInputSchema } from '../domain/session.schema.js';
import { sourceCreateSchema } from '../domain/source.schema.js';
import type { Db } from '../store/db.js';
import { insertCompartment, insertOrganisation, insertParty } from '../store/party.repo.js';
import { DEMO_PASSWORD, EVERY_DEMO_ACCOUNT } from './accounts.js';
import {
  ACTIVITIES,
  type AccountKey,
  COMMISSION,
  COMPARTMENTS,
  type DemoActivity,
  type DemoStep,
  ORGANISATIONS,
  type OrgKey,
  PARTIES,
  PLAN,
  PLAN_STORY,
  SESSION,
  SOURCES,
  type SourceKey,
} from './demo.content.js';
import { industryEvents } from './demo.industry.js';
import { offsetEvents } from './demo.offsets.js';
import { programmeEvents } from './demo.programmes.js';
import {
  AGENDA,
  AMENDMENT,
  type DemoActionItem,
  type DemoIndicator,
  type DemoObjective,
  INDICATOR_PERIOD,
  NEXT_SESSION,
  OBJECTIVES,
  OBJECTIVES_ENTERED,
  SESSION_STORY,
} from './demo.review.js';

/** The day the installation was set up, before the 3rd session. */
const SETUP_DAY = '2025-12-15';

/**
 * A clock the demo moves forward through 2026, so that every use case records
 * its event at the day it happened: history, follow-ups and the audit trail
 * then read as a plan that has been run since January. Events of one day are
 * a few minutes apart, in the order they were told.
 */
class DemoClock {
  private at = new Date(`${SETUP_DAY}T08:00:00Z`);

  readonly now = () => this.at;

  moveTo(day: string) {
    const start = new Date(`${day}T08:00:00Z`);
    if (start.getTime() < this.at.getTime() - 24 * 3600_000)
      throw new Error(`demo events out of order: ${day} comes after ${this.at.toISOString()}`);
    this.at = start > this.at ? start : new Date(this.at.getTime() + 7 * 60_000);
  }
}

/**
 * Loads the demo: the Morocco–Israel Joint Military Commission, its 3rd
 * session with its minutes and action items, the 2026 work plan it adopted
 * with its objectives, indicators and one amendment, run through 2026 with
 * the same use cases people use, up to the 4th session in preparation. With
 * ifEmpty it loads only into a database without parties. Returns whether it
 * loaded.
 */
export async function loadDemo(ctx: AppContext, opts: { ifEmpty: boolean }): Promise<boolean> {
  if (opts.ifEmpty && (await ctx.db.selectFrom('party').select('code').limit(1).executeTakeFirst())) return false;
  await assertNoDemoYet(ctx.db);
  const clock = new DemoClock();
  const demo = createContext(ctx.db, clock.now);

  for (const p of PARTIES) await insertParty(ctx.db, p.code, p.name);
  for (const c of COMPARTMENTS) await insertCompartment(ctx.db, c.code, c.name);
  demo.refreshCodec();
  const orgIds = {} as Record<OrgKey, string>;
  for (const [key, org] of Object.entries(ORGANISATIONS) as [OrgKey, (typeof ORGANISATIONS)[OrgKey]][]) {
    orgIds[key] = newId();
    await insertOrganisation(ctx.db, { id: orgIds[key], ...org });
  }
  const actors = await addAccounts(demo);
  const marPlanner = actors['mar.planner'];
  const isrPlanner = actors['isr.planner'];

  const commission = await createCommission(demo, marPlanner, commissionCreateSchema.parse(COMMISSION));

  clock.moveTo(PLAN_STORY.entered);
  const sourceIds = {} as Record<SourceKey, string>;
  for (const [key, source] of Object.entries(SOURCES) as [SourceKey, (typeof SOURCES)[SourceKey]][])
    sourceIds[key] = (await createSource(demo, marPlanner, sourceCreateSchema.parse(source))).id;
  const session = await createSession(
    demo,
    isrPlanner,
    commission.id,
    sessionCreateSchema.parse({ ...SESSION, sourceId: sourceIds.A }),
  );
  const plan = await createPlan(
    demo,
    marPlanner,
    planCreateSchema.parse({ ...PLAN, commissionId: commission.id, sessionId: session.id, sourceId: sourceIds.A }),
  );
  const activityIds = new Map<string, string>();
  for (const a of ACTIVITIES) {
    const created = await createActivity(demo, marPlanner, plan.id, activityInput(a, orgIds, sourceIds));
    activityIds.set(a.refCode, created.id);
  }

  const idOf = (refCode: string) => {
    const id = activityIds.get(refCode);
    if (!id) throw new Error(`demo step for unknown activity ${refCode}`);
    return id;
  };
  const actionItemIds = await recordThirdSession(demo, isrPlanner, session.id, plan.id, idOf);

  clock.moveTo(PLAN_STORY.proposed);
  await transitionPlanStatus(demo, marPlanner, plan.id, {
    to: 'proposed',
    reason: 'Plan adopté lors de la 3e session (Tel-Aviv), soumis à l’approbation des deux parties.',
  });
  clock.moveTo(PLAN_STORY.approvedByMar);
  await transitionPlanStatus(demo, marPlanner, plan.id, { to: 'approved', reason: 'Approbation de la partie marocaine.' });
  clock.moveTo(SESSION_STORY.minutesApprovedByMar);
  await transitionSessionStatus(demo, marPlanner, session.id, { to: 'minutes_approved' });
  clock.moveTo(PLAN_STORY.approvedByIsr);
  await transitionPlanStatus(demo, isrPlanner, plan.id, { to: 'approved', reason: 'Approval of the Israeli party.' });
  clock.moveTo(SESSION_STORY.minutesApprovedByIsr);
  await transitionSessionStatus(demo, isrPlanner, session.id, { to: 'minutes_approved' });
  clock.moveTo(PLAN_STORY.inExecution);
  await transitionPlanStatus(demo, marPlanner, plan.id, { to: 'in_execution', reason: 'Début de l’exécution du plan 2026.' });

  // Everything that happened during the year, told in the order the days came.
  const timeline: { on: string; run: () => Promise<unknown> }[] = [];
  const indicatorIds = new Map<DemoIndicator, string>();
  const objectiveIds = new Map<DemoObjective, string>();
  timeline.push({
    on: OBJECTIVES_ENTERED,
    run: () => createObjectives(demo, marPlanner, plan.id, idOf, objectiveIds, indicatorIds),
  });
  for (const objective of OBJECTIVES)
    for (const indicator of objective.indicators)
      for (const m of indicator.measurements)
        timeline.push({
          on: m.date,
          run: () =>
            addMeasurement(demo, actors[m.by], indicatorIds.get(indicator) ?? '', {
              date: m.date,
              value: m.value,
              sourceId: null,
            }),
        });
  for (const [item, id] of actionItemIds)
    for (const step of item.story)
      timeline.push({
        on: step.on,
        run: () => transitionActionItemStatus(demo, actors[step.by], id, { to: step.to, reason: step.reason }),
      });
  for (const a of [...ACTIVITIES, AMENDMENT.added])
    for (const step of a.story) timeline.push({ on: step.on, run: () => runStep(demo, actors, idOf(a.refCode), step) });
  timeline.push(...amendmentEvents(demo, actors, plan.id, activityIds, objectiveIds, (a) => activityInput(a, orgIds, sourceIds)));
  timeline.push(...nextSessionEvents(demo, marPlanner, commission.id));
  timeline.push(...programmeEvents(demo, actors, { commissionId: commission.id, planId: plan.id, activityId: idOf }));
  timeline.push(...industryEvents(demo, actors));
  timeline.push(...offsetEvents(demo, actors));
  timeline.sort((x, y) => x.on.localeCompare(y.on));
  for (const event of timeline) {
    clock.moveTo(event.on);
    await event.run();
  }

  ctx.refreshCodec();
  return true;
}

/** Loading twice would clash on party codes and usernames; say which instead of failing half-way. */
async function assertNoDemoYet(db: Db) {
  const codes = PARTIES.map((p) => p.code);
  const usernames = EVERY_DEMO_ACCOUNT.map((a) => a.username);
  const parties = await db.selectFrom('party').select('code').where('code', 'in', codes).execute();
  const users = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  const clash = [...parties.map((p) => `party ${p.code}`), ...users.map((u) => `user ${u.username}`)];
  if (clash.length) throw problem('demo.clash', { clash: clash.join(', ') });
}

async function addAccounts(ctx: AppContext): Promise<Record<AccountKey, Actor>> {
  const actors: Record<string, Actor> = {};
  for (const account of EVERY_DEMO_ACCOUNT) {
    const user = await addUser(ctx, null, { ...account, password: DEMO_PASSWORD });
    actors[account.username] = { ...user, userId: user.id };
  }
  return actors as Record<AccountKey, Actor>;
}

function activityInput(a: DemoActivity, orgIds: Record<OrgKey, string>, sourceIds: Record<SourceKey, string>) {
  const { source, leadOrganisation, story: _story, ...fields } = a;
  return activityCreateSchema.parse({
    ...fields,
    leadOrganisationId: leadOrganisation ? orgIds[leadOrganisation] : null,
    sourceId: sourceIds[source],
  });
}

async function runStep(ctx: AppContext, actors: Record<AccountKey, Actor>, activityId: string, step: DemoStep) {
  if ('note' in step) {
    const input = followUpCreateSchema.parse({
      kind: step.kind ?? 'note',
      body: step.note,
      language: step.language,
      ...step.label,
    });
    await addFollowUp(ctx, actors[step.by], activityId, input);
    return;
  }
  // Activities belong to the plan's owner, Morocco; its planner moves them.
  const planner = actors['mar.planner'];
  switch (step.to) {
    case 'conducted':
      await transitionActivityStatus(ctx, planner, activityId, {
        to: 'conducted',
        actualStart: step.actual[0],
        actualEnd: step.actual[1],
      });
      return;
    case 'postponed':
      await transitionActivityStatus(ctx, planner, activityId, {
        to: 'postponed',
        plannedPeriod: step.period,
        reason: step.reason,
      });
      return;
    default:
      await transitionActivityStatus(ctx, planner, activityId, { to: step.to, reason: step.reason });
  }
}

/**
 * The record of the 3rd session, entered on return from Tel Aviv by the host's
 * planner: convened, its agenda, held, and the minutes of each item with the
 * action items its decisions created. Returns each action item's id.
 */
async function recordThirdSession(
  ctx: AppContext,
  host: Actor,
  sessionId: string,
  planId: string,
  idOf: (refCode: string) => string,
): Promise<Map<DemoActionItem, string>> {
  await transitionSessionStatus(ctx, host, sessionId, { to: 'convened' });
  const items = [];
  for (const item of AGENDA)
    items.push(await addAgendaItem(ctx, host, sessionId, agendaItemCreateSchema.parse({ title: item.title, ...item.label })));
  await transitionSessionStatus(ctx, host, sessionId, { to: 'held' });
  const ids = new Map<DemoActionItem, string>();
  // An action item links only an activity its writer may read: the host is not cleared for INDUS.
  const linkable = async (refCode: string | undefined) => {
    if (!refCode) return null;
    const found = await getActivity(ctx, host, idOf(refCode)).catch(() => null);
    return found?.id ?? null;
  };
  for (const [i, item] of AGENDA.entries()) {
    const agendaItem = items[i];
    if (!agendaItem) throw new Error(`no agenda item for ${item.title}`);
    const links = await Promise.all(item.actionItems.map((a) => linkable(a.activity)));
    const minutes = minutesInputSchema.parse({
      summary: item.summary,
      decisions: item.decisions,
      version: agendaItem.version,
      actionItems: item.actionItems.map((a, j) => ({
        title: a.title,
        responsibleParty: a.responsibleParty,
        responsibleOrganisation: ORGANISATIONS[a.responsibleOrganisation].name,
        dueDate: a.dueDate,
        activityId: links[j] ?? null,
        planId,
      })),
    });
    const recorded = await recordMinutes(ctx, host, agendaItem.id, minutes);
    item.actionItems.forEach((a, j) => {
      const created = recorded.actionItems[j];
      if (!created) throw new Error(`no action item for ${a.title}`);
      ids.set(a, created.id);
    });
  }
  return ids;
}

/** The objectives of the plan, linked to the activities that serve them, each with its indicators. */
async function createObjectives(
  ctx: AppContext,
  planner: Actor,
  planId: string,
  idOf: (refCode: string) => string,
  objectiveIds: Map<DemoObjective, string>,
  indicatorIds: Map<DemoIndicator, string>,
) {
  for (const o of OBJECTIVES) {
    const objective = await createObjective(
      ctx,
      planner,
      planId,
      objectiveCreateSchema.parse({
        title: o.title,
        description: o.description,
        activityIds: o.activities.map(idOf),
        ...o.label,
      }),
    );
    objectiveIds.set(o, objective.id);
    for (const indicator of o.indicators) {
      const { measurements: _measurements, ...fields } = indicator;
      const created = await createIndicator(
        ctx,
        planner,
        objective.id,
        indicatorCreateSchema.parse({ ...fields, ...INDICATOR_PERIOD, ...o.label }),
      );
      indicatorIds.set(indicator, created.id);
    }
  }
}

/**
 * The amendment after the mid-year review: opened, an activity added (and
 * linked to the objective it serves) and one moved while it is open,
 * proposed, then approved by each party.
 */
function amendmentEvents(
  ctx: AppContext,
  actors: Record<AccountKey, Actor>,
  planId: string,
  activityIds: Map<string, string>,
  objectiveIds: Map<DemoObjective, string>,
  inputOf: (a: DemoActivity) => ActivityCreate,
) {
  const planner = actors['mar.planner'];
  let number = 0;
  return [
    {
      on: AMENDMENT.opened,
      run: async () => {
        number = (await createAmendment(ctx, planner, planId, AMENDMENT.reason)).number;
      },
    },
    {
      on: AMENDMENT.changed,
      run: async () => {
        const added = await createActivity(ctx, planner, planId, inputOf(AMENDMENT.added));
        activityIds.set(added.refCode, added.id);
        const served = (await listObjectives(ctx, planner, planId)).items.find(
          (o) => o.id === objectiveIds.get(AMENDMENT.serves),
        );
        if (!served) throw new Error('the amendment serves an objective the demo did not create');
        await updateObjective(ctx, planner, served.id, {
          activityIds: [...served.activityIds, added.id],
          version: served.version,
        });
        const movedId = activityIds.get(AMENDMENT.moved.refCode) ?? '';
        const moved = await getActivity(ctx, planner, movedId);
        await updateActivity(ctx, planner, movedId, { plannedPeriod: AMENDMENT.moved.plannedPeriod, version: moved.version });
      },
    },
    { on: AMENDMENT.proposed, run: () => transitionRevision(ctx, planner, planId, number, 'proposed') },
    { on: AMENDMENT.approvedByMar, run: () => transitionRevision(ctx, planner, planId, number, 'approved') },
    { on: AMENDMENT.approvedByIsr, run: () => transitionRevision(ctx, actors['isr.planner'], planId, number, 'approved') },
  ];
}

/** The 4th session, entered by its host and its agenda prepared: open business carried forward. */
function nextSessionEvents(ctx: AppContext, host: Actor, commissionId: string) {
  let sessionId = '';
  return [
    {
      on: NEXT_SESSION.entered,
      run: async () => {
        sessionId = (await createSession(ctx, host, commissionId, sessionCreateSchema.parse(NEXT_SESSION.session))).id;
      },
    },
    {
      on: NEXT_SESSION.agendaPrepared,
      run: async () => {
        await prepareAgenda(ctx, host, sessionId);
        for (const item of NEXT_SESSION.freeItems) await addAgendaItem(ctx, host, sessionId, agendaItemCreateSchema.parse(item));
      },
    },
  ];
}
