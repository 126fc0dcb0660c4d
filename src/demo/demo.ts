import { createActivity, transitionActivityStatus } from '../app/activity.usecases.js';
import { addUser } from '../app/auth.usecases.js';
import { createCommission, createSession } from '../app/commission.usecases.js';
import { type Actor, type AppContext, createContext } from '../app/context.js';
import { addFollowUp } from '../app/follow-up.usecases.js';
import { createPlan, transitionPlanStatus } from '../app/plan.usecases.js';
import { createSource } from '../app/source.usecases.js';
import { activityCreateSchema } from '../domain/activity.schema.js';
import { commissionCreateSchema, sessionCreateSchema } from '../domain/commission.schema.js';
import { conflict } from '../domain/errors.js';
import { followUpCreateSchema } from '../domain/follow-up.schema.js';
import { newId } from '../domain/ids.js';
import { planCreateSchema } from '../domain/plan.schema.js';
import { sourceCreateSchema } from '../domain/source.schema.js';
import type { Db } from '../store/db.js';
import { insertCompartment, insertOrganisation, insertParty } from '../store/party.repo.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './accounts.js';
import {
  ACTIVITIES,
  type AccountKey,
  COMMISSION,
  COMPARTMENTS,
  CONTRIBUTORS,
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
 * session and the 2026 work plan it adopted, run through 2026 with the same
 * use cases people use. With ifEmpty it loads only into a database without
 * parties. Returns whether it loaded.
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

  clock.moveTo(PLAN_STORY.proposed);
  await transitionPlanStatus(demo, marPlanner, plan.id, {
    to: 'proposed',
    reason: 'Plan adopté lors de la 3e session (Tel-Aviv), soumis à l’approbation des deux parties.',
  });
  clock.moveTo(PLAN_STORY.approvedByMar);
  await transitionPlanStatus(demo, marPlanner, plan.id, { to: 'approved', reason: 'Approbation de la partie marocaine.' });
  clock.moveTo(PLAN_STORY.approvedByIsr);
  await transitionPlanStatus(demo, isrPlanner, plan.id, { to: 'approved', reason: 'Approval of the Israeli party.' });
  clock.moveTo(PLAN_STORY.inExecution);
  await transitionPlanStatus(demo, marPlanner, plan.id, { to: 'in_execution', reason: 'Début de l’exécution du plan 2026.' });

  // Every activity's story, told in the order the days came.
  const steps = ACTIVITIES.flatMap((a) => a.story.map((step) => ({ refCode: a.refCode, step })));
  steps.sort((x, y) => x.step.on.localeCompare(y.step.on));
  for (const { refCode, step } of steps) {
    clock.moveTo(step.on);
    const id = activityIds.get(refCode);
    if (!id) throw new Error(`demo step for unknown activity ${refCode}`);
    await runStep(demo, actors, id, step);
  }

  ctx.refreshCodec();
  return true;
}

/** Loading twice would clash on party codes and usernames; say which instead of failing half-way. */
async function assertNoDemoYet(db: Db) {
  const codes = PARTIES.map((p) => p.code);
  const usernames = [...DEMO_ACCOUNTS, ...CONTRIBUTORS].map((a) => a.username);
  const parties = await db.selectFrom('party').select('code').where('code', 'in', codes).execute();
  const users = await db.selectFrom('app_user').select('username').where('username', 'in', usernames).execute();
  const clash = [...parties.map((p) => `party ${p.code}`), ...users.map((u) => `user ${u.username}`)];
  if (clash.length) throw conflict(`The demo is already loaded here, or clashes with existing data: ${clash.join(', ')}`);
}

async function addAccounts(ctx: AppContext): Promise<Record<AccountKey, Actor>> {
  const actors: Record<string, Actor> = {};
  for (const account of [...DEMO_ACCOUNTS, ...CONTRIBUTORS]) {
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
