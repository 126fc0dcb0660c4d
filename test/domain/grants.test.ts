import { describe, expect, it } from 'vitest';
import { type Account, type Grantor, judgeChange, judgeDecision, raiseOf } from '../../src/domain/grants.js';
import { CLASSIFICATIONS, type Classification } from '../../src/domain/labels.js';
import { ROLES, type Role } from '../../src/domain/user.schema.js';
import { COMPARTMENTS, type Prng, prng } from '../support/labelled-world.js';

const SEED = 61206;
const rank = (c: Classification) => CLASSIFICATIONS.indexOf(c);
const holds = (
  who: { clearance: Classification; compartments: readonly string[] },
  level: Classification,
  comps: readonly string[],
) => rank(level) <= rank(who.clearance) && comps.every((c) => who.compartments.includes(c));
const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
const some = <T>(r: Prng, items: readonly T[]) => items.filter(() => r.next() < 0.5);
const roles = (r: Prng): Role[] => {
  const picked = some(r, ROLES);
  return picked.length ? picked : [r.pick(ROLES)];
};

function account(r: Prng, id: string, party: string): Account {
  return {
    id,
    party,
    roles: roles(r),
    clearance: r.pick(CLASSIFICATIONS),
    compartments: some(r, COMPARTMENTS),
    active: r.next() < 0.9,
  };
}

/** The rule of the security model, in its own words, as the status it answers with. */
function modelChange(actor: Grantor, before: Account | null, after: Account, others: number): string {
  const isAdmin = actor.roles.includes('admin');
  if (!before) {
    if (!isAdmin || actor.party !== after.party) return 'forbidden';
  } else if (actor.userId === before.id) {
    if (!isAdmin) return 'forbidden';
    if (
      !same(before.roles, after.roles) ||
      before.clearance !== after.clearance ||
      !same(before.compartments, after.compartments)
    )
      return 'forbidden';
    if (before.active && !after.active) return 'invalid';
  } else {
    if (actor.party !== before.party || !isAdmin) return 'hidden';
    if (!holds(actor, before.clearance, before.compartments)) return 'forbidden';
  }
  // Viewer gives no power: everyone may give it.
  if (after.roles.some((x) => x !== 'viewer' && !(before?.roles ?? []).includes(x) && !actor.roles.includes(x)))
    return 'forbidden';
  if (!holds(actor, after.clearance, after.compartments)) return 'forbidden';
  const admin = (a: Account) => a.active && a.roles.includes('admin');
  if (before && admin(before) && !admin(after) && others === 0) return 'conflict';
  const raised =
    rank(after.clearance) > rank(before?.clearance ?? 'UNCLASSIFIED') ||
    after.compartments.some((c) => !(before?.compartments ?? []).includes(c));
  return raised ? 'raise' : 'ok';
}

describe('the grant rule (domain/grants.ts)', () => {
  it('judges 20,000 generated changes as the security model says, the last-administrator case included', () => {
    const r = prng(SEED);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const party = r.pick(['MAR', 'ISR']);
      const me = account(r, 'me', 'MAR');
      const actor: Grantor = {
        userId: 'me',
        party: me.party,
        roles: me.roles,
        clearance: me.clearance,
        compartments: me.compartments,
      };
      const self = r.next() < 0.2;
      const create = !self && r.next() < 0.15;
      const before = create ? null : self ? me : account(r, `u${i}`, party);
      const base = before ?? account(r, `u${i}`, party);
      const after: Account = {
        ...base,
        roles: r.next() < 0.5 ? roles(r) : base.roles,
        clearance: r.next() < 0.5 ? r.pick(CLASSIFICATIONS) : base.clearance,
        compartments: r.next() < 0.5 ? some(r, COMPARTMENTS) : base.compartments,
        active: r.next() < 0.3 ? r.next() < 0.5 : base.active,
      };
      const others = r.int(2);
      const verdict = judgeChange(actor, before, after, others);
      const got = verdict.ok ? (verdict.raise ? 'raise' : 'ok') : verdict.kind;
      const expected = modelChange(actor, before, after, others);
      expect(got, JSON.stringify({ actor, before, after, others })).toBe(expected);
      if (verdict.ok && verdict.raise) expect(verdict.raise).toEqual(raiseOf(before, after));
      seen.add(expected);
    }
    expect([...seen].sort()).toEqual(['conflict', 'forbidden', 'hidden', 'invalid', 'ok', 'raise']);
  });

  it('lets only a security officer of the party, not the user, decide a raise, and to confirm not the one who asked and holding what is asked', () => {
    const r = prng(SEED + 1);
    for (let i = 0; i < 5_000; i++) {
      const officer = account(r, r.pick(['o', 'u', 'a']), r.pick(['MAR', 'ISR']));
      const actor: Grantor = { ...officer, userId: officer.id };
      const raise = { clearance: r.next() < 0.8 ? r.pick(CLASSIFICATIONS) : null, compartments: some(r, COMPARTMENTS) };
      const request = { party: 'MAR', userId: 'u', requestedBy: 'a', raise };
      const confirm = r.next() < 0.7;
      let expected = 'ok';
      if (officer.party !== 'MAR') expected = 'hidden';
      else if (!officer.roles.includes('security_officer') || officer.id === 'u') expected = 'forbidden';
      else if (confirm && (officer.id === 'a' || !holds(officer, raise.clearance ?? 'UNCLASSIFIED', raise.compartments)))
        expected = 'forbidden';
      const verdict = judgeDecision(actor, request, confirm);
      expect(verdict.ok ? 'ok' : verdict.kind, JSON.stringify({ officer, raise, confirm })).toBe(expected);
    }
  });
});
