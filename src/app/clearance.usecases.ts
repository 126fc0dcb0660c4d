import type { DomainError } from '../domain/errors.js';
import { type Account, judgeDecision, type Raise, type Verdict } from '../domain/grants.js';
import { newId } from '../domain/ids.js';
import { CLASSIFICATIONS, classificationAt, levelOf } from '../domain/labels.js';
import { problem } from '../domain/problems.js';
import type { ClearanceRequest, Role } from '../domain/user.schema.js';
import {
  type ClearanceRequestRow,
  decideClearanceRequest,
  findClearanceRequest,
  insertClearanceRequest,
  pendingClearanceRequests,
} from '../store/clearance-request.repo.js';
import type { UserRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import type { LabelCodec } from '../store/label-codec.js';
import { inTransaction } from '../store/tx.js';
import { findUserById, lockActiveUsersOf, lockUserById, updateUserRow } from '../store/user.repo.js';
import { type AuditEvent, audit } from './audit.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { hasRole } from './policy.js';

// Accounts are not labelled records: their audit entries are labelled with the user's party only.
export const accountLabel = (party: string) => ({
  owner_party: party,
  classification: 0,
  releasable_mask: 0,
  compartment_mask: 0,
});

/** An audit entry about an account or one of its credentials, labelled as accounts are. */
export const accountEvent = (
  action: string,
  entityType: 'user' | 'api_token',
  entityId: string,
  party: string,
  detail: Record<string, unknown>,
): AuditEvent => ({ action, entityType, entityId, label: accountLabel(party), detail });

/** The account a user row holds, decoded; also the start of the record administrators read (`presentManagedUser`). */
export const accountOf = (codec: LabelCodec, row: UserRow) =>
  ({
    id: row.id,
    party: row.party,
    roles: JSON.parse(row.roles) as Role[],
    clearance: classificationAt(row.clearance),
    compartments: codec.compartmentsOf(row.compartment_mask),
    active: row.disabled === 0,
  }) satisfies Account;

/** The error a refusal of the grant rule answers with; `hidden` reads exactly as a missing user. */
export function refusal(verdict: Exclude<Verdict, { ok: true }>): DomainError {
  return problem(verdict.code, verdict.params, verdict.issues);
}

/**
 * How many active administrators the party has besides `exceptId`. On
 * PostgreSQL the party's active users are locked in one order first, so that
 * two administrators demoting each other at once are judged one after the
 * other and the second sees the first change: the party keeps one.
 */
export async function otherActiveAdmins(db: Db, party: string, exceptId: string): Promise<number> {
  const rows = await lockActiveUsersOf(db, party);
  return rows.filter((r) => r.id !== exceptId && (JSON.parse(r.roles) as Role[]).includes('admin')).length;
}

/**
 * The actor as its account stands now, inside the transaction: a grant or
 * a demotion that landed since the request was authenticated counts.
 */
export async function currentActor(ctx: AppContext, db: Db, actor: Actor): Promise<Actor> {
  const row = await findUserById(db, actor.userId);
  if (row?.disabled !== 0) throw problem('auth.account_inactive');
  const now = accountOf(await ctx.codec(), row);
  return { ...actor, roles: [...now.roles], clearance: now.clearance, compartments: [...now.compartments] };
}

export function presentClearanceRequest(codec: LabelCodec, r: ClearanceRequestRow): ClearanceRequest {
  return {
    id: r.id,
    userId: r.user_id,
    username: r.username,
    party: r.party,
    clearance: r.clearance === null ? null : classificationAt(r.clearance),
    compartments: codec.compartmentsOf(Number(r.compartment_mask)),
    requestedBy: r.requested_by_username,
    requestedAt: r.requested_at,
    status: r.status,
    decidedBy: r.decided_by_username ?? null,
    decidedAt: r.decided_at,
  };
}

/** The pending raise of each of these users of a party. */
export async function pendingRaisesOf(ctx: AppContext, db: Db, party: string, userIds: readonly string[]) {
  const codec = await ctx.codec();
  const rows = await pendingClearanceRequests(db, party, userIds);
  return new Map(rows.map((r) => [r.user_id, presentClearanceRequest(codec, r)]));
}

/**
 * Opens the request for a raise that waits for a security officer; one
 * pending raise per user at a time, so that a confirmation always says what
 * it grants.
 */
export async function requestRaise(
  ctx: AppContext,
  trx: Db,
  actor: Actor,
  user: { id: string; username: string; party: string },
  raise: Raise,
  at: string,
): Promise<string> {
  const codec = await ctx.codec();
  const waiting = await pendingClearanceRequests(trx, user.party, [user.id]);
  if (waiting.length) throw problem('clearance.raise_pending', { username: user.username });
  const id = newId();
  await insertClearanceRequest(trx, {
    id,
    user_id: user.id,
    party: user.party,
    clearance: raise.clearance === null ? null : levelOf(raise.clearance),
    compartment_mask: codec.compartmentMask(raise.compartments),
    requested_by: actor.userId,
    requested_at: at,
    status: 'pending',
    decided_by: null,
    decided_at: null,
  });
  await audit(trx, actor, at, [
    {
      action: 'user.clearance.request',
      entityType: 'user',
      entityId: user.id,
      label: accountLabel(user.party),
      detail: { username: user.username, requestId: id, clearance: raise.clearance, compartments: raise.compartments },
    },
  ]);
  return id;
}

/** The pending raises of the actor's party, for its security officers and administrators. */
export async function listClearanceRequests(ctx: AppContext, actor: Actor) {
  if (!hasRole(actor, 'security_officer', 'admin')) throw problem('clearance.only_officers_list');
  const codec = await ctx.codec();
  const rows = await pendingClearanceRequests(ctx.db, actor.party);
  return { items: rows.map((r) => presentClearanceRequest(codec, r)), nextCursor: null };
}

/**
 * A security officer confirms or refuses a pending raise (two-person rule):
 * one of the user's party, not the user, and to confirm, not the one who
 * asked and holding the clearance and compartments asked for. Confirming
 * raises the user's clearance to at least the level asked for and adds the
 * compartments, whatever changed meanwhile. To anyone else the request does
 * not exist.
 */
export async function decideRaise(ctx: AppContext, requester: Actor, id: string, confirm: boolean): Promise<ClearanceRequest> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const actor = await currentActor(ctx, trx, requester);
    const request = await findClearanceRequest(trx, id);
    if (!request) throw problem('clearance.request_not_found');
    const raise: Raise = {
      clearance: request.clearance === null ? null : classificationAt(request.clearance),
      compartments: codec.compartmentsOf(Number(request.compartment_mask)),
    };
    const verdict = judgeDecision(
      actor,
      { party: request.party, userId: request.user_id, requestedBy: request.requested_by, raise },
      confirm,
    );
    if (!verdict.ok) throw refusal(verdict);
    if (request.status !== 'pending')
      throw problem(request.status === 'confirmed' ? 'clearance.already_confirmed' : 'clearance.already_refused');
    const at = isoNow(ctx);
    if (!(await decideClearanceRequest(trx, id, confirm ? 'confirmed' : 'refused', actor.userId, at)))
      throw problem('clearance.decided_meanwhile');
    // Locked, so that a reset or edit of the account racing this confirmation is either before it or after it.
    const user = await lockUserById(trx, request.user_id);
    if (!user) throw problem('clearance.request_not_found');
    let changes: Record<string, { from: unknown; to: unknown }> = {};
    if (confirm) {
      const before = accountOf(codec, user);
      const level = Math.max(user.clearance, request.clearance ?? 0);
      const compartments = [...new Set([...before.compartments, ...raise.compartments])];
      if (
        !(await updateUserRow(trx, user.id, user.version, {
          clearance: level,
          compartment_mask: codec.compartmentMask(compartments),
          updated_at: at,
        }))
      )
        throw problem('user.changed_meanwhile_retry');
      changes = {
        clearance: { from: before.clearance, to: CLASSIFICATIONS[level] },
        compartments: { from: before.compartments, to: compartments },
      };
    }
    await audit(trx, actor, at, [
      {
        action: confirm ? 'user.clearance.confirm' : 'user.clearance.refuse',
        entityType: 'user',
        entityId: user.id,
        label: accountLabel(user.party),
        detail: {
          username: user.username,
          requestId: id,
          requestedBy: request.requested_by_username,
          clearance: raise.clearance,
          compartments: raise.compartments,
          ...(confirm ? { changes } : {}),
        },
      },
    ]);
    const decided = await findClearanceRequest(trx, id);
    if (!decided) throw problem('clearance.request_not_found');
    return presentClearanceRequest(codec, decided);
  });
}
