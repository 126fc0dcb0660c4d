import type { Insertable } from 'kysely';
import { v7 } from 'uuid';
import { searchTexts } from '../app/activity.usecases.js';
import type { ActivityStatus } from '../domain/activity.lifecycle.js';
import { ACTIVITY_TYPES, DOMAINS } from '../domain/activity.schema.js';
import type { Language } from '../domain/common.schema.js';
import type { Classification, Label } from '../domain/labels.js';
import { activityContent } from '../domain/plan-diff.js';
import { indexBody } from '../domain/search-terms.js';
import type { NewAuditEntry } from '../store/audit.repo.js';
import type { ActivityEventTable, ActivityRow, FollowUpTable, LabelColumns } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import { presentActivity } from '../store/present.js';
import {
  CANCEL_REASON,
  DOMAIN_CODES,
  type GeneratedParty,
  NOTE_BODIES,
  POSTPONE_REASON,
  TOPICS,
  TYPE_NAMES,
} from './generate-vocabulary.js';
import type { Random } from './random.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const MINUTE = 60_000;

/** The generator's "today": statuses, actual dates and follow-ups are drawn relative to it. */
import { GENERATED_AS_OF } from './generate.constants.js';

export { GENERATED_AS_OF };

const AS_OF = Date.parse(`${GENERATED_AS_OF}T00:00:00Z`);

export const isoAt = (ms: number) => new Date(ms).toISOString();
const dateAt = (ms: number) => isoAt(ms).slice(0, 10);

/** Deterministic time-ordered ids: UUID v7 made from the record's own creation time and the seeded source. */
export function idMaker(rng: Random) {
  let seq = 0;
  return (msecs: number) => v7({ msecs, seq: seq++ & 0x7fffffff, random: rng.bytes16() });
}

export interface PlanContext {
  id: string;
  year: number;
  ownerParty: string;
  /** The other parties of the plan's commission. */
  partners: readonly string[];
  /** Drafted then; its activities are created in the days after. */
  createdAt: number;
  /** When the last party approved it: its proposed activities became planned, and its baseline was frozen. */
  adoptedAt: number;
}

/** What the generator knows of the world when it writes one activity. */
export interface World {
  rng: Random;
  newId: (msecs: number) => string;
  codec: LabelCodec;
  parties: ReadonlyMap<string, GeneratedParty>;
  organisations: ReadonlyMap<string, readonly string[]>;
  plannerOf: ReadonlyMap<string, string>;
}

type NewFollowUp = Insertable<FollowUpTable> & { id: string; body: string };
type NewEvent = Omit<ActivityEventTable, 'id'>;

export interface GeneratedActivity {
  row: ActivityRow;
  /** Its content as the plan's baseline froze it on adoption. */
  baseline: Record<string, unknown>;
  followUps: NewFollowUp[];
  events: NewEvent[];
  searchEntries: { kind: 'activity' | 'follow_up'; record_id: string; target_id: string; body: string }[];
  audit: NewAuditEntry[];
}

type Period = { start: number; end: number; precision: 'day' | 'month' | 'quarter' };

function plannedPeriod(rng: Random, year: number): Period {
  const precision = rng.weighted({ month: 40, quarter: 25, day: 35 });
  if (precision === 'month') {
    const m = rng.int(0, 11);
    return { start: Date.UTC(year, m, 1), end: Date.UTC(year, m + 1, 0), precision };
  }
  if (precision === 'quarter') {
    const q = rng.int(0, 3);
    return { start: Date.UTC(year, q * 3, 1), end: Date.UTC(year, q * 3 + 3, 0), precision };
  }
  const start = Date.UTC(year, 0, 1) + rng.int(0, 360) * DAY;
  return { start, end: start + rng.int(0, 4) * DAY, precision };
}

/** The period a postponed activity had before: the month, quarter or a few weeks before its present one. */
function earlierPeriod(rng: Random, p: Period): Period {
  const d = new Date(p.start);
  const [y, m] = [d.getUTCFullYear(), d.getUTCMonth()];
  if (p.precision === 'month') return { start: Date.UTC(y, m - 1, 1), end: Date.UTC(y, m, 0), precision: p.precision };
  if (p.precision === 'quarter') return { start: Date.UTC(y, m - 3, 1), end: Date.UTC(y, m, 0), precision: p.precision };
  const shift = rng.int(7, 60) * DAY;
  return { start: p.start - shift, end: p.end - shift, precision: p.precision };
}

/** A status that fits the period: past activities are mostly done, future ones planned. */
function statusFor(rng: Random, p: Period): ActivityStatus {
  if (p.end < AS_OF) return rng.weighted({ reported: 40, conducted: 32, cancelled: 8, postponed: 6, scheduled: 7, planned: 7 });
  if (p.start < AS_OF) return rng.weighted({ conducted: 35, scheduled: 40, planned: 15, postponed: 10 });
  return rng.weighted({ planned: 55, scheduled: 30, postponed: 10, cancelled: 5 });
}

/** Actual dates of a conducted activity: a quarter of them late, none after "today". */
function actualDates(rng: Random, p: Period): [number, number] {
  const latest = AS_OF - DAY;
  let start = rng.chance(0.25) ? p.end + rng.int(1, 45) * DAY : p.start + rng.int(0, Math.round((p.end - p.start) / DAY)) * DAY;
  if (start > latest) start = Math.max(p.start, Math.min(latest, p.end));
  return [start, Math.min(start + rng.int(0, 3) * DAY, latest)];
}

/** The share a partner may read is realistic: most records are released to the commission, few are above CONFIDENTIAL. */
export function activityLabel(rng: Random, owner: string, partners: readonly string[]): Label {
  const classification = rng.weighted<Classification>({
    UNCLASSIFIED: 45,
    RESTRICTED: 20,
    CONFIDENTIAL: 20,
    SECRET: 10,
    TOP_SECRET: 5,
  });
  const r = rng.next();
  const releasableTo = r < 0.8 ? [...partners] : r < 0.92 ? rng.subset(partners) : [];
  const c = rng.next();
  const compartments = c < 0.85 ? [] : c < 0.93 ? ['INDUS'] : c < 0.98 ? ['INTEL'] : ['CYBER'];
  return { ownerParty: owner, classification, releasableTo: releasableTo.sort(), compartments };
}

// The lifecycle moves that lead from planned to each status.
const PATHS: Record<ActivityStatus, readonly ActivityStatus[]> = {
  proposed: [],
  planned: [],
  scheduled: ['scheduled'],
  conducted: ['scheduled', 'conducted'],
  reported: ['scheduled', 'conducted', 'reported'],
  postponed: ['postponed'],
  cancelled: ['cancelled'],
};

interface Move {
  from: ActivityStatus;
  to: ActivityStatus;
  at: number;
  reason: string | undefined;
}

/** The transitions an activity went through after adoption, each at a plausible time, in order. */
function movesOf(
  rng: Random,
  status: ActivityStatus,
  period: Period,
  original: Period,
  actualEnd: number | null,
  after: number,
): Move[] {
  const moves: Move[] = [];
  let prev = after;
  let from: ActivityStatus = 'planned';
  for (const to of PATHS[status]) {
    const wanted =
      to === 'scheduled'
        ? period.start - rng.int(5, 60) * DAY
        : to === 'conducted'
          ? (actualEnd ?? period.end) + DAY + 9 * HOUR
          : to === 'reported'
            ? prev + rng.int(1, 20) * DAY
            : original.start - rng.int(1, 30) * DAY;
    const at = Math.min(Math.max(wanted, prev + MINUTE), AS_OF - HOUR);
    const reason = to === 'cancelled' ? CANCEL_REASON : to === 'postponed' ? POSTPONE_REASON : undefined;
    moves.push({ from, to, at, reason });
    prev = at;
    from = to;
  }
  return moves;
}

/**
 * One activity of a plan with its follow-up log, history, search entries,
 * audit entries and baseline content, as the use cases would have written
 * them over the plan's life: created in the draft plan, adopted with it, then
 * moved through its lifecycle, each move logged as a status change.
 */
export function generateActivity(w: World, plan: PlanContext, index: number): GeneratedActivity {
  const { rng, codec } = w;
  const domain = rng.pick(DOMAINS);
  const type = rng.pick(ACTIVITY_TYPES);
  const topic = rng.pick(TOPICS[domain]);
  const lead = rng.chance(0.6) || plan.partners.length === 0 ? plan.ownerParty : rng.pick(plan.partners);
  const involved = [plan.ownerParty, ...plan.partners].filter((p) => p !== lead);
  const participants = involved.length === 0 ? [] : rng.chance(0.7) ? involved : rng.subset(involved);
  const leadParty = w.parties.get(lead);
  if (!leadParty) throw new Error(`no generated party ${lead}`);
  const period = plannedPeriod(rng, plan.year);
  const status = statusFor(rng, period);
  const original = status === 'postponed' ? earlierPeriod(rng, period) : period;
  const [actualStart, actualEnd] = status === 'conducted' || status === 'reported' ? actualDates(rng, period) : [null, null];
  const label = activityLabel(rng, plan.ownerParty, plan.partners);
  const columns = codec.encode(label);
  const createdAt = plan.createdAt + (index + 1) * MINUTE;
  const id = w.newId(createdAt);
  const ownerPlanner = w.plannerOf.get(plan.ownerParty) ?? null;
  const refCode = `${plan.year}-${DOMAIN_CODES[domain]}-${String(index + 1).padStart(4, '0')}`;
  const title = { fr: `${TYPE_NAMES[type].fr} — ${topic.fr}`, en: `${TYPE_NAMES[type].en} — ${topic.en}` };
  const description = {
    fr: `Thème : ${topic.fr}. Partie pilote : ${leadParty.name.fr}.`,
    en: `Topic: ${topic.en}. Lead party: ${leadParty.name.en}.`,
  };
  const location = rng.pick(leadParty.places);
  const orgs = w.organisations.get(lead) ?? [];
  const moves = movesOf(rng, status, period, original, actualEnd, plan.adoptedAt);
  const lastChange = moves.at(-1)?.at ?? plan.adoptedAt;

  const row: ActivityRow = {
    id,
    plan_id: plan.id,
    ref_code: refCode,
    title: JSON.stringify(title),
    description: JSON.stringify(description),
    type,
    domain,
    lead_party: lead,
    participating_parties: JSON.stringify(participants),
    lead_organisation_id: orgs.length > 0 && rng.chance(0.7) ? rng.pick(orgs) : null,
    location,
    planned_start: dateAt(period.start),
    planned_end: dateAt(period.end),
    planned_precision: period.precision,
    actual_start: actualStart === null ? null : dateAt(actualStart),
    actual_end: actualEnd === null ? null : dateAt(actualEnd),
    status,
    postponements: status === 'postponed' ? 1 : 0,
    priority: Number(rng.weighted({ '1': 20, '2': 50, '3': 30 })),
    owner_user_id: ownerPlanner,
    source_id: null,
    recurring: 0,
    carried_from: null,
    ...columns,
    // Created, adopted with the plan, then one version per move.
    version: 2 + moves.length,
    created_at: isoAt(createdAt),
    updated_at: isoAt(lastChange),
  };
  const asAdopted: ActivityRow = {
    ...row,
    planned_start: dateAt(original.start),
    planned_end: dateAt(original.end),
    planned_precision: original.precision,
  };

  const state = (at: number, s: ActivityStatus, r: ActivityRow, actual: boolean): NewEvent => ({
    activity_id: id,
    plan_id: plan.id,
    at: isoAt(at),
    status: s,
    planned_start: r.planned_start,
    planned_end: r.planned_end,
    actual_start: actual ? r.actual_start : null,
    actual_end: actual ? r.actual_end : null,
  });
  const events = [
    state(createdAt, 'proposed', asAdopted, false),
    state(plan.adoptedAt, 'planned', asAdopted, false),
    // Only a postponement changes the period, and it is always the last move.
    ...moves.map((m) => state(m.at, m.to, m.to === 'postponed' ? row : asAdopted, m.to === 'conducted' || m.to === 'reported')),
  ];

  const a: ActivityFacts = { id, label, columns, createdAt, lead, ownerPlanner, done: actualEnd !== null, period };
  const followUps = [
    ...moves.map((m) => statusChange(w, a, m, m.to === 'postponed' ? period : null)),
    ...notesOf(w, a, Math.max(rng.int(1, 3) - moves.length, moves.length === 0 ? 1 : 0)),
  ].sort((x, y) => x.at - y.at);

  return {
    row,
    baseline: activityContent(presentActivity(codec, asAdopted, null)),
    followUps: followUps.map((f) => f.row),
    events,
    searchEntries: [
      { kind: 'activity', record_id: id, target_id: id, body: indexBody(searchTexts({ refCode, title, description, location })) },
      ...followUps.map((f) => ({
        kind: 'follow_up' as const,
        record_id: f.row.id,
        target_id: f.row.id,
        body: indexBody([f.row.body]),
      })),
    ],
    audit: [
      {
        at: isoAt(createdAt),
        actor_id: ownerPlanner,
        actor_party: plan.ownerParty,
        action: 'activity.create',
        entity_type: 'activity',
        entity_id: id,
        ...auditLabel(columns),
        detail: JSON.stringify({ planId: plan.id, refCode }),
      },
      ...followUps.map((f) => f.audit),
    ],
  };
}

const auditLabel = (c: LabelColumns) => ({
  owner_party: c.owner_party,
  classification: c.classification,
  releasable_mask: c.releasable_mask,
  compartment_mask: c.compartment_mask,
});

interface ActivityFacts {
  id: string;
  label: Label;
  columns: LabelColumns;
  createdAt: number;
  lead: string;
  ownerPlanner: string | null;
  done: boolean;
  period: Period;
}

type GeneratedFollowUp = { row: NewFollowUp; audit: NewAuditEntry; at: number };

/** A move logged as a transition logs it: a status change labelled like its activity, and its audit entry. */
function statusChange(w: World, a: ActivityFacts, m: Move, newPeriod: Period | null): GeneratedFollowUp {
  const plannedPeriod = newPeriod
    ? { start: dateAt(newPeriod.start), end: dateAt(newPeriod.end), precision: newPeriod.precision }
    : null;
  return followUp(
    w,
    a,
    m.at,
    a.ownerPlanner,
    a.columns,
    { kind: 'status_change', body: m.reason ?? `${m.from} → ${m.to}`, language: 'fr', from: m.from, to: m.to },
    {
      action: 'activity.transition',
      entity_type: 'activity',
      entity_id: a.id,
      detail: JSON.stringify({ from: m.from, to: m.to, reason: m.reason ?? null, plannedPeriod }),
    },
  );
}

/**
 * Notes and reports. One by the lead party is that party's record, released
 * to the activity's owner and readers; others are labelled like the activity.
 */
function notesOf(w: World, a: ActivityFacts, count: number): GeneratedFollowUp[] {
  const { rng } = w;
  const lo = a.createdAt + HOUR;
  const hi = Math.max(lo, Math.min(AS_OF - HOUR, a.period.end + 30 * DAY));
  const out: GeneratedFollowUp[] = [];
  for (let n = 0; n < count; n++) {
    const at = lo + Math.floor(rng.next() * (hi - lo));
    const byLead = a.lead !== a.label.ownerParty && a.label.releasableTo.includes(a.lead) && rng.chance(0.4);
    const columns = byLead
      ? w.codec.encode({
          ...a.label,
          ownerParty: a.lead,
          releasableTo: [...new Set([a.label.ownerParty, ...a.label.releasableTo])].filter((p) => p !== a.lead).sort(),
        })
      : a.columns;
    const author = byLead ? (w.plannerOf.get(a.lead) ?? null) : a.ownerPlanner;
    const language = rng.weighted<Language>({ fr: 55, en: 30, ar: 8, he: 7 });
    const kind = a.done && n === count - 1 && rng.chance(0.6) ? 'report' : 'note';
    out.push(
      followUp(w, a, at, author, columns, { kind, body: rng.pick(NOTE_BODIES[language]), language, from: null, to: null }, null),
    );
  }
  return out;
}

function followUp(
  w: World,
  a: ActivityFacts,
  at: number,
  author: string | null,
  columns: LabelColumns,
  content: { kind: string; body: string; language: Language; from: string | null; to: string | null },
  transition: Pick<NewAuditEntry, 'action' | 'entity_type' | 'entity_id' | 'detail'> | null,
): GeneratedFollowUp {
  const id = w.newId(at);
  const row = {
    id,
    activity_id: a.id,
    kind: content.kind,
    body: content.body,
    language: content.language,
    author_id: author,
    from_status: content.from,
    to_status: content.to,
    ...columns,
    version: 1,
    created_at: isoAt(at),
    updated_at: isoAt(at),
  };
  const audit: NewAuditEntry = {
    at: isoAt(at),
    actor_id: author,
    actor_party: columns.owner_party,
    ...(transition ?? {
      action: 'follow_up.create',
      entity_type: 'follow_up',
      entity_id: id,
      detail: JSON.stringify({ activityId: a.id }),
    }),
    ...auditLabel(columns),
  };
  return { row, audit, at };
}
