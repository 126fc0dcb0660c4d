import { Command, CommanderError } from 'commander';
import { VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerEvaluation } from './commands/evaluation.js';
import { registerExchange } from './commands/exchange.js';
import { registerGenerate } from './commands/generate.js';
import { registerIndustrialProject } from './commands/industrial-project.js';
import { registerMigrate } from './commands/migrate.js';
import { registerOffset } from './commands/offset.js';
import { registerPlan } from './commands/plan.js';
import { registerProgramme } from './commands/programme.js';
import { registerProgrammeTrace } from './commands/programme-trace.js';
import { registerServe } from './commands/serve.js';
import { registerToken } from './commands/token.js';
import { registerUser } from './commands/user.js';
import { UsageError } from './runtime.js';

const program = new Command()
  .name('jointplan')
  .description('JointPlan: joint defence-cooperation work plans, from the command line')
  .version(VERSION)
  .showHelpAfterError('(run with --help for usage)');

registerServe(program);
registerMigrate(program);
registerPlan(program);
registerProgramme(program);
registerProgrammeTrace(program);
registerOffset(program);
registerIndustrialProject(program);
registerEvaluation(program);
registerExchange(program);
registerDemo(program);
registerUser(program);
registerToken(program);
registerAudit(program);
registerGenerate(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  // Loaded only now: the domain's errors bring zod, which a command that has not failed may never need.
  const { DomainError } = await import('../domain/errors.js');
  if (err instanceof UsageError || err instanceof DomainError) {
    const issues = err instanceof DomainError ? err.issues.map((i) => `\n  ${i.path}: ${i.message}`).join('') : '';
    console.error(`jointplan: ${err.message}${issues}`);
    process.exit(2);
  }
  console.error('jointplan: unexpected error:', err);
  process.exit(1);
}
