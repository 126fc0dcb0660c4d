import { startAuditSigning } from '../app/audit.usecases.js';
import { actorForUsername } from '../app/auth.usecases.js';
import { type Actor, type AppContext, createContext } from '../app/context.js';
import { DomainError } from '../domain/errors.js';
import { auditSigningPaths } from '../store/audit-signing.js';
import { openDatabase } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';

export interface DbOption {
  db?: string | undefined;
}

/** The database a command works on: --db PATH, else DATABASE_URL, else data/jointplan.sqlite. */
export const databaseUrl = (opts: DbOption) => opts.db ?? process.env.DATABASE_URL ?? undefined;

/** The signing key and checkpoint file of the installation whose database the command works on. */
export const auditPaths = (opts: DbOption) => auditSigningPaths(databaseUrl(opts));

/**
 * Opens and migrates the database, runs `fn`, and always closes it. Audit
 * entries the command writes are signed with the installation's key, made if
 * there is none yet, unless `sign` is false (commands that only read).
 */
export async function withApp<T>(
  opts: DbOption,
  fn: (ctx: AppContext) => Promise<T>,
  { sign = true }: { sign?: boolean } = {},
): Promise<T> {
  const db = openDatabase({ url: databaseUrl(opts) });
  try {
    await migrateToLatest(db);
    const signing = sign ? await startAuditSigning(db, auditPaths(opts)) : undefined;
    return await fn(createContext(db, undefined, signing));
  } finally {
    await db.destroy();
  }
}

/** Thrown by commands for an error the user can fix; printed without a stack. */
export class UsageError extends Error {}

/**
 * The user a command acts as: --as, else JOINTPLAN_USER. There is no
 * operator's back door: commands that act for a user apply that user's
 * labels, roles and grants.
 */
export async function actingUser(ctx: AppContext, as: string | undefined): Promise<Actor> {
  const username = as ?? process.env.JOINTPLAN_USER;
  if (!username) throw new UsageError('say who acts: --as USERNAME (or the JOINTPLAN_USER environment variable)');
  try {
    return await actorForUsername(ctx, username);
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not_found')
      throw new UsageError(`no user ${username}; \`jointplan user list\` shows the accounts`);
    throw err;
  }
}
