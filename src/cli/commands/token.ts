import type { Command } from 'commander';
import type { listTokens } from '../../app/account.usecases.js';
import { refusalKind, UsageError, withExisting, withReadOnly } from '../runtime.js';

export function registerToken(program: Command) {
  const token = program.command('token').description('manage API tokens');

  token
    .command('create')
    .description('create an API token for a user; the token is printed once and stored only as a hash')
    .argument('<username>', 'the account the token acts for')
    .requiredOption('--name <name>', 'what the token is for, e.g. "nightly export"')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (username: string, opts: { name: string; db?: string }) => {
      const name = opts.name.trim();
      if (!name || name.length > 200) throw new UsageError('--name must be 1 to 200 characters');
      const { createToken } = await import('../../app/auth.usecases.js');
      await withExisting(opts, async (ctx) => {
        try {
          const created = await createToken(ctx, null, username, name);
          // The token alone on stdout, so that scripts can capture it; the advice on stderr.
          console.log(created.token);
          console.error(
            `Token "${name}" for ${username} created. Store it now: it cannot be shown again. Use it as "Authorization: Bearer <token>".`,
          );
        } catch (err) {
          if (refusalKind(err) === 'not_found')
            throw new UsageError(`no user ${username}; \`jointplan user list\` shows the accounts`);
          throw err;
        }
      });
    });

  token
    .command('list')
    .description('list the tokens of a user that still work (never their secrets)')
    .requiredOption('--user <username>', 'the account whose tokens to list')
    .option('--json', 'print JSON instead of a table')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (opts: { user: string; json?: boolean; db?: string }) => {
      const { listTokens } = await import('../../app/account.usecases.js');
      await withReadOnly(opts, async (ctx) => {
        let items: Awaited<ReturnType<typeof listTokens>>['items'];
        try {
          items = (await listTokens(ctx, null, opts.user)).items;
        } catch (err) {
          if (refusalKind(err) === 'not_found')
            throw new UsageError(`no user ${opts.user}; \`jointplan user list\` shows the accounts`);
          throw err;
        }
        if (opts.json) {
          console.log(JSON.stringify(items, null, 2));
          return;
        }
        if (!items.length) {
          console.log(`${opts.user} has no live tokens.`);
          return;
        }
        const rows = items.map((t) => [t.id, t.name, t.createdAt, t.lastUsedAt ?? 'never']);
        const header = ['ID', 'NAME', 'CREATED', 'LAST USED'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
        for (const r of [header, ...rows])
          console.log(
            r
              .map((cell, i) => cell.padEnd(widths[i] ?? 0))
              .join('  ')
              .trimEnd(),
          );
      });
    });

  token
    .command('revoke')
    .description('revoke a token; it stops working at once')
    .argument('<id>', 'the token id, as `jointplan token list` shows it')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (id: string, opts: { db?: string }) => {
      const [{ revokeToken }, { idSchema }] = await Promise.all([
        import('../../app/account.usecases.js'),
        import('../../domain/common.schema.js'),
      ]);
      if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a token id; \`jointplan token list\` shows them`);
      await withExisting(opts, async (ctx) => {
        try {
          const revoked = await revokeToken(ctx, null, id);
          console.log(`Token "${revoked.name}" of ${revoked.username} revoked.`);
        } catch (err) {
          if (refusalKind(err) === 'not_found')
            throw new UsageError(`no live token ${id}; \`jointplan token list --user NAME\` shows them`);
          throw err;
        }
      });
    });
}
