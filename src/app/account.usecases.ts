import { verify } from '@node-rs/argon2';
import { type Account, judgeAccess, judgeChange } from '../domain/grants.js';
import { levelOf } from '../domain/labels.js';
import { issue, problem } from '../domain/problems.js';
import type { ApiToken, ManagedUser, PasswordChange, UserPatch } from '../domain/user.schema.js';
import type { UserRow } from '../store/database.js';
import type { Db } from '../store/db.js';
import { findLiveToken, liveTokensOf, revokeTokenRow } from '../store/token.repo.js';
import { inTransaction } from '../store/tx.js';
import { cutOff, findUserById, findUserByUsername, listUserRows, setPasswordHash, updateUserRow } from '../store/user.repo.js';
import { endSessions } from '../store/user-session.repo.js';
import { audit, changedFields } from './audit.js';
import { hashPassword, sha256 } from './auth.usecases.js';
import {
  accountLabel,
  accountOf,
  currentActor,
  otherActiveAdmins,
  pendingRaisesOf,
  refusal,
  requestRaise,
} from './clearance.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { expectedVersion } from './labels.js';
import { assertAdmin } from './policy.js';
import { claimPasswordCheck, passwordCheckSucceeded, SignInThrottled } from './sign-in-throttle.js';

const labelOf = accountLabel;

export async function presentManagedUser(
  ctx: AppContext,
  row: UserRow,
  db: Db = ctx.db,
  pending?: ManagedUser['pendingRaise'],
): Promise<ManagedUser> {
  const codec = await ctx.codec();
  return {
    ...accountOf(codec, row),
    username: row.username,
    displayName: row.display_name,
    pendingRaise: pending !== undefined ? pending : ((await pendingRaisesOf(ctx, db, row.party, [row.id])).get(row.id) ?? null),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A user the actor may see and handle (its tokens, its password): themselves,
 * or as an administrator of their party a user within the administrator's
 * clearance and compartments (grants.ts). Users of another party, and every
 * other user for a non-administrator, answer 404 as if missing, so that
 * nobody can probe accounts; an administrator is refused (403) a user of its
 * party beyond its reach, which it can list anyway. `actor` is null for an
 * operator on the command line, who may handle anyone.
 */
async function manageableUser(ctx: AppContext, db: Db, actor: Actor | null, id: string): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (!row) throw problem('user.not_found');
  if (!actor) return row;
  const verdict = judgeAccess(actor, accountOf(await ctx.codec(), row));
  if (!verdict.ok) throw refusal(verdict);
  return row;
}

async function userByUsername(ctx: AppContext, db: Db, actor: Actor | null, username: string): Promise<UserRow> {
  const row = await findUserByUsername(db, username);
  if (!row) throw problem('user.not_found');
  return manageableUser(ctx, db, actor, row.id);
}

/** One user of the admin's party (any of them: the party's list shows them all). */
export async function getUser(ctx: AppContext, actor: Actor, id: string): Promise<ManagedUser> {
  const row = await findUserById(ctx.db, id);
  if (!row || row.party !== actor.party || (row.id !== actor.userId && !actor.roles.includes('admin')))
    throw problem('user.not_found');
  assertAdmin(actor, row.party);
  return presentManagedUser(ctx, row);
}

/** The users of the admin's party with their state, pending raise and version, for editing. */
export async function listManagedUsers(ctx: AppContext, actor: Actor) {
  assertAdmin(actor, actor.party);
  const rows = await listUserRows(ctx.db, actor.party);
  const pending = await pendingRaisesOf(
    ctx,
    ctx.db,
    actor.party,
    rows.map((r) => r.id),
  );
  return {
    items: await Promise.all(rows.map((r) => presentManagedUser(ctx, r, ctx.db, pending.get(r.id) ?? null))),
    nextCursor: null,
  };
}

/**
 * Changes a user's profile, roles, clearance, compartments or state, under
 * the grant rule (domain/grants.ts): only an administrator of the user's
 * party within whose clearance and compartments the user is, the user before
 * and after the change; nobody grants what they do not hold nor changes their
 * own roles, clearance or compartments; the last active administrator of a
 * party stays one. A raise (higher clearance, added compartment) does not
 * apply: it waits for a security officer (`awaiting` true), while the rest of
 * the change applies at once. Deactivating ends the user's sessions and
 * revokes their tokens at once; reactivating restores neither.
 */
export async function updateUser(
  ctx: AppContext,
  requester: Actor,
  id: string,
  patch: UserPatch,
  ifMatch?: number,
): Promise<{ user: ManagedUser; awaiting: boolean }> {
  const version = expectedVersion(patch.version, ifMatch);
  const codec = await ctx.codec();
  if (patch.compartments) codec.compartmentMask(patch.compartments);
  return inTransaction(ctx.db, async (trx) => {
    const actor = await currentActor(ctx, trx, requester);
    const row = await findUserById(trx, id);
    if (!row) throw problem('user.not_found');
    const before = accountOf(codec, row);
    const asked = patch.roles ? [...new Set(patch.roles)] : undefined;
    // The same roles in another order are no change, to the rule as to the audit.
    const roles =
      asked && (asked.length !== before.roles.length || asked.some((r) => !before.roles.includes(r))) ? asked : undefined;
    const after: Account = {
      ...before,
      roles: roles ?? before.roles,
      clearance: patch.clearance ?? before.clearance,
      compartments: patch.compartments ? [...new Set(patch.compartments)] : before.compartments,
      active: patch.active ?? before.active,
    };
    // Counting (and on PostgreSQL locking) the party's other administrators only matters when this one is lost.
    const losesAdmin = before.active && before.roles.includes('admin') && !(after.active && after.roles.includes('admin'));
    const verdict = judgeChange(actor, before, after, losesAdmin ? await otherActiveAdmins(trx, row.party, row.id) : 1);
    if (!verdict.ok) throw refusal(verdict);
    if (row.version !== version) throw problem('user.stale_version', { had: version, now: row.version });
    const raise = verdict.raise;
    // What applies at once: everything but the raise, which waits for its security officer.
    const clearance = raise?.clearance ? before.clearance : after.clearance;
    // In the codec's order, so that the audit records a change only where there is one.
    const compartments = codec.compartmentsOf(
      codec.compartmentMask(after.compartments.filter((c) => !raise?.compartments.includes(c))),
    );
    const at = isoNow(ctx);
    const changed = await updateUserRow(trx, id, version, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(roles ? { roles: JSON.stringify(roles) } : {}),
      clearance: levelOf(clearance),
      compartment_mask: codec.compartmentMask(compartments),
      ...(patch.active !== undefined ? { disabled: patch.active ? 0 : 1 } : {}),
      updated_at: at,
    });
    if (!changed) throw problem('user.changed_meanwhile');
    const shown = await presentManagedUser(ctx, row, trx, null);
    const deactivated = before.active && !after.active;
    const { endedSessions, revokedTokens } = deactivated ? await cutOff(trx, id, at) : { endedSessions: 0, revokedTokens: [] };
    const applied = {
      ...(patch.displayName !== undefined ? { displayName: patch.displayName } : {}),
      ...(roles ? { roles } : {}),
      clearance,
      compartments,
      ...(patch.active !== undefined ? { active: patch.active } : {}),
    };
    await audit(trx, actor, at, [
      {
        action: deactivated ? 'user.deactivate' : after.active && !before.active ? 'user.reactivate' : 'user.update',
        entityType: 'user',
        entityId: id,
        label: labelOf(row.party),
        detail: {
          username: row.username,
          changes: changedFields(shown as unknown as Record<string, unknown>, applied),
          ...(deactivated ? { endedSessions, revokedTokens } : {}),
        },
      },
    ]);
    if (raise) await requestRaise(ctx, trx, actor, row, raise, at);
    const updated = await findUserById(trx, id);
    if (!updated) throw problem('user.not_found');
    return { user: await presentManagedUser(ctx, updated, trx), awaiting: raise !== null };
  });
}

/**
 * An administrator sets a new password for a user of their party within
 * their reach; the user's sessions end and their API tokens are revoked in
 * the same transaction. Administrators change their own with the current
 * one instead.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, id: string, password: string): Promise<void> {
  const row = await manageableUser(ctx, ctx.db, actor, id);
  assertAdmin(actor, row.party);
  if (row.id === actor.userId) throw problem('user.reset_own_password', {}, [issue('id', 'user.own_password_field')]);
  const passwordHash = await hashPassword(password);
  const at = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    // Judged again inside the transaction, with both accounts as they stand now, and written only
    // to the account so judged: one raised meanwhile (a confirmation racing this reset) answers 409.
    const target = await manageableUser(ctx, trx, await currentActor(ctx, trx, actor), id);
    if (!(await updateUserRow(trx, id, target.version, { password_hash: passwordHash, updated_at: at })))
      throw problem('user.changed_meanwhile');
    const { endedSessions, revokedTokens } = await cutOff(trx, id, at);
    await audit(trx, actor, at, [
      {
        action: 'user.password.reset',
        entityType: 'user',
        entityId: id,
        label: labelOf(row.party),
        detail: { username: row.username, endedSessions, revokedTokens },
      },
    ]);
  });
}

/**
 * A signed-in user changes their own password, proving they know the current
 * one. Their other sessions end; the one they are using (if any) goes on.
 * Every wrong current password is audited and counted with the sign-ins of
 * the account from `from`, the address of the request.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  input: PasswordChange,
  currentSessionToken?: string,
  from: string | null = null,
): Promise<void> {
  const row = await findUserById(ctx.db, actor.userId);
  if (!row) throw problem('user.not_found');
  const now = ctx.now();
  const at = now.toISOString();
  const refuse = (action: string) =>
    inTransaction(ctx.db, (trx) =>
      audit(trx, actor, at, [
        { action, entityType: 'user', entityId: row.id, label: labelOf(row.party), detail: { username: row.username, from } },
      ]),
    );
  // A stolen session must not become a way round the sign-in throttle to guess the password it lacks.
  try {
    await claimPasswordCheck(ctx.db, row.username, from, now);
  } catch (err) {
    if (err instanceof SignInThrottled) await refuse('user.password.throttled');
    throw err;
  }
  if (!(await verify(row.password_hash, input.currentPassword))) {
    await refuse('user.password.failure');
    throw problem('user.current_password_wrong', {}, [issue('currentPassword', 'field.wrong_password')]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await inTransaction(ctx.db, async (trx) => {
    await passwordCheckSucceeded(trx, row.username, from);
    await setPasswordHash(trx, row.id, passwordHash, at);
    const endedSessions = await endSessions(trx, row.id, currentSessionToken ? sha256(currentSessionToken) : undefined);
    await audit(trx, actor, at, [
      {
        action: 'user.password',
        entityType: 'user',
        entityId: row.id,
        label: labelOf(row.party),
        detail: { username: row.username, endedSessions },
      },
    ]);
  });
}

/**
 * The live tokens of a user: one's own, or as an administrator those of a
 * user of one's party within one's reach (`null` actor: an operator,
 * anyone's). Any other user, of one's party or not, answers 404 exactly like
 * a missing one.
 */
export async function listTokens(ctx: AppContext, actor: Actor | null, username?: string) {
  const user = username
    ? await userByUsername(ctx, ctx.db, actor, username)
    : actor
      ? await manageableUser(ctx, ctx.db, actor, actor.userId)
      : undefined;
  if (!user) throw problem('token.whose', {}, [issue('user', 'field.required')]);
  return { items: await liveTokensOf(ctx.db, user.id), nextCursor: null };
}

/**
 * Revokes a token at once. Its owner may, and an administrator of the owner's
 * party within whose reach the owner is; to anyone else the token does not
 * exist.
 */
export async function revokeToken(ctx: AppContext, actor: Actor | null, id: string): Promise<ApiToken> {
  const codec = await ctx.codec();
  return inTransaction(ctx.db, async (trx) => {
    const live = await findLiveToken(trx, id);
    const owner = live ? await findUserById(trx, live.token.userId) : undefined;
    if (!live || !owner || (actor && !judgeAccess(actor, accountOf(codec, owner)).ok)) throw problem('token.not_found');
    const { token, party } = live;
    const at = isoNow(ctx);
    if (!(await revokeTokenRow(trx, id, at))) throw problem('token.not_found');
    await audit(trx, actor, at, [
      {
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: id,
        label: labelOf(party),
        detail: { username: token.username, name: token.name },
      },
    ]);
    return token;
  });
}
