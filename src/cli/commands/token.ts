import type { Command } from 'commander';
import { createToken } from '../../app/auth.usecases.js';
import { DomainError } from '../../domain/errors.js';
import { UsageError, withApp } from '../runtime.js';

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
      await withApp(opts, async (ctx) => {
        try {
          const created = await createToken(ctx, null, username, name);
          // The token alone on stdout, so that scripts can capture it; the advice on stderr.
          console.log(created.token);
          console.error(
            `Token "${name}" for ${username} created. Store it now: it cannot be shown again. Use it as "Authorization: Bearer <token>".`,
          );
        } catch (err) {
          if (err instanceof DomainError && err.kind === 'not_found')
            throw new UsageError(`no user ${username}; \`jointplan user list\` shows the accounts`);
          throw err;
        }
      });
    });
}
