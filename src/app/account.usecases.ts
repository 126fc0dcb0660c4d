import { verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { conflict, invalid, notFound } from '../domain/errors.js';
import { classificationAt, levelOf } from '../domain/labels.js';
import type { ApiToken, ManagedUser, PasswordChange, Role, UserPatch } from '../domain/user.schema.js';
import type { Database, UserRow } from '../store/database.js';
import { inTransaction } from '../store/tx.js';
import {
  endSessions,
  findLiveToken,
  findUserById,
  liveTokensOf,
  revokeTokenRow,
  revokeTokensOf,
  updateUserRow,
} from '../store/user.repo.js';
import { audit, changedFields } from './audit.js';
import { hashPassword, sha256 } from './auth.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { expectedVersion } from './labels.js';
import { assertAdmin } from './policy.js';

// Accounts and tokens are not labelled records: their audit entries are labelled with the user's party only.
const labelOf = (party: string) => ({ owner_party: party, classification: 0, releasable_mask: 0, compartment_mask: 0 });

type TokenRow = NonNullable<Awaited<ReturnType<typeof findLiveToken>>>;

const presentToken = (r: TokenRow): ApiToken => ({
  id: r.id,
  name: r.name,
  userId: r.user_id,
  username: r.username,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
});

export async function presentManagedUser(ctx: AppContext, row: UserRow): Promise<ManagedUser> {
  const codec = await ctx.codec();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    party: row.party,
    roles: JSON.parse(row.roles) as Role[],
    clearance: classificationAt(row.clearance),
    compartments: codec.compartmentsOf(row.compartment_mask),
    active: row.disabled === 0,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * A user the actor may manage: themselves, or as an administrator any user of
 * their own party. A user of another party answers 404, as if missing, so
 * that administrators cannot probe other parties' accounts. `actor` is null
 * for an operator on the command line, who may manage anyone.
 */
async function manageableUser(db: Kysely<Database>, actor: Actor | null, id: string): Promise<UserRow> {
  const row = await findUserById(db, id);
  if (!row || (actor && row.party !== actor.party)) throw notFound('User');
  if (actor && actor.userId !== row.id) assertAdmin(actor, row.party);
  return row;
}

async function userByUsername(db: Kysely<Database>, actor: Actor | null, username: string): Promise<UserRow> {
  const row = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  if (!row) throw notFound('User');
  return manageableUser(db, actor, row.id);
}

/** One user of the admin's party. */
export async function getUser(ctx: AppContext, actor: Actor, id: string): Promise<ManagedUser> {
  const row = await manageableUser(ctx.db, actor, id);
  assertAdmin(actor, row.party);
  return presentManagedUser(ctx, row);
}

/** The users of the admin's party with their state and version, for editing. */
export async function listManagedUsers(ctx: AppContext, actor: Actor) {
  assertAdmin(actor, actor.party);
  const rows = await ctx.db.selectFrom('app_user').selectAll().where('party', '=', actor.party).orderBy('username').execute();
  return { items: await Promise.all(rows.map((r) => presentManagedUser(ctx, r))), nextCursor: null };
}

/**
 * Changes a user's profile, roles, clearance, compartments or state. Only an
 * administrator of the user's party may; an administrator cannot drop their
 * own admin role nor deactivate themselves, so that a party is never locked
 * out by a slip. Deactivating ends the user's sessions and revokes their
 * tokens at once; reactivating restores neither.
 */
export async function updateUser(
  ctx: AppContext,
  actor: Actor,
  id: string,
  patch: UserPatch,
  ifMatch?: number,
): Promise<ManagedUser> {
  const version = expectedVersion(patch.version, ifMatch);
  const codec = await ctx.codec();
  const compartmentMask = patch.compartments ? codec.compartmentMask(patch.compartments) : undefined;
  return inTransaction(ctx.db, async (trx) => {
    const row = await manageableUser(trx, actor, id);
    assertAdmin(actor, row.party);
    if (row.version !== version)
      throw conflict(`User was changed meanwhile: you had version ${version}, it is now ${row.version}`);
    if (row.id === actor.userId) {
      if (patch.roles && !patch.roles.includes('admin'))
        throw invalid('You cannot remove your own administrator role', [
          { path: 'roles', message: 'you cannot remove your own admin role' },
        ]);
      if (patch.active === false)
        throw invalid('You cannot deactivate your own account', [{ path: 'active', message: 'you cannot deactivate yourself' }]);
    }
    const before = await presentManagedUser(ctx, row);
    const roles = patch.roles ? [...new Set(patch.roles)] : undefined;
    const at = isoNow(ctx);
    const changed = await updateUserRow(trx, id, version, {
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(roles ? { roles: JSON.stringify(roles) } : {}),
      ...(patch.clearance ? { clearance: levelOf(patch.clearance) } : {}),
      ...(compartmentMask !== undefined ? { compartment_mask: compartmentMask } : {}),
      ...(patch.active !== undefined ? { disabled: patch.active ? 0 : 1 } : {}),
      updated_at: at,
    });
    if (!changed) throw conflict('User was changed meanwhile');
    const deactivated = before.active && patch.active === false;
    const endedSessions = deactivated ? await endSessions(trx, id) : 0;
    const revokedTokens = deactivated ? await revokeTokensOf(trx, id, at) : [];
    const { version: _v, ...fields } = patch;
    await audit(trx, actor, at, [
      {
        action: deactivated ? 'user.deactivate' : patch.active === true && !before.active ? 'user.reactivate' : 'user.update',
        entityType: 'user',
        entityId: id,
        label: labelOf(row.party),
        detail: {
          username: row.username,
          changes: changedFields(before as unknown as Record<string, unknown>, { ...fields, ...(roles ? { roles } : {}) }),
          ...(deactivated ? { endedSessions, revokedTokens } : {}),
        },
      },
    ]);
    const after = await findUserById(trx, id);
    if (!after) throw notFound('User');
    return presentManagedUser(ctx, after);
  });
}

/**
 * An administrator sets a new password for a user of their party; the user's
 * sessions end. Administrators change their own with the current one instead.
 */
export async function resetPassword(ctx: AppContext, actor: Actor, id: string, password: string): Promise<void> {
  const row = await manageableUser(ctx.db, actor, id);
  assertAdmin(actor, row.party);
  if (row.id === actor.userId)
    throw invalid('Change your own password with your current one (POST /api/me/password)', [
      { path: 'id', message: 'use /api/me/password for your own account' },
    ]);
  const passwordHash = await hashPassword(password);
  const at = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', id).execute();
    const endedSessions = await endSessions(trx, id);
    await audit(trx, actor, at, [
      {
        action: 'user.password.reset',
        entityType: 'user',
        entityId: id,
        label: labelOf(row.party),
        detail: { username: row.username, endedSessions },
      },
    ]);
  });
}

/**
 * A signed-in user changes their own password, proving they know the current
 * one. Their other sessions end; the one they are using (if any) goes on.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  actor: Actor,
  input: PasswordChange,
  currentSessionToken?: string,
): Promise<void> {
  const row = await findUserById(ctx.db, actor.userId);
  if (!row) throw notFound('User');
  if (!(await verify(row.password_hash, input.currentPassword)))
    throw invalid('The current password is wrong', [{ path: 'currentPassword', message: 'wrong password' }]);
  const passwordHash = await hashPassword(input.newPassword);
  const at = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await trx.updateTable('app_user').set({ password_hash: passwordHash, updated_at: at }).where('id', '=', row.id).execute();
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
 * The live tokens of a user: one's own, or as an administrator those of a user
 * of one's party (`null` actor: an operator, anyone's).
 */
export async function listTokens(ctx: AppContext, actor: Actor | null, username?: string) {
  const user = username
    ? await userByUsername(ctx.db, actor, username)
    : actor
      ? await manageableUser(ctx.db, actor, actor.userId)
      : undefined;
  if (!user) throw invalid('Say whose tokens to list', [{ path: 'user', message: 'required' }]);
  const rows = await liveTokensOf(ctx.db, user.id);
  return { items: rows.map(presentToken), nextCursor: null };
}

/**
 * Revokes a token at once. Its owner may, and an administrator of the owner's
 * party; to anyone else the token does not exist.
 */
export async function revokeToken(ctx: AppContext, actor: Actor | null, id: string): Promise<ApiToken> {
  return inTransaction(ctx.db, async (trx) => {
    const token = await findLiveToken(trx, id);
    const visible =
      token && (!actor || token.user_id === actor.userId || (actor.party === token.party && actor.roles.includes('admin')));
    if (!token || !visible) throw notFound('Token');
    const at = isoNow(ctx);
    if (!(await revokeTokenRow(trx, id, at))) throw notFound('Token');
    await audit(trx, actor, at, [
      {
        action: 'token.revoke',
        entityType: 'api_token',
        entityId: id,
        label: labelOf(token.party),
        detail: { username: token.username, name: token.name },
      },
    ]);
    return presentToken(token);
  });
}
