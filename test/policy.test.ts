import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/app/context.js';
import {
  assertAdmin,
  assertCanEditActionItem,
  assertCanFollowUp,
  assertCanMeasure,
  assertCanMoveActionItem,
  assertCanPlan,
  assertSecurityOfficer,
} from '../src/app/policy.js';
import { DomainError } from '../src/domain/errors.js';
import {
  canAdminister,
  canEditActionItem,
  canFollowUp,
  canMeasure,
  canMoveActionItem,
  canPlan,
  canPlanIn,
  isSecurityOfficer,
} from '../src/domain/policy.js';
import type { Role } from '../src/domain/user.schema.js';

const actor = (party: string, ...roles: Role[]): Actor => ({
  userId: `${party}-${roles.join('-')}`,
  username: 'someone',
  displayName: 'Someone',
  party,
  roles,
  clearance: 'SECRET',
  compartments: [],
});

/** The problem code an assertion refuses with, or null when it lets the write through. */
const refusal = (assert: () => void) => {
  try {
    assert();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return { kind: err.kind, code: err.code, params: err.params };
    throw err;
  }
};

describe('write policy', () => {
  it('lets planners of the owning party plan, and tells the others why not', () => {
    expect(canPlan(actor('FRA', 'planner'), 'FRA')).toBe(true);
    expect(canPlan(actor('FRA', 'contributor'), 'FRA')).toBe(false);
    expect(canPlan(actor('DEU', 'planner'), 'FRA')).toBe(false);
    expect(refusal(() => assertCanPlan(actor('FRA', 'planner'), 'FRA'))).toBeNull();
    expect(refusal(() => assertCanPlan(actor('FRA', 'viewer', 'contributor'), 'FRA'))).toEqual({
      kind: 'forbidden',
      code: 'access.only_planners',
      params: {},
    });
    expect(refusal(() => assertCanPlan(actor('DEU', 'planner'), 'FRA'))).toEqual({
      kind: 'forbidden',
      code: 'access.only_owner_planners',
      params: { party: 'FRA' },
    });
  });

  it('lets planners of a commission party act for the commission', () => {
    const commission = { parties: ['FRA', 'DEU'] };
    expect(canPlanIn(actor('DEU', 'planner'), commission)).toBe(true);
    expect(canPlanIn(actor('ITA', 'planner'), commission)).toBe(false);
    expect(canPlanIn(actor('DEU', 'contributor', 'admin'), commission)).toBe(false);
  });

  it('lets planners and contributors of the indicator party measure', () => {
    expect(canMeasure(actor('FRA', 'contributor'), 'FRA')).toBe(true);
    expect(canMeasure(actor('FRA', 'planner'), 'FRA')).toBe(true);
    expect(canMeasure(actor('DEU', 'contributor'), 'FRA')).toBe(false);
    expect(canMeasure(actor('FRA', 'viewer'), 'FRA')).toBe(false);
    expect(refusal(() => assertCanMeasure(actor('FRA', 'contributor'), 'FRA'))).toBeNull();
    expect(refusal(() => assertCanMeasure(actor('DEU', 'planner'), 'FRA'))?.code).toBe('access.only_owner_planners');
    expect(refusal(() => assertCanMeasure(actor('DEU', 'contributor'), 'FRA'))?.code).toBe('access.only_planners');
  });

  it('lets contributors and planners of an involved party add follow-ups', () => {
    const activity = { ownerParty: 'FRA', leadParty: 'DEU', participatingParties: ['ITA'] };
    for (const party of ['FRA', 'DEU', 'ITA']) expect(canFollowUp(actor(party, 'contributor'), activity)).toBe(true);
    expect(canFollowUp(actor('ESP', 'planner'), activity)).toBe(false);
    expect(canFollowUp(actor('FRA', 'viewer'), activity)).toBe(false);
    expect(refusal(() => assertCanFollowUp(actor('FRA', 'viewer'), activity))?.code).toBe('access.only_contributors_follow_up');
    expect(refusal(() => assertCanFollowUp(actor('ESP', 'planner'), activity))?.code).toBe('access.only_involved_follow_up');
  });

  it('lets planners of either party correct an action item, and the responsible contributors move it', () => {
    const item = { ownerParty: 'FRA', responsibleParty: 'DEU' };
    expect(canEditActionItem(actor('DEU', 'planner'), item)).toBe(true);
    expect(canEditActionItem(actor('DEU', 'contributor'), item)).toBe(false);
    expect(canEditActionItem(actor('ITA', 'planner'), item)).toBe(false);
    expect(refusal(() => assertCanEditActionItem(actor('ITA', 'planner'), item))).toEqual({
      kind: 'forbidden',
      code: 'access.only_action_item_parties',
      params: { party: 'FRA', responsibleParty: 'DEU' },
    });
    expect(canMoveActionItem(actor('DEU', 'contributor'), item)).toBe(true);
    expect(canMoveActionItem(actor('FRA', 'planner'), item)).toBe(true);
    expect(canMoveActionItem(actor('FRA', 'contributor'), item)).toBe(false);
    expect(refusal(() => assertCanMoveActionItem(actor('FRA', 'contributor'), item))?.code).toBe('access.only_planners');
  });

  it('lets administrators administer their own party, and security officers read the audit log', () => {
    expect(canAdminister(actor('FRA', 'admin'), 'FRA')).toBe(true);
    expect(canAdminister(actor('FRA', 'admin'), 'DEU')).toBe(false);
    expect(refusal(() => assertAdmin(actor('FRA', 'planner'), 'FRA'))).toEqual({
      kind: 'forbidden',
      code: 'access.only_party_admins',
      params: { party: 'FRA' },
    });
    expect(isSecurityOfficer(actor('FRA', 'security_officer'))).toBe(true);
    expect(isSecurityOfficer(actor('FRA', 'admin'))).toBe(false);
    expect(refusal(() => assertSecurityOfficer(actor('FRA', 'admin')))?.code).toBe('access.only_officers_audit');
  });
});
