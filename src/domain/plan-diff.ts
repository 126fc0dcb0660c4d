import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The content of a plan as approved or amended: the plan's own fields and its
 * activities keyed by reference code. A baseline or a revision is one of these.
 */
export interface PlanSnapshot {
  plan: Record<string, unknown>;
  activities: Record<string, Record<string, unknown>>;
}

/**
 * The activities of a snapshot by key: the reference code, and where two
 * activities share a code (codes are unique per label only, see
 * docs/polyinstantiation.md) the code followed by each one's marking, so that
 * neither hides the other. Plans without shared codes keep their keys, and so
 * the hashes of their revisions.
 */
export function activitiesByKey<T>(
  items: readonly T[],
  key: { code: (item: T) => string; marking: (item: T) => string },
  content: (item: T) => Record<string, unknown>,
): Record<string, Record<string, unknown>> {
  const count = new Map<string, number>();
  for (const i of items) count.set(key.code(i), (count.get(key.code(i)) ?? 0) + 1);
  const keyOf = (i: T) => ((count.get(key.code(i)) ?? 0) > 1 ? `${key.code(i)} (${key.marking(i)})` : key.code(i));
  return Object.fromEntries(items.map((i) => [keyOf(i), content(i)]));
}

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface PlanDiff {
  plan: FieldChange[];
  added: string[];
  removed: string[];
  changed: { refCode: string; changes: FieldChange[] }[];
}

/**
 * The hash printed on the signed plan: SHA-256 of the canonical snapshot (UTF-8), in hex. Pure
 * JavaScript, so that the browser computes the same hash as the server.
 */
export const contentHash = (snapshot: PlanSnapshot) => bytesToHex(sha256(utf8ToBytes(canonicalJson(snapshot))));

/**
 * Whether two JSON values would serialise the same by `canonicalJson` (key
 * order aside, absent and undefined alike), without serialising them: a plan
 * diff compares every field of thousands of activities, most of them equal.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x ?? null, b[i] ?? null));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const xs = keys(x);
  return xs.length === keys(y).length && xs.every((k) => sameJson(x[k], y[k]));
}

function fieldChanges(from: Record<string, unknown>, to: Record<string, unknown>): FieldChange[] {
  if (sameJson(from, to)) return [];
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return fields
    .filter((f) => !sameJson(from[f] ?? null, to[f] ?? null))
    .map((f) => ({ field: f, from: from[f] ?? null, to: to[f] ?? null }));
}

/** What changed from one snapshot to another: activities added, removed, and each changed field. */
export function diffPlans(from: PlanSnapshot, to: PlanSnapshot): PlanDiff {
  const before = new Set(Object.keys(from.activities));
  const after = new Set(Object.keys(to.activities));
  const sorted = (xs: Iterable<string>) => [...xs].sort();
  return {
    plan: fieldChanges(from.plan, to.plan),
    added: sorted([...after].filter((r) => !before.has(r))),
    removed: sorted([...before].filter((r) => !after.has(r))),
    changed: sorted([...after].filter((r) => before.has(r)))
      .map((refCode) => ({ refCode, changes: fieldChanges(from.activities[refCode] ?? {}, to.activities[refCode] ?? {}) }))
      .filter((c) => c.changes.length > 0),
  };
}

/** The agreed content of an activity: what an amendment changes, not how its execution goes. */
export const activityContent = (a: {
  title: unknown;
  description: unknown;
  type: string;
  domain: string;
  leadParty: string;
  participatingParties: string[];
  leadOrganisationId: string | null;
  location: string | null;
  plannedPeriod: unknown;
  priority: number;
  classification: string;
  releasableTo: string[];
  compartments: string[];
}): Record<string, unknown> => ({
  title: a.title,
  description: a.description,
  type: a.type,
  domain: a.domain,
  leadParty: a.leadParty,
  participatingParties: [...a.participatingParties].sort(),
  leadOrganisationId: a.leadOrganisationId,
  location: a.location,
  plannedPeriod: a.plannedPeriod,
  priority: a.priority,
  classification: a.classification,
  releasableTo: [...a.releasableTo].sort(),
  compartments: [...a.compartments].sort(),
});

export const planContent = (p: { title: unknown; periodStart: string; periodEnd: string }): Record<string, unknown> => ({
  title: p.title,
  periodStart: p.periodStart,
  periodEnd: p.periodEnd,
});
