import type { Command } from 'commander';
import type { Recomputation } from '../../app/evaluation.usecases.js';
import { offerCodeText } from '../../domain/evaluation/offer-code.js';
import { actingUser, printTable, UsageError, withExisting, withReadOnly } from '../runtime.js';

/** The exit status of a recomputation whose hash is not the one frozen. */
export const HASH_MISMATCH_EXIT = 3;

type Opts = { as?: string; json?: boolean; db?: string };

const fixed = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '-' : x.toFixed(digits));

/** Who made an offer, as the acting user may read it: its supplier and system, each null when hidden from them. */
export type OfferMaker = { supplier: string | null; system: string | null };

/**
 * The figures of a recomputation as a person reads them at a terminal, each
 * offer by its neutral name ("Offer 1", as the web and the report say its
 * code "O1") with its supplier and system beside it where the acting user may
 * read them, then its id.
 */
function printFigures(r: Recomputation, makers: ReadonlyMap<string, OfferMaker>) {
  const { evaluation, result } = r;
  const name = new Map(evaluation.offers.map((o) => [o.id, o.name]));
  const offer = (id: string) => {
    const m = makers.get(id);
    const who = [m?.supplier, m?.system].filter(Boolean).join(', ');
    const code = name.get(id);
    return `${code ? offerCodeText(code, (n) => `Offer ${n}`) : id}${who ? `: ${who}` : ''} (${id})`;
  };
  console.log(`Evaluation ${evaluation.id} of programme ${evaluation.programmeId}: ${evaluation.state}`);
  if (!result) {
    console.log('No result: the evaluation is not complete.');
    for (const m of evaluation.missing) console.log(`  missing: ${m.message}`);
    if (evaluation.refusal) console.log(`  refused: ${evaluation.refusal.detail}`);
    return;
  }
  console.log('\nRanking');
  printTable(
    ['RANK', 'OFFER', 'SCORE'],
    result.ranking.map((x) => [String(x.rank), offer(x.offer), fixed(x.score, 6)]),
  );
  console.log('\nTOPSIS (cross-check)');
  printTable(
    ['RANK', 'OFFER', 'CLOSENESS'],
    result.topsis.map((x) => [String(x.rank), offer(x.offer), fixed(x.closeness, 6)]),
  );
  console.log(`Same offer first by both methods: ${result.sameFirst ? 'yes' : 'no'}`);
  console.log('\nConsistency of each comparison matrix');
  printTable(
    ['OF', 'EVALUATOR', 'N', 'LAMBDA MAX', 'CI', 'CR', 'RI TABLE', 'FLAG'],
    result.consistency.map((c) => [
      c.subject.kind === 'criteria' ? `criteria under ${c.subject.node ?? 'top'}` : `offers on ${c.subject.criterion}`,
      c.evaluator ?? 'aggregated',
      String(c.n),
      fixed(c.lambdaMax),
      fixed(c.ci),
      fixed(c.cr),
      c.randomIndexTable,
      c.flagged ? 'CR > 0.10' : '',
    ]),
  );
  console.log(`\nSMAA-2: ${result.smaa.draws} draws, seed ${result.smaa.seed}, values ${result.smaa.values}`);
  printTable(
    ['OFFER', ...result.ranking.map((_, i) => `RANK ${i + 1}`), 'CONFIDENCE'],
    result.smaa.offers.map((o) => [offer(o.offer), ...o.rankAcceptability.map((a) => fixed(a)), fixed(o.confidence)]),
  );
  console.log('\nOne-way flip points (local weight at which the first place changes)');
  printTable(
    ['CRITERION', 'WEIGHT', 'FIRST', 'BELOW', 'ABOVE'],
    result.flipPoints.map((f) => [
      f.criterion,
      fixed(f.weight),
      offer(f.first),
      f.below ? `${fixed(f.below.weight)} → ${offer(f.below.by)}` : '-',
      f.above ? `${fixed(f.above.weight)} → ${offer(f.above.by)}` : '-',
    ]),
  );
}

export function registerEvaluation(program: Command) {
  const evaluation = program.command('evaluation').description("comparative evaluations of programmes' offers");

  evaluation
    .command('recompute <id>')
    .description(
      `recompute an evaluation from its input: print its hash and figures, and whether the hash is the one frozen at selection (exit status ${HASH_MISMATCH_EXIT} if not). <id> is an evaluation's id or its programme's: say which with --evaluation or --programme; without either, an evaluation of that id is taken, else the evaluation of the programme of that id, and the answer says which it was`,
    )
    .option('--evaluation', '<id> is the id of the evaluation')
    .option('--programme', "<id> is the id of the evaluation's programme")
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--json', 'print JSON: which kind of id it was, the hashes, whether they match, and the result recomputed')
    .action(async (id: string, opts: Opts & { evaluation?: boolean; programme?: boolean }) => {
      const [{ idSchema }, { recomputeEvaluation, recomputeProgrammeEvaluation }, { DomainError }, { getProgramme }] =
        await Promise.all([
          import('../../domain/common.schema.js'),
          import('../../app/evaluation.usecases.js'),
          import('../../domain/errors.js'),
          import('../../app/programme.usecases.js'),
        ]);
      if (opts.evaluation && opts.programme) throw new UsageError('say --evaluation or --programme, not both');
      if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not an evaluation or programme id`);
      const isNotFound = (err: unknown) => err instanceof DomainError && err.code === 'evaluation.not_found';
      const { r, by, makers } = await withReadOnly(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        const found = async () => {
          if (opts.programme) return { r: await recomputeProgrammeEvaluation(ctx, actor, id), by: 'programme' as const };
          if (opts.evaluation) return { r: await recomputeEvaluation(ctx, actor, id), by: 'evaluation' as const };
          // Neither said: an evaluation's id first, then a programme's. Each is looked up under the read rule, so an
          // id the user may not read is not found either way, whichever kind it is.
          try {
            return { r: await recomputeEvaluation(ctx, actor, id), by: 'evaluation' as const };
          } catch (err) {
            if (!isNotFound(err)) throw err;
            return { r: await recomputeProgrammeEvaluation(ctx, actor, id), by: 'programme' as const };
          }
        };
        const f = await found();
        // The programme as the acting user reads it (whoever reads its evaluation reads it): an offer's supplier
        // and system are there only when they may read them, the rule the web follows.
        const programme = await getProgramme(ctx, actor, f.r.evaluation.programmeId);
        const makers = new Map<string, OfferMaker>(
          programme.offers.map((o) => [o.id, { supplier: o.supplier?.name ?? null, system: o.system?.name ?? null }]),
        );
        return { ...f, makers };
      });
      if (opts.json) {
        const { evaluation: e, ...rest } = r;
        const offers = e.offers.map((o) => ({
          id: o.id,
          code: o.name,
          ...(makers.get(o.id) ?? { supplier: null, system: null }),
        }));
        const out = {
          idOf: by,
          evaluationId: e.id,
          programmeId: e.programmeId,
          state: e.state,
          offers,
          ...rest,
          missing: e.missing,
        };
        console.log(JSON.stringify(out, null, 2));
      } else {
        console.log(
          by === 'evaluation'
            ? `Evaluation ${r.evaluation.id} (of programme ${r.evaluation.programmeId}), found by its own id.\n`
            : `Evaluation ${r.evaluation.id} of programme ${r.evaluation.programmeId}, found by the programme's id.\n`,
        );
        printFigures(r, makers);
        console.log(`\nHash (SHA-256, recomputed): ${r.recomputedHash ?? '-'}`);
        if (r.frozenHash === null) console.log('Not frozen yet: there is no frozen hash to compare with.');
        else {
          console.log(`Hash frozen at selection:   ${r.frozenHash}`);
          console.log(
            r.matches
              ? 'The recomputed hash equals the frozen one.'
              : 'MISMATCH: the recomputed hash differs from the frozen one.',
          );
        }
      }
      if (r.matches === false) process.exitCode = HASH_MISMATCH_EXIT;
    });

  evaluation
    .command('label <programme-id>')
    .description(
      "give the evaluation of a programme a label of its own, at least as strict as the programme's (its scores then read only by those who may read both), or with --programme-label read it as its programme again; the same rules as the web's, one audit entry",
    )
    .option('--classification <level>', 'UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET or TOP_SECRET')
    .option('--releasable-to <parties>', 'parties besides the owner, comma-separated (e.g. ISR,USA); none if not given', '')
    .option('--compartments <codes>', 'compartments, comma-separated (e.g. INTEL); none if not given', '')
    .option('--programme-label', "take the evaluation's own label away: it reads as its programme again")
    .option('--read-version <n>', 'the version of the evaluation you read (required)')
    .option('--as <username>', 'user who acts (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .option('--json', 'print the evaluation as JSON')
    .action(
      async (
        id: string,
        opts: Opts & {
          classification?: string;
          releasableTo: string;
          compartments: string;
          programmeLabel?: boolean;
          readVersion?: string;
        },
      ) => {
        if (opts.programmeLabel && opts.classification !== undefined)
          throw new UsageError('say --classification or --programme-label, not both');
        if (!opts.programmeLabel && opts.classification === undefined)
          throw new UsageError('say the label (--classification, with --releasable-to and --compartments) or --programme-label');
        // The API asks the version read; so does the command line: a label is never set on a version nobody read.
        if (opts.readVersion === undefined)
          throw new UsageError(
            '--read-version is required: the version of the evaluation you read (GET /api/programmes/{id}/evaluation gives it, and this command prints it)',
          );
        const version = Number(opts.readVersion);
        if (!(Number.isInteger(version) && version >= 1))
          throw new UsageError('--read-version takes the version you read, a whole number from 1');
        const list = (v: string) =>
          v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
        const [{ idSchema }, { evaluationLabelWriteSchema }, { setEvaluationLabel }] = await Promise.all([
          import('../../domain/common.schema.js'),
          import('../../domain/evaluation/evaluation-label.js'),
          import('../../app/evaluation.usecases.js'),
        ]);
        if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a programme id`);
        const e = await withExisting(opts, async (ctx) => {
          const actor = await actingUser(ctx, opts.as);
          // Checked as the API checks its body: a bad level, party or compartment is refused beside its option.
          const body = evaluationLabelWriteSchema.safeParse({
            label: opts.programmeLabel
              ? null
              : {
                  classification: opts.classification,
                  releasableTo: list(opts.releasableTo),
                  compartments: list(opts.compartments),
                },
            version,
          });
          if (!body.success)
            throw new UsageError(
              `the label is refused: ${body.error.issues.map((i) => `${i.path.slice(1).join('.') || i.path.join('.')} (${i.message})`).join('; ')}`,
            );
          return setEvaluationLabel(ctx, actor, id, body.data);
        });
        if (opts.json) console.log(JSON.stringify(e, null, 2));
        else
          console.log(
            `Evaluation ${e.id} of programme ${e.programmeId}, version ${e.version}: ${
              e.label.own
                ? `its own label, ${e.label.classification}${e.label.compartments.length ? ` // ${e.label.compartments.join('/')}` : ''} // REL TO ${[e.label.ownerParty, ...e.label.releasableTo].join(', ')}`
                : "read as its programme's label"
            }.`,
          );
      },
    );
}
