import type { Command } from 'commander';
import type { AppContext } from '../../app/context.js';
import type { ClearanceRequest } from '../../domain/user.schema.js';
import { actingUser, printTable, refusalKind, UsageError, withApp, withExisting, withReadOnly } from '../runtime.js';

const DB_HELP = 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)';

// The command-line option each field of a user comes from, to name it in errors.
const OPTION_OF: Record<string, string> = {
  username: '--username',
  displayName: '--display-name',
  party: '--party',
  roles: '--role',
  clearance: '--clearance',
  compartments: '--compartments',
  password: '--password',
};

/** The password from --password, else JOINTPLAN_PASSWORD, so it need not appear in the shell history. */
function passwordFrom(opts: { password?: string }): string {
  const password = opts.password ?? process.env.JOINTPLAN_PASSWORD;
  if (!password) throw new UsageError('give the password with --password or the JOINTPLAN_PASSWORD environment variable');
  return password;
}

const problemsOf = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${OPTION_OF[String(i.path[0])] ?? (i.path.join('.') || 'value')}: ${i.message}`).join('\n  ');

/** Refuses unknown parties and compartments with the list of known ones, which is what the operator needs next. */
async function assertKnown(ctx: AppContext, party: string, compartments: string[]) {
  const parties = (await ctx.db.selectFrom('party').select('code').orderBy('code').execute()).map((p) => p.code);
  if (!parties.includes(party))
    throw new UsageError(
      parties.length
        ? `unknown party ${party}; known parties: ${parties.join(', ')}`
        : `unknown party ${party}: this database has no parties yet (run \`jointplan demo\` on an empty database to load some)`,
    );
  const known = (await ctx.db.selectFrom('compartment').select('code').orderBy('code').execute()).map((c) => c.code);
  const unknown = compartments.filter((c) => !known.includes(c));
  if (unknown.length)
    throw new UsageError(`unknown compartment ${unknown.join(', ')}; known compartments: ${known.join(', ') || 'none'}`);
}

export function registerUser(program: Command) {
  const user = program.command('user').description('manage user accounts (as the operator of this installation)');

  user
    .command('add')
    .description('add a user account')
    .requiredOption('--username <name>', 'sign-in name: lower-case letters, digits, dots, dashes')
    .requiredOption('--party <code>', 'party of the user, e.g. MAR')
    .requiredOption('--role <roles...>', 'one or more of: admin, planner, contributor, viewer, security_officer')
    .option('--clearance <level>', 'UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET', 'UNCLASSIFIED')
    .option('--compartments <codes...>', 'need-to-know compartments, e.g. INDUS INTEL', [])
    .option('--display-name <name>', 'name shown in the app (default: the username)')
    .option('--password <password>', 'initial password (or set JOINTPLAN_PASSWORD)')
    .option('--db <path>', DB_HELP)
    .action(
      async (opts: {
        username: string;
        party: string;
        role: string[];
        clearance: string;
        compartments: string[];
        displayName?: string;
        password?: string;
        db?: string;
      }) => {
        const [{ addUser }, { userCreateSchema }] = await Promise.all([
          import('../../app/auth.usecases.js'),
          import('../../domain/user.schema.js'),
        ]);
        const parsed = userCreateSchema.safeParse({
          username: opts.username,
          displayName: opts.displayName ?? opts.username,
          party: opts.party,
          roles: opts.role,
          clearance: opts.clearance,
          compartments: opts.compartments,
          password: passwordFrom(opts),
        });
        if (!parsed.success) throw new UsageError(`the user is not valid:\n  ${problemsOf(parsed.error.issues)}`);
        await withApp(opts, async (ctx) => {
          await assertKnown(ctx, parsed.data.party, parsed.data.compartments);
          const created = await addUser(ctx, null, parsed.data);
          console.log(`Added ${created.username} (${created.party}; ${created.roles.join(', ')}; ${created.clearance}).`);
        });
      },
    );

  user
    .command('list')
    .description('list user accounts')
    .option('--party <code>', 'only the users of this party')
    .option('--json', 'print JSON instead of a table')
    .option('--db <path>', DB_HELP)
    .action(async (opts: { party?: string; json?: boolean; db?: string }) => {
      const { listUsers } = await import('../../app/auth.usecases.js');
      await withReadOnly(opts, async (ctx) => {
        const { items } = await listUsers(ctx, null, opts.party);
        if (opts.json) {
          console.log(JSON.stringify(items, null, 2));
          return;
        }
        if (!items.length) {
          console.log(opts.party ? `No users of ${opts.party}.` : 'No users yet; add one with `jointplan user add`.');
          return;
        }
        const rows = items.map((u) => [
          u.username,
          u.party,
          u.roles.join(','),
          u.clearance,
          u.compartments.join(',') || '-',
          u.displayName,
        ]);
        printTable(['USERNAME', 'PARTY', 'ROLES', 'CLEARANCE', 'COMPARTMENTS', 'NAME'], rows);
      });
    });

  user
    .command('passwd')
    .description('set a user’s password; this ends the user’s open sessions and revokes their API tokens')
    .argument('<username>', 'the account')
    .option('--password <password>', 'the new password (or set JOINTPLAN_PASSWORD)')
    .option('--db <path>', DB_HELP)
    .action(async (username: string, opts: { password?: string; db?: string }) => {
      const password = passwordFrom(opts);
      const [{ setPassword }, { passwordSchema }] = await Promise.all([
        import('../../app/auth.usecases.js'),
        import('../../domain/user.schema.js'),
      ]);
      const checked = passwordSchema.safeParse(password);
      if (!checked.success) throw new UsageError(`--password: ${checked.error.issues[0]?.message ?? 'not accepted'}`);
      await withExisting(opts, async (ctx) => {
        try {
          await setPassword(ctx, username, password);
        } catch (err) {
          if (refusalKind(err) === 'not_found')
            throw new UsageError(`no user ${username}; \`jointplan user list\` shows the accounts`);
          throw err;
        }
        console.log(`Password of ${username} changed; their open sessions are closed and their API tokens revoked.`);
      });
    });

  // A raise of clearance or compartments is decided by a named security officer, never by the operator alone:
  // the two-person rule holds on the command line as in the API.
  user
    .command('raises')
    .description('list the raises of clearance or compartments awaiting a security officer of the acting user’s party')
    .option('--as <username>', 'security officer or administrator who looks (default: JOINTPLAN_USER)')
    .option('--json', 'print JSON instead of a table')
    .option('--db <path>', DB_HELP)
    .action(async (opts: { as?: string; json?: boolean; db?: string }) => {
      const { listClearanceRequests } = await import('../../app/clearance.usecases.js');
      await withReadOnly(opts, async (ctx) => {
        const { items } = await listClearanceRequests(ctx, await actingUser(ctx, opts.as));
        if (opts.json) {
          console.log(JSON.stringify(items, null, 2));
          return;
        }
        if (!items.length) {
          console.log('No raise awaits confirmation.');
          return;
        }
        printTable(
          ['ID', 'USER', 'CLEARANCE', 'ADD COMPARTMENTS', 'ASKED BY', 'ASKED AT'],
          items.map((r) => [r.id, r.username, r.clearance ?? '-', r.compartments.join(',') || '-', r.requestedBy, r.requestedAt]),
        );
      });
    });

  for (const decision of ['confirm', 'refuse'] as const)
    user
      .command(decision)
      .description(
        decision === 'confirm'
          ? 'confirm a pending raise as a security officer of the user’s party (not the one who asked); it applies at once'
          : 'refuse a pending raise as a security officer of the user’s party',
      )
      .argument('<id>', 'the request id, as `jointplan user raises` shows it')
      .option('--as <username>', 'the security officer who decides (default: JOINTPLAN_USER)')
      .option('--db <path>', DB_HELP)
      .action(async (id: string, opts: { as?: string; db?: string }) => {
        const [{ decideRaise }, { idSchema }] = await Promise.all([
          import('../../app/clearance.usecases.js'),
          import('../../domain/common.schema.js'),
        ]);
        if (!idSchema.safeParse(id).success)
          throw new UsageError(`${id} is not a request id; \`jointplan user raises\` shows them`);
        await withExisting(opts, async (ctx) => {
          let decided: ClearanceRequest;
          try {
            decided = await decideRaise(ctx, await actingUser(ctx, opts.as), id, decision === 'confirm');
          } catch (err) {
            const kind = refusalKind(err);
            if (err instanceof Error && kind && kind !== 'unauthenticated') throw new UsageError(err.message);
            throw err;
          }
          const what = [decided.clearance, ...decided.compartments].filter(Boolean).join(', ');
          console.log(`Raise of ${decided.username} to ${what} ${decided.status}.`);
        });
      });
}
