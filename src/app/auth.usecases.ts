import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { judgeAccess, judgeChange } from '../domain/grants.js';
import { newId } from '../domain/ids.js';
import { classificationAt, levelOf } from '../domain/labels.js';
import { issue, problem } from '../domain/problems.js';
import type { ClearanceRequest, Role, User, UserCreate } from '../domain/user.schema.js';
import type { UserRow } from '../store/database.js';
import { authCacheOf } from '../store/db.js';
import type { LabelCodec } from '../store/label-codec.js';
import { findTokenUser, insertToken, touchToken } from '../store/token.repo.js';
import { inTransaction } from '../store/tx.js';
import { cutOff, findUserByUsername, insertUser, listUserRows, setPasswordHash } from '../store/user.repo.js';
import { deleteUserSession, findSessionUser, insertUserSession } from '../store/user-session.repo.js';
import { audit } from './audit.js';
import { accountEvent, accountOf, pendingRaisesOf, refusal, requestRaise } from './clearance.usecases.js';
import { type Actor, type AppContext, isoNow } from './context.js';
import { assertAdmin } from './policy.js';
import { claimPasswordCheck, passwordCheckSucceeded, SignInThrottled } from './sign-in-throttle.js';

export const SESSION_HOURS = 12;

/** How sessions and tokens are stored: only this hash of the secret. */
export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;
const unclassified = { classification: 0, releasable_mask: 0, compartment_mask: 0 };

export const hashPassword = (password: string) => hash(password);

// An unknown name is checked against this hash, so that it is refused as slowly as a wrong password
// and the time of the answer does not tell which accounts exist.
let decoy: Promise<string> | undefined;
const decoyHash = () => {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
};

export async function actorOf(ctx: AppContext, row: UserRow): Promise<Actor> {
  return actorWith(await ctx.codec(), row);
}

/** The actor of an account, frozen: a request may keep it for the next ones (`signedIn`). */
const actorWith = (codec: LabelCodec, row: UserRow): Actor =>
  Object.freeze({
    userId: row.id,
    username: row.username,
    displayName: row.display_name,
    party: row.party,
    roles: Object.freeze(JSON.parse(row.roles) as Role[]),
    clearance: classificationAt(row.clearance),
    compartments: Object.freeze(codec.compartmentsOf(row.compartment_mask)),
  });

export const presentUser = (a: Actor): User => ({
  id: a.userId,
  username: a.username,
  displayName: a.displayName,
  party: a.party,
  roles: [...a.roles],
  clearance: a.clearance,
  compartments: [...a.compartments],
});

/**
 * Checks a password and opens a server-side session. Every attempt is audited;
 * one that must wait (sign-in-throttle.ts) is refused without checking.
 */
export async function login(ctx: AppContext, username: string, password: string, from: string) {
  const now = ctx.now();
  const at = now.toISOString();
  const user = await findUserByUsername(ctx.db, username);
  const who = user ? { userId: user.id, party: user.party } : null;
  const label = { ...unclassified, owner_party: user?.party ?? null };
  const refuse = async (action: string) =>
    inTransaction(ctx.db, (trx) =>
      audit(trx, who, at, [{ action, entityType: 'user', entityId: user?.id ?? null, label, detail: { username, from } }]),
    );
  try {
    await claimPasswordCheck(ctx.db, username, from, now);
  } catch (err) {
    if (err instanceof SignInThrottled) await refuse('login.throttled');
    throw err;
  }
  const ok = (await verify(user?.password_hash ?? (await decoyHash()), password)) && user !== undefined && user.disabled === 0;
  if (!ok) {
    await refuse('login.failure');
    throw problem('auth.wrong_credentials');
  }
  const token = secret('');
  const expires = new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString();
  await inTransaction(ctx.db, async (trx) => {
    await insertUserSession(trx, { id: sha256(token), user_id: user.id, created_at: at, expires_at: expires });
    await passwordCheckSucceeded(trx, username, from);
    await audit(trx, who, at, [
      { action: 'login.success', entityType: 'user', entityId: user.id, label, detail: { username, from } },
    ]);
  });
  return { token, expires, user: presentUser(await actorOf(ctx, user)) };
}

export async function logout(ctx: AppContext, token: string) {
  await deleteUserSession(ctx.db, sha256(token));
}

/** Who a token or session signs in, as read from the database, with what was needed to tell. */
interface SignIn {
  actor: Actor;
  /** The label codec the actor's compartments were named with. */
  codec: LabelCodec;
}

/**
 * What a token or session (`key`) signs in: kept from an earlier request while
 * no account, token or session has changed since (on PostgreSQL, see
 * store/auth-changes.ts: the change drops it before the writing use case
 * returns, in this process, and when the database's notification arrives, in
 * the others, and at the latest MAX_AGE_MS after it was read, should a
 * notice be missed), else read through `read`.
 */
async function signedIn<T extends SignIn>(
  ctx: AppContext,
  key: string,
  read: (codec: LabelCodec) => Promise<T | undefined>,
): Promise<T | undefined> {
  const codec = await ctx.codec();
  const cache = authCacheOf(ctx.db);
  const kept = cache?.get<T>(key);
  if (kept && kept.codec === codec) return kept;
  return cache ? cache.read(key, () => read(codec)) : read(codec);
}

/** The actor behind a session cookie, or null when it is unknown or expired. */
export async function actorForSession(ctx: AppContext, token: string): Promise<Actor | null> {
  const now = ctx.now().toISOString();
  const found = await signedIn(ctx, `session:${sha256(token)}`, async (codec) => {
    const row = await findSessionUser(ctx.db, sha256(token), now);
    return row && { actor: actorWith(codec, row), codec, expiresAt: row.expires_at };
  });
  return found && found.expiresAt > now ? found.actor : null;
}

/** How stale the recorded last use of a token may get before a request records it again. */
export const TOKEN_USE_RESOLUTION_MINUTES = 5;

/**
 * The actor behind an API token, or null when it is unknown, revoked or its
 * user deactivated. A revocation or a change of the account takes effect on
 * the next request (see `signedIn`).
 */
export async function actorForToken(ctx: AppContext, token: string): Promise<Actor | null> {
  const found = await signedIn(ctx, `token:${sha256(token)}`, async (codec) => {
    const row = await findTokenUser(ctx.db, sha256(token));
    return row && { actor: actorWith(codec, row), codec, tokenId: row.token_id, lastUsedAt: row.last_used_at };
  });
  if (!found) return null;
  const now = ctx.now();
  const staleBefore = new Date(now.getTime() - TOKEN_USE_RESOLUTION_MINUTES * 60_000).toISOString();
  if (found.lastUsedAt === null || found.lastUsedAt < staleBefore) {
    await touchToken(ctx.db, found.tokenId, now.toISOString(), staleBefore);
    found.lastUsedAt = now.toISOString();
  }
  return found.actor;
}

async function userRow(ctx: AppContext, username: string) {
  const row = await findUserByUsername(ctx.db, username);
  if (!row) throw problem('user.not_found');
  return row;
}

/**
 * The actor an operator names on the command line (`--as USERNAME`), so that
 * the command reads and writes with that user's labels and roles. A disabled
 * account cannot act, as it could not sign in.
 */
export async function actorForUsername(ctx: AppContext, username: string): Promise<Actor> {
  const row = await userRow(ctx, username);
  if (row.disabled !== 0) throw problem('auth.account_disabled', { username });
  return actorOf(ctx, row);
}

/** Creates an API token for a user; the secret is shown once and stored hashed. */
export async function createToken(ctx: AppContext, actor: Actor | null, username: string, name: string) {
  const row = await userRow(ctx, username);
  if (actor) {
    const verdict = judgeAccess(actor, accountOf(await ctx.codec(), row));
    if (!verdict.ok) throw refusal(verdict);
  }
  const token = secret('jp_');
  const at = isoNow(ctx);
  const id = newId();
  await inTransaction(ctx.db, async (trx) => {
    await insertToken(trx, {
      id,
      user_id: row.id,
      name,
      token_hash: sha256(token),
      created_at: at,
      last_used_at: null,
      revoked_at: null,
    });
    await audit(trx, actor, at, [accountEvent('token.create', 'api_token', id, row.party, { username, name })]);
  });
  return { id, name, token };
}

/**
 * Adds a user. `actor` is null when an operator runs it from the command line
 * on the server itself, and the account is made as asked. Otherwise only an
 * administrator of the user's party may, under the grant rule (grants.ts): no
 * role, clearance or compartment it does not hold itself; and the account
 * starts UNCLASSIFIED without compartments, its clearance and compartments
 * waiting for a security officer of the party (`pendingRaise`).
 */
export async function addUser(
  ctx: AppContext,
  actor: Actor | null,
  input: UserCreate,
): Promise<User & { pendingRaise: ClearanceRequest | null }> {
  const roles = [...new Set(input.roles)];
  const compartments = [...new Set(input.compartments)];
  const id = newId();
  const verdict = actor
    ? judgeChange(actor, null, { id, party: input.party, roles, clearance: input.clearance, compartments, active: true }, 0)
    : ({ ok: true, raise: null } as const);
  if (!verdict.ok) throw refusal(verdict);
  const raise = verdict.raise;
  const codec = await ctx.codec();
  if (!codec.knowsParty(input.party))
    throw problem('party.unknown', { party: input.party }, [issue('party', 'field.unknown_party')]);
  codec.compartmentMask(compartments);
  const clearance = raise ? 'UNCLASSIFIED' : input.clearance;
  const granted = raise ? [] : compartments;
  const passwordHash = await hashPassword(input.password);
  const at = isoNow(ctx);
  const pendingRaise = await inTransaction(ctx.db, async (trx) => {
    if (await findUserByUsername(trx, input.username)) throw problem('user.username_taken', { username: input.username });
    await insertUser(trx, {
      id,
      username: input.username,
      display_name: input.displayName,
      party: input.party,
      roles: JSON.stringify(roles),
      clearance: levelOf(clearance),
      compartment_mask: codec.compartmentMask(granted),
      password_hash: passwordHash,
      disabled: 0,
      created_at: at,
      updated_at: at,
    });
    await audit(trx, actor, at, [
      accountEvent('user.create', 'user', id, input.party, { username: input.username, roles, clearance, compartments: granted }),
    ]);
    if (!actor || !raise) return null;
    await requestRaise(ctx, trx, actor, { id, username: input.username, party: input.party }, raise, at);
    return (await pendingRaisesOf(ctx, trx, input.party, [id])).get(id) ?? null;
  });
  return {
    id,
    username: input.username,
    displayName: input.displayName,
    party: input.party,
    roles,
    clearance,
    compartments: granted,
    pendingRaise,
  };
}

export async function listUsers(ctx: AppContext, actor: Actor | null, party?: string) {
  if (actor) assertAdmin(actor, actor.party);
  const scope = actor?.party ?? party;
  const rows = await listUserRows(ctx.db, scope);
  const actors = await Promise.all(rows.map((r) => actorOf(ctx, r)));
  return { items: actors.map(presentUser), nextCursor: null };
}

/**
 * The operator's `user passwd`: sets a user's password; every session of the
 * user ends and every API token of theirs is revoked in the same transaction,
 * since whoever held the old password may have made tokens with it.
 * Administrators go through `resetPassword`, which applies the grant rule.
 */
export async function setPassword(ctx: AppContext, username: string, password: string) {
  const row = await userRow(ctx, username);
  const passwordHash = await hashPassword(password);
  const at = isoNow(ctx);
  await inTransaction(ctx.db, async (trx) => {
    await setPasswordHash(trx, row.id, passwordHash, at);
    const { endedSessions, revokedTokens } = await cutOff(trx, row.id, at);
    await audit(trx, null, at, [
      accountEvent('user.password', 'user', row.id, row.party, { username, endedSessions, revokedTokens }),
    ]);
  });
}
