import { existsSync } from 'node:fs';
import type { Actor, AppContext } from '../app/context.js';
import type { DomainError } from '../domain/errors.js';
import type { Db } from '../store/db.js';

// Every module below the command line is imported when a command runs, never
// when the program starts: `jointplan --help` or `plan list` must not load the
// server, the documents or the database drivers they do not use.

export interface DbOption {
  db?: string | undefined;
}

/** The database a command works on: --db PATH, else DATABASE_URL, else data/jointplan.sqlite. */
export const databaseUrl = (opts: DbOption) => opts.db ?? (process.env.DATABASE_URL || undefined);

/** The signing key and checkpoint file of the installation whose database the command works on. */
export const auditPaths = async (opts: DbOption) =>
  (await import('../store/audit-signing.js')).auditSigningPaths(databaseUrl(opts));

/** A database address as a person may see it: a PostgreSQL URL without its password or options. */
async function shownDatabase(url: string | undefined): Promise<string> {
  const { DEFAULT_SQLITE_PATH, isPostgresUrl } = await import('../store/db.js');
  if (!url || !isPostgresUrl(url)) return url ?? DEFAULT_SQLITE_PATH;
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL URL given';
  }
}

const noDatabase = async (url: string | undefined) =>
  new UsageError(
    `no JointPlan database at ${await shownDatabase(url)}; check --db or DATABASE_URL (\`jointplan migrate --db …\` makes a new one)`,
  );

/**
 * Refuses a database that is not there, rather than making an empty one and
 * answering from it as if it were the installation's: a mistyped --db must
 * not read as "no entries", "no users" or "chain verified".
 */
async function assertExisting(db: Db, url: string | undefined) {
  const { holdsSchema } = await import('../store/db.js');
  let holds: boolean;
  try {
    holds = await holdsSchema(db);
  } catch (err) {
    // SQLITE_CANTOPEN: no such file; SQLITE_NOTADB: a file of something else; 3D000: no such PostgreSQL database.
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === '3D000') throw await noDatabase(url);
    throw err;
  }
  if (!holds) throw await noDatabase(url);
}

/**
 * Opens and migrates the database, runs `fn`, and always closes it. Audit
 * entries the command writes are signed with the installation's key, made if
 * there is none yet, unless `sign` is false (commands that only read).
 * Commands that work on what is already there (`create: false`) refuse a
 * database that does not exist, and never make one.
 */
export async function withApp<T>(
  opts: DbOption,
  fn: (ctx: AppContext) => Promise<T>,
  { sign = true, create = true }: { sign?: boolean; create?: boolean } = {},
): Promise<T> {
  const [{ DEFAULT_SQLITE_PATH, isPostgresUrl, openDatabase }, { migrateToLatest }, { createContext }] = await Promise.all([
    import('../store/db.js'),
    import('../store/migrate.js'),
    import('../app/context.js'),
  ]);
  const url = databaseUrl(opts);
  const file = url === undefined || !isPostgresUrl(url) ? (url ?? DEFAULT_SQLITE_PATH) : undefined;
  if (!create && file !== undefined && file !== ':memory:' && !existsSync(file)) throw await noDatabase(url);
  let db: Db;
  try {
    db = openDatabase({ url, mustExist: !create });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB') throw await noDatabase(url);
    throw err;
  }
  try {
    if (!create) await assertExisting(db, url);
    await migrateToLatest(db);
    const signing = sign
      ? await (await import('../app/audit.usecases.js')).startAuditSigning(db, await auditPaths(opts))
      : undefined;
    return await fn(createContext(db, undefined, signing));
  } finally {
    await db.destroy();
  }
}

/** withApp for the commands that read or act on what an installation holds: they never make a database. */
export const withExisting = <T>(opts: DbOption, fn: (ctx: AppContext) => Promise<T>, { sign = true }: { sign?: boolean } = {}) =>
  withApp(opts, fn, { sign, create: false });

/** withExisting for the commands that write nothing, not even an audit entry: they neither load nor make the signing key. */
export const withReadOnly = <T>(opts: DbOption, fn: (ctx: AppContext) => Promise<T>) => withExisting(opts, fn, { sign: false });

/** Thrown by commands for an error the user can fix; printed without a stack. */
export class UsageError extends Error {}

/**
 * The kind of a refusal of the domain (`DomainError`), or undefined for any other error. It is told by
 * the error's name, so that starting a command does not load the domain's errors and the zod they bring.
 */
export const refusalKind = (err: unknown): DomainError['kind'] | undefined =>
  err instanceof Error && err.name === 'DomainError' ? (err as DomainError).kind : undefined;

/**
 * The user a command acts as: --as, else JOINTPLAN_USER. There is no
 * operator's back door: commands that act for a user apply that user's
 * labels, roles and grants.
 */
export async function actingUser(ctx: AppContext, as: string | undefined): Promise<Actor> {
  const username = as ?? process.env.JOINTPLAN_USER;
  if (!username) throw new UsageError('say who acts: --as USERNAME (or the JOINTPLAN_USER environment variable)');
  const { actorForUsername } = await import('../app/auth.usecases.js');
  try {
    return await actorForUsername(ctx, username);
  } catch (err) {
    if (refusalKind(err) === 'not_found') throw new UsageError(`no user ${username}; \`jointplan user list\` shows the accounts`);
    throw err;
  }
}

/** Columns padded to their widest cell, two spaces apart, for a person at a terminal. */
export function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const lines = [header, ...rows].map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}
