import { type Kysely, sql } from 'kysely';
import { createToken, hashPassword } from '../app/auth.usecases.js';
import type { AppContext } from '../app/context.js';
import { levelOf } from '../domain/labels.js';
import { contentHash, planContent } from '../domain/plan-diff.js';
import { insertActivities } from '../store/activity.repo.js';
import { appendAudit, type NewAuditEntry } from '../store/audit.repo.js';
import type { Database, LabelColumns } from '../store/database.js';
import { isPostgres } from '../store/dialect.js';
import { insertCompartment, insertOrganisation, insertParty } from '../store/party.repo.js';
import { insertRevisionActivities } from '../store/revision.repo.js';
import { reindex } from '../store/search-index.js';
import { inTransaction } from '../store/tx.js';
import {
  DAY,
  type GeneratedActivity,
  generateActivity,
  HOUR,
  idMaker,
  isoAt,
  type PlanContext,
  type World,
} from './generate-activity.js';
import {
  GENERATED_COMMISSIONS,
  GENERATED_COMPARTMENTS,
  GENERATED_PARTIES,
  type GeneratedCommission,
} from './generate-vocabulary.js';
import { Random } from './random.js';

export { GENERATED_AS_OF } from './generate-activity.js';

/** The password of every generated account (the data set is for tests and benchmarks only). */
export const GENERATED_PASSWORD = 'generated-2026';
/** Plans hold this many activities, so 100,000 activities make 20 plans and 1,000,000 make 200. */
export const ACTIVITIES_PER_PLAN = 5000;

import { issue, problem } from '../domain/problems.js';
import { MAX_ACTIVITIES } from './generate.constants.js';

export { MAX_ACTIVITIES };

export interface GenerateOptions {
  activities: number;
  seed: number;
  /**
   * The plans go to the first this many commissions in turn (all of them by default). With 1, every plan is
   * the bilateral MAR–ISR commission's, so that nearly all of MAR's data set is releasable to ISR (the
   * exchange's benchmark); the activities' labels are drawn as always.
   */
  commissions?: number;
  /** Called as activities are written: how many so far, of how many. */
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateSummary {
  seed: number;
  parties: number;
  users: number;
  commissions: number;
  plans: number;
  activities: number;
  followUps: number;
  auditEntries: number;
  password: string;
  /** A viewer of the partner party of the first commission, with an API token, and the plan it reads. */
  partnerViewer: { username: string; party: string; token: string; planId: string };
}

const YEARS = 5;
const LAST_YEAR = 2026;

function checkOptions(opts: GenerateOptions) {
  if (!Number.isInteger(opts.activities) || opts.activities < 1 || opts.activities > MAX_ACTIVITIES)
    throw problem('demo.activities_count', { max: MAX_ACTIVITIES }, [
      issue('activities', 'field.value_given', { value: String(opts.activities) }),
    ]);
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff)
    throw problem('demo.seed', {}, [issue('seed', 'field.value_given', { value: String(opts.seed) })]);
  const commissions = opts.commissions ?? GENERATED_COMMISSIONS.length;
  if (!Number.isInteger(commissions) || commissions < 1 || commissions > GENERATED_COMMISSIONS.length)
    // Only code sets it (the benchmarks), never a person: no message of the catalogue.
    throw new RangeError(`commissions: a whole number from 1 to ${GENERATED_COMMISSIONS.length}`);
}

const unclassifiedOf = (party: string) => ({ owner_party: party, classification: 0, releasable_mask: 0, compartment_mask: 0 });

/**
 * Writes a large synthetic data set, the same for the same seed: parties,
 * users, commissions, plans of 5,000 activities, their follow-ups, search
 * entries and a hash-chained audit entry for every record created. Rows go in
 * through the store in large multi-row inserts, one transaction per plan, but
 * hold exactly what the use cases would have written.
 */
export async function generate(ctx: AppContext, opts: GenerateOptions): Promise<GenerateSummary> {
  checkOptions(opts);
  const db = ctx.db;
  if (await db.selectFrom('party').select('code').limit(1).executeTakeFirst()) throw problem('demo.database_not_empty');

  const rng = new Random(opts.seed);
  const newId = idMaker(rng);
  const counts = { auditEntries: 0, followUps: 0 };
  const appendCounted = async (trx: Kysely<Database>, entries: NewAuditEntry[]) => {
    await appendAudit(trx, entries);
    counts.auditEntries += entries.length;
  };

  const organisations = new Map<string, string[]>();
  await inTransaction(db, async (trx) => {
    for (const p of GENERATED_PARTIES) await insertParty(trx, p.code, p.name);
    for (const c of GENERATED_COMPARTMENTS) await insertCompartment(trx, c.code, c.name);
    const at = Date.UTC(2021, 0, 1);
    for (const p of GENERATED_PARTIES) {
      const orgs = [
        { id: newId(at), party: p.code, name: `Ministry of Defence (${p.code})`, kind: 'ministry' },
        { id: newId(at), party: p.code, name: `Defence Staff — Planning Directorate (${p.code})`, kind: 'staff_directorate' },
      ];
      for (const o of orgs) await insertOrganisation(trx, o);
      organisations.set(
        p.code,
        orgs.map((o) => o.id),
      );
    }
  });
  ctx.refreshCodec();
  const codec = await ctx.codec();

  const plannerOf = await insertUsers(ctx, newId, appendCounted);
  const world: World = {
    rng,
    newId,
    codec,
    parties: new Map(GENERATED_PARTIES.map((p) => [p.code, p])),
    organisations,
    plannerOf,
  };
  const plans = await insertPlans(
    ctx,
    world,
    Math.ceil(opts.activities / ACTIVITIES_PER_PLAN),
    opts.commissions ?? GENERATED_COMMISSIONS.length,
    appendCounted,
  );

  let done = 0;
  opts.onProgress?.(0, opts.activities);
  for (const plan of plans) {
    const size = Math.min(ACTIVITIES_PER_PLAN, opts.activities - done);
    const written = await inTransaction(db, (trx) => insertPlanActivities(trx, world, plan, size, appendCounted));
    counts.followUps += written.followUps;
    done += size;
    opts.onProgress?.(done, opts.activities);
  }

  // The partner of the first commission reads its first plan; the token is how a benchmark signs in.
  const partner = GENERATED_COMMISSIONS[0]?.parties[1] ?? 'ISR';
  const username = `${partner.toLowerCase()}.viewer`;
  const { token } = await createToken(ctx, null, username, 'benchmark');
  counts.auditEntries += 1;
  await analyze(db);

  return {
    seed: opts.seed,
    parties: GENERATED_PARTIES.length,
    users: plannerOf.size * 2,
    commissions: GENERATED_COMMISSIONS.length,
    plans: plans.length,
    activities: done,
    followUps: counts.followUps,
    auditEntries: counts.auditEntries,
    password: GENERATED_PASSWORD,
    partnerViewer: { username, party: partner, token, planId: plans[0]?.id ?? '' },
  };
}

type Append = (trx: Kysely<Database>, entries: NewAuditEntry[]) => Promise<void>;

interface GeneratedPlan extends PlanContext {
  /** The planner whose approval adopted the plan. */
  approverId: string;
  content: Record<string, unknown>;
}

/** A plan's activities with everything that comes with them, in large multi-row inserts. */
async function insertPlanActivities(trx: Kysely<Database>, w: World, plan: GeneratedPlan, size: number, append: Append) {
  const generated: GeneratedActivity[] = [];
  for (let i = 0; i < size; i++) generated.push(generateActivity(w, plan, i));
  await insertActivities(
    trx,
    generated.map((g) => g.row),
  );
  const events = generated.flatMap((g) => g.events);
  for (let i = 0; i < events.length; i += 1000)
    await trx
      .insertInto('activity_event')
      .values(events.slice(i, i + 1000))
      .execute();
  await insertBaseline(trx, plan, generated);
  const followUps = generated.flatMap((g) => g.followUps);
  for (let i = 0; i < followUps.length; i += 1000)
    await trx
      .insertInto('follow_up')
      .values(followUps.slice(i, i + 1000))
      .execute();
  const search = generated.flatMap((g) => g.searchEntries);
  for (let i = 0; i < search.length; i += 1000)
    await trx
      .insertInto('search_entry')
      .values(search.slice(i, i + 1000))
      .execute();
  await append(
    trx,
    generated.flatMap((g) => g.audit),
  );
  return { followUps: followUps.length };
}

/** The baseline (revision 0) the last approval froze: the plan's content as adopted, with its hash. */
async function insertBaseline(trx: Kysely<Database>, plan: GeneratedPlan, activities: GeneratedActivity[]) {
  const snapshot = {
    plan: plan.content,
    activities: Object.fromEntries(activities.map((a) => [a.row.ref_code, a.baseline])),
  };
  const at = isoAt(plan.adoptedAt);
  await trx
    .insertInto('plan_revision')
    .values({
      plan_id: plan.id,
      number: 0,
      status: 'approved',
      reason: null,
      snapshot: JSON.stringify(snapshot.plan),
      content_hash: contentHash(snapshot),
      opened_by: plan.approverId,
      opened_at: at,
      approved_at: at,
    })
    .execute();
  await insertRevisionActivities(
    trx,
    activities.map((a) => ({
      plan_id: plan.id,
      number: 0,
      ref_code: a.row.ref_code,
      content: JSON.stringify(a.baseline),
      owner_party: a.row.owner_party,
      classification: a.row.classification,
      releasable_mask: a.row.releasable_mask,
      compartment_mask: a.row.compartment_mask,
    })),
  );
}

/**
 * A planner (who may label up to TOP SECRET, every compartment) and a viewer
 * (CONFIDENTIAL, no compartment) per party. Hashing a password is slow on
 * purpose, so every account shares one hash of the same password.
 */
async function insertUsers(ctx: AppContext, newId: (ms: number) => string, append: Append) {
  const passwordHash = await hashPassword(GENERATED_PASSWORD);
  const allCompartments = ctx.db.selectFrom('compartment').select('bit');
  const compartmentMask = (await allCompartments.execute()).reduce((m, c) => m + 2 ** c.bit, 0);
  const plannerOf = new Map<string, string>();
  await inTransaction(ctx.db, async (trx) => {
    const rows = [];
    const audit: NewAuditEntry[] = [];
    let at = Date.UTC(2021, 0, 1, 8);
    for (const p of GENERATED_PARTIES) {
      const accounts = [
        { role: 'planner', roles: ['planner', 'contributor', 'admin'], clearance: 'TOP_SECRET', mask: compartmentMask },
        { role: 'viewer', roles: ['viewer'], clearance: 'CONFIDENTIAL', mask: 0 },
      ] as const;
      for (const a of accounts) {
        at += 60_000;
        const id = newId(at);
        const username = `${p.code.toLowerCase()}.${a.role}`;
        if (a.role === 'planner') plannerOf.set(p.code, id);
        rows.push({
          id,
          username,
          display_name: `${a.role === 'planner' ? 'Planner' : 'Viewer'} (${p.code})`,
          party: p.code,
          roles: JSON.stringify(a.roles),
          clearance: levelOf(a.clearance),
          compartment_mask: a.mask,
          password_hash: passwordHash,
          disabled: 0,
          created_at: isoAt(at),
          updated_at: isoAt(at),
        });
        audit.push({
          at: isoAt(at),
          actor_id: null,
          actor_party: null,
          action: 'user.create',
          entity_type: 'user',
          entity_id: id,
          ...unclassifiedOf(p.code),
          detail: JSON.stringify({ username, roles: a.roles, clearance: a.clearance }),
        });
      }
    }
    await trx.insertInto('app_user').values(rows).execute();
    await append(trx, audit);
  });
  return plannerOf;
}

/** The security agreement's table of the parties whose ladders the demo knows; others compare on the common order. */
const LADDERS: Record<string, (string | null)[]> = {
  MAR: ['NON CLASSIFIÉ', 'DIFFUSION RESTREINTE', 'CONFIDENTIEL', 'SECRET', 'TRÈS SECRET'],
  ISR: ['בלמ"ס', null, 'שמור', 'סודי', 'סודי ביותר'],
  USA: ['UNCLASSIFIED', null, 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'],
};

/**
 * Commissions, a session per commission and year, and the plans: plan k
 * belongs to commission k mod `commissions` (6, all of them, unless told), in one of the last five years. Each was
 * drafted, proposed, approved by every party of its commission at the
 * session, and put in execution; those of past years are closed.
 */
async function insertPlans(
  ctx: AppContext,
  w: World,
  count: number,
  commissions: number,
  append: Append,
): Promise<GeneratedPlan[]> {
  const plans: GeneratedPlan[] = [];
  await inTransaction(ctx.db, async (trx) => {
    const audit: NewAuditEntry[] = [];
    const labelOf = (c: GeneratedCommission): LabelColumns =>
      w.codec.encode({
        ownerParty: c.parties[0] ?? '',
        classification: 'UNCLASSIFIED',
        releasableTo: c.parties.slice(1),
        compartments: [],
      });
    const commissionIds: string[] = [];
    for (const [i, c] of GENERATED_COMMISSIONS.entries()) {
      const at = Date.UTC(2021, 0, 10 + i);
      const id = w.newId(at);
      const label = labelOf(c);
      commissionIds.push(id);
      const table = Object.fromEntries(c.parties.filter((p) => LADDERS[p]).map((p) => [p, LADDERS[p]]));
      await trx
        .insertInto('commission')
        .values({
          id,
          name: JSON.stringify(c.name),
          parties: JSON.stringify(c.parties),
          classification_table: JSON.stringify(table),
          ...label,
          version: 1,
          created_at: isoAt(at),
          updated_at: isoAt(at),
        })
        .execute();
      audit.push(event(w, at, label.owner_party, 'commission.create', 'commission', id, label, {}));
    }

    const sessions = new Map<string, string>();
    for (let k = 0; k < count; k++) {
      const ci = k % commissions;
      const c = GENERATED_COMMISSIONS[ci] as GeneratedCommission;
      const year = LAST_YEAR - (Math.floor(k / commissions) % YEARS);
      const lot = Math.floor(k / (commissions * YEARS)) + 1;
      const label = labelOf(c);
      const owner = label.owner_party;
      const sessionStart = Date.UTC(year, 0, 12);
      const key = `${ci}/${year}`;
      let sessionId = sessions.get(key);
      if (!sessionId) {
        sessionId = w.newId(sessionStart - 30 * DAY);
        sessions.set(key, sessionId);
        const host = c.parties[year % c.parties.length] ?? owner;
        await trx
          .insertInto('commission_session')
          .values({
            id: sessionId,
            commission_id: commissionIds[ci] ?? '',
            number: year - (LAST_YEAR - YEARS),
            start_date: isoAt(sessionStart).slice(0, 10),
            end_date: isoAt(sessionStart + 2 * DAY).slice(0, 10),
            place: w.parties.get(host)?.places[0] ?? host,
            host_party: host,
            delegations: JSON.stringify(c.parties.map((p) => ({ party: p, name: `Head of delegation (${p})` }))),
            minutes: null,
            source_id: null,
            ...label,
            version: 1,
            created_at: isoAt(sessionStart - 30 * DAY),
            updated_at: isoAt(sessionStart - 30 * DAY),
          })
          .execute();
        await reindex(trx, 'commission_session', [sessionId]);
        audit.push(event(w, sessionStart - 30 * DAY, owner, 'session.create', 'commission_session', sessionId, label, {}));
      }
      const createdAt = Date.UTC(year - 1, 11, 1) + k * HOUR;
      const id = w.newId(createdAt);
      const suffix = lot > 1 ? ` — lot ${lot}` : '';
      const title = { fr: `Plan de travail ${year}${suffix}`, en: `${year} work plan${suffix}` };
      // Drafted, proposed a week before the session, approved by every party at it, then run (and closed once over).
      const moves: [number, string, string][] = [[sessionStart - 7 * DAY, 'draft', 'proposed']];
      const adoptedAt = sessionStart + (c.parties.length - 1) * HOUR;
      moves.push([adoptedAt + DAY, 'approved', 'in_execution']);
      if (year < LAST_YEAR) moves.push([Date.UTC(year + 1, 0, 31), 'in_execution', 'closed']);
      const [updatedAt, , status] = moves.at(-1) as [number, string, string];
      await trx
        .insertInto('work_plan')
        .values({
          id,
          commission_id: commissionIds[ci] ?? '',
          session_id: sessionId,
          title: JSON.stringify(title),
          period_start: `${year}-01-01`,
          period_end: `${year}-12-31`,
          status,
          source_id: null,
          ...label,
          version: 1 + moves.length + c.parties.length,
          created_at: isoAt(createdAt),
          updated_at: isoAt(updatedAt),
        })
        .execute();
      audit.push(event(w, createdAt, owner, 'plan.create', 'work_plan', id, label, {}));
      for (const [at, from, to] of moves.slice(0, 1))
        audit.push(event(w, at, owner, 'plan.transition', 'work_plan', id, label, { from, to, reason: null }));
      for (const [i, party] of c.parties.entries()) {
        const at = sessionStart + i * HOUR;
        await trx
          .insertInto('plan_approval')
          .values({ plan_id: id, party, user_id: w.plannerOf.get(party) ?? '', at: isoAt(at) })
          .execute();
        const to = i === c.parties.length - 1 ? 'approved' : 'proposed';
        audit.push(event(w, at, party, 'plan.approve', 'work_plan', id, label, { from: 'proposed', to, reason: null }));
      }
      for (const [at, from, to] of moves.slice(1))
        audit.push(event(w, at, owner, 'plan.transition', 'work_plan', id, label, { from, to, reason: null }));
      plans.push({
        id,
        year,
        ownerParty: owner,
        partners: c.parties.slice(1),
        createdAt,
        adoptedAt,
        approverId: w.plannerOf.get(c.parties.at(-1) ?? owner) ?? '',
        content: planContent({ title, periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` }),
      });
    }
    await append(trx, audit);
  });
  return plans;
}

/** An audit entry of a record created by the planner of `actorParty`. */
function event(
  w: World,
  at: number,
  actorParty: string,
  action: string,
  entityType: string,
  entityId: string,
  label: LabelColumns,
  detail: Record<string, unknown>,
): NewAuditEntry {
  return {
    at: isoAt(at),
    actor_id: w.plannerOf.get(actorParty) ?? null,
    actor_party: actorParty,
    action,
    entity_type: entityType,
    entity_id: entityId,
    owner_party: label.owner_party,
    classification: label.classification,
    releasable_mask: label.releasable_mask,
    compartment_mask: label.compartment_mask,
    detail: JSON.stringify(detail),
  };
}

/** After a bulk load the query planners need fresh statistics to choose the indexes the list and KPI queries rely on. */
/**
 * Statistics for the planner, and on PostgreSQL a vacuum too, as after any bulk load: it marks the new
 * rows visible to all, which otherwise the first readers (and autovacuum, soon after) would pay for.
 */
async function analyze(db: Kysely<Database>) {
  if (isPostgres(db))
    await sql`vacuum (analyze) party, app_user, work_plan, activity, activity_event, follow_up, search_entry, audit_entry, api_token, revision_activity`.execute(
      db,
    );
  else await sql`analyze`.execute(db);
}
