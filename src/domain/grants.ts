import type { FieldIssue, ProblemParams } from './errors.js';
import { type Classification, levelOf } from './labels.js';
import { fill, issue, PROBLEMS, type ThrowableCode } from './problems.js';
import type { Role } from './user.schema.js';

/**
 * Who may give whom which clearance, compartments and roles. Pure, so that the
 * use cases, the web and the tests all apply the same rule:
 *
 * - nobody grants, to anyone, themselves included, a clearance, compartment or
 *   role they do not hold (`viewer`, which gives no power, everyone holds);
 * - nobody changes their own clearance, compartments or roles;
 * - an administrator manages (edits, resets, deactivates, handles tokens of)
 *   only users of its party whose clearance and compartments are within its own;
 * - the last active administrator of a party stays one and stays active;
 * - a raise of access (a higher clearance or an added compartment) waits for a
 *   security officer of the party to confirm it.
 *
 * Adding a compartment counts as a raise: need-to-know opens compartmented
 * records exactly as a clearance opens classified ones, so the two-person rule
 * would be hollow if one administrator alone could add INTEL to an account.
 */

export interface Holding {
  party: string;
  roles: readonly Role[];
  clearance: Classification;
  compartments: readonly string[];
}

/** The user who acts. */
export interface Grantor extends Holding {
  userId: string;
}

/** An account as it is, or as a change would leave it. */
export interface Account extends Holding {
  id: string;
  active: boolean;
}

/** What a raise asks for: a level (null if it stays) and the compartments to add. */
export interface Raise {
  clearance: Classification | null;
  compartments: string[];
}

export type Verdict =
  | { ok: true; raise: Raise | null }
  /** `hidden`: answer as if the user did not exist. */
  | {
      ok: false;
      kind: 'hidden' | 'forbidden' | 'invalid' | 'conflict';
      /** The catalogue's problem (problems.ts) and its params; `message` is its English text. */
      code: ThrowableCode;
      params: ProblemParams;
      message: string;
      issues: FieldIssue[];
    };

/** Whether `who` holds the clearance and every compartment of `what`. */
export const covers = (who: { clearance: Classification; compartments: readonly string[] }, what: typeof who): boolean =>
  levelOf(who.clearance) >= levelOf(what.clearance) && what.compartments.every((c) => who.compartments.includes(c));

/** An administrator of the user's party whose clearance and compartments cover the user's. */
export const mayManage = (actor: Holding, target: Holding): boolean =>
  actor.roles.includes('admin') && actor.party === target.party && covers(actor, target);

const refuse = (
  kind: Exclude<Verdict, { ok: true }>['kind'],
  code: ThrowableCode,
  params: ProblemParams = {},
  path?: string,
): Verdict => ({
  ok: false,
  kind,
  code,
  params,
  message: fill(PROBLEMS[code].text, params),
  issues: path ? [issue(path, code, params)] : [],
});

/**
 * `viewer` gives no power beyond reading, which the read rule already governs
 * for every user: every administrator may give it, or it could not make a
 * reader unless it were one itself.
 */
const holdsRole = (actor: Holding, role: Role) => role === 'viewer' || actor.roles.includes(role);

/**
 * What `actor` may give a user: its own roles (and `viewer`), levels up to its
 * clearance, its own compartments. The web offers only these; the use cases
 * refuse the rest through {@link judgeChange}, which asks the same questions.
 */
export const mayGrant = {
  role: holdsRole,
  clearance: (actor: Holding, clearance: Classification) => levelOf(clearance) <= levelOf(actor.clearance),
  compartment: (actor: Holding, compartment: string) => actor.compartments.includes(compartment),
};

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * How a request to see or handle a user (not to change its grants) is
 * answered: the user itself may; an administrator within reach may; an
 * administrator of the party beyond reach is refused (it lists the party's
 * users anyway, so a refusal tells it nothing new); anyone else is answered
 * as if the user did not exist.
 */
export function judgeAccess(actor: Grantor, target: Account): Verdict {
  if (actor.userId === target.id) return { ok: true, raise: null };
  if (actor.party !== target.party || !actor.roles.includes('admin')) return refuse('hidden', 'user.not_found');
  if (!covers(actor, target)) return refuse('forbidden', 'user.beyond_reach');
  return { ok: true, raise: null };
}

/** The part of a raise from `before` to `after`, or null if nothing is raised. */
export function raiseOf(before: Holding | null, after: Holding): Raise | null {
  const from = before ?? { clearance: 'UNCLASSIFIED' as Classification, compartments: [] as string[] };
  const clearance = levelOf(after.clearance) > levelOf(from.clearance) ? after.clearance : null;
  const compartments = after.compartments.filter((c) => !from.compartments.includes(c));
  return clearance || compartments.length ? { clearance, compartments } : null;
}

/**
 * Judges a change of an account (`before` null: its creation) by `actor`.
 * `otherActiveAdmins` counts the party's other active administrators, for the
 * last-administrator rule. On success, `raise` is what must wait for a
 * security officer; the rest may apply at once.
 */
export function judgeChange(actor: Grantor, before: Account | null, after: Account, otherActiveAdmins: number): Verdict {
  if (before) {
    const self = actor.userId === before.id;
    if (!self) {
      const access = judgeAccess(actor, before);
      if (!access.ok) return access;
    } else if (!actor.roles.includes('admin')) return refuse('forbidden', 'access.only_party_admins', { party: before.party });
    if (self) {
      if (!sameSet(before.roles, after.roles)) return refuse('forbidden', 'user.own_roles', {}, 'roles');
      if (before.clearance !== after.clearance) return refuse('forbidden', 'user.own_clearance', {}, 'clearance');
      if (!sameSet(before.compartments, after.compartments))
        return refuse('forbidden', 'user.own_compartments', {}, 'compartments');
      if (before.active && !after.active) return refuse('invalid', 'user.own_deactivation', {}, 'active');
    }
  } else if (!actor.roles.includes('admin') || actor.party !== after.party)
    return refuse('forbidden', 'access.only_party_admins', { party: after.party });

  const granted = after.roles.filter((r) => !(before?.roles ?? []).includes(r) && !mayGrant.role(actor, r));
  if (granted.length) return refuse('forbidden', 'user.grant_role_not_held', { role: granted.join(', ') }, 'roles');
  if (!mayGrant.clearance(actor, after.clearance)) return refuse('forbidden', 'user.grant_clearance_above', {}, 'clearance');
  const compartments = after.compartments.filter((c) => !mayGrant.compartment(actor, c));
  if (compartments.length)
    return refuse('forbidden', 'user.grant_compartment_not_held', { compartments: compartments.join(', ') }, 'compartments');

  const wasAdmin = before?.active && before.roles.includes('admin');
  const staysAdmin = after.active && after.roles.includes('admin');
  if (wasAdmin && !staysAdmin && otherActiveAdmins === 0)
    return refuse('conflict', 'user.last_admin', { party: before.party }, after.active ? 'roles' : 'active');
  return { ok: true, raise: raiseOf(before, after) };
}

/**
 * Whether a security officer may decide a pending raise: one of the user's
 * party, not the user, and for a confirmation not the one who asked and
 * holding what is asked for.
 */
export function judgeDecision(
  officer: Grantor,
  request: { party: string; userId: string; requestedBy: string; raise: Raise },
  confirm: boolean,
): Verdict {
  if (officer.party !== request.party) return refuse('hidden', 'clearance.request_not_found');
  if (!officer.roles.includes('security_officer')) return refuse('forbidden', 'clearance.only_officers_decide');
  if (officer.userId === request.userId) return refuse('forbidden', 'clearance.own_raise');
  if (!confirm) return { ok: true, raise: null };
  if (officer.userId === request.requestedBy) return refuse('forbidden', 'clearance.asker_confirms');
  const asked = { clearance: request.raise.clearance ?? 'UNCLASSIFIED', compartments: request.raise.compartments };
  if (!covers(officer, asked)) return refuse('forbidden', 'clearance.officer_not_covering');
  return { ok: true, raise: request.raise };
}
