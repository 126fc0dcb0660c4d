import type { Command } from 'commander';
import type { ProgrammeTraceJson, TraceClaimsJson } from '../../domain/programme-trace.js';
import { actingUser, UsageError, withReadOnly } from '../runtime.js';

// `jointplan programme trace <id>`: a programme's record graph as an outline
// (or JSON), what the acting user may read of it and nothing more.

const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
type Language = (typeof LANGUAGES)[number];
type Opts = { as?: string; db?: string; json?: boolean; claims?: boolean; on?: string; currency?: string; lang: string };

const titleIn = (title: Record<string, string>, lang: Language) =>
  title[lang] ?? LANGUAGES.map((l) => title[l]).find(Boolean) ?? '';
const cash = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

type ClaimSummary = ProgrammeTraceJson['projects'][number]['claims'];

/** A summary of claims on one line: how many in each status, and the credit claimed, granted and pending. */
const claimLine = (c: ClaimSummary) => {
  const statuses = Object.entries(c.byStatus)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return `${c.count}${statuses ? ` (${statuses})` : ''}; ${cash(c.claimed)} claimed, ${cash(c.granted)} granted, ${cash(c.pending)} pending`;
};

type ClaimItem = TraceClaimsJson['items'][number];

/** The claims listed, one a line, oldest claimed first. */
export const claimLines = (claims: readonly ClaimItem[]) => [
  `Claims (${claims.length}):`,
  ...claims.map(
    (c) =>
      `  Claim ${c.id} [${c.marking}] ${c.claimedOn} ${c.category} ${c.status}: ${cash(c.claimedCredit)} claimed${c.grantedCredit ? `, ${cash(c.grantedCredit)} granted` : ''}, obligation ${c.obligationId}${c.industrialProjectId ? `, from project ${c.industrialProjectId}` : ''}`,
  ),
];

/** The trace as an indented outline, each node with its id and marking; claims added up, per obligation and project. */
export function traceOutline(t: ProgrammeTraceJson, lang: Language): string[] {
  const out: string[] = [];
  const line = (depth: number, text: string) => out.push(`${'  '.repeat(depth)}${text}`);
  const p = t.programme;
  line(0, `Programme ${p.id} [${p.marking}] ${p.status}: ${titleIn(p.title, lang)}`);
  line(1, `Need: ${p.need.capabilityGap} (${p.need.quantity}, by ${p.need.requiredBy}, ceiling ${cash(p.need.budgetCeiling)})`);
  for (const o of t.offers) {
    const flags = [o.contracted ? 'contracted' : '', o.selected ? 'selected' : '', o.withdrawn ? 'withdrawn' : '']
      .filter(Boolean)
      .join(', ');
    const ip = o.industrialParticipation;
    line(
      1,
      `Offer ${o.id}${flags ? ` (${flags})` : ''}: ${cash(o.totalPrice)}; promises ${ip.localShare} % local, ${ip.jobs} jobs`,
    );
  }
  line(1, t.evaluation ? `Evaluation ${t.evaluation.id} [${t.evaluation.marking}]` : 'Evaluation: none shown');
  line(
    1,
    t.contract
      ? `Contract: ${cash(t.contract.value)} signed ${t.contract.signedOn}, offer ${t.contract.offerId}`
      : 'Contract: none',
  );
  for (const o of t.obligations) {
    line(
      2,
      `Obligation ${o.id} [${o.marking}]: ${cash(o.amount)} (${o.requiredPercentage} %) owed by ${o.obligorParty} to ${o.beneficiaryParty} by ${o.deadline}`,
    );
    line(3, `Claims: ${claimLine(o.claims)}`);
    for (const g of o.byProject)
      line(
        4,
        `${g.industrialProjectId ? `from project ${g.industrialProjectId}` : 'from a purchase or a project not shown'}: ${claimLine(g)}`,
      );
  }
  for (const pr of t.projects)
    line(
      1,
      `Project ${pr.id} [${pr.marking}] ${pr.kind} ${pr.status}: ${titleIn(pr.title, lang)}; jobs ${pr.jobsCreated}/${pr.jobsPlanned}, local content ${pr.localContentReached}/${pr.localContentPlanned} %; claims: ${claimLine(pr.claims)}`,
    );
  const m = t.measures;
  line(0, `Measures as of ${t.on}, in ${t.currency}:`);
  const promised = m.promised.value
    ? `${cash(m.promised.value.converted)} (${m.promised.localShare} % local), ${m.promised.jobs} jobs`
    : 'no offer selected yet';
  line(1, `promised: ${promised}`);
  line(1, `obligated: ${cash(m.obligated.value)} over ${m.obligated.obligations} obligation(s)`);
  line(
    1,
    `achieved: ${cash(m.achieved.granted)} granted, ${cash(m.achieved.pending)} pending over ${m.achieved.claims} claim(s); jobs ${m.achieved.jobsCreated}/${m.achieved.jobsPlanned}; local content ${m.achieved.localContentReached ?? '-'}/${m.achieved.localContentPlanned ?? '-'} % over ${m.achieved.projects} project(s)`,
  );
  for (const r of m.rates)
    line(1, `rate ${r.from}->${r.to} ${r.rate}${r.inverted ? ' (inverse)' : ''} of ${r.date}, ${r.source}`);
  line(0, `Marking: ${t.marking}`);
  return out;
}

export function registerProgrammeTrace(program: Command) {
  const programme = program.commands.find((c) => c.name() === 'programme');
  if (!programme) throw new Error('the programme command is registered first');
  programme
    .command('trace <id>')
    .description("a programme's record graph: need, offers, evaluation, contract, obligations, projects, credits, measures")
    .option('--on <date>', 'as of the end of this day, YYYY-MM-DD (default: today)')
    .option('--currency <code>', "the currency of the measures (default: the programme's budget currency)")
    .option('--lang <lang>', `language of the titles: ${LANGUAGES.join(', ')}`, 'fr')
    .option('--claims', 'list the credit claims too, one a line (in JSON: the list as `claims`)')
    .option('--json', 'print JSON instead of an outline')
    .option('--as <username>', 'user the answer is for (default: JOINTPLAN_USER)')
    .option('--db <path>', 'SQLite file or postgres:// URL (default: DATABASE_URL or data/jointplan.sqlite)')
    .action(async (id: string, opts: Opts) => {
      const lang = LANGUAGES.find((l) => l === opts.lang);
      if (!lang) throw new UsageError(`--lang takes one of ${LANGUAGES.join(', ')}`);
      const [{ programmeTrace, programmeTraceClaims }, { traceQuerySchema }, { idSchema }] = await Promise.all([
        import('../../app/programme-trace.usecases.js'),
        import('../../domain/programme-trace.js'),
        import('../../domain/common.schema.js'),
      ]);
      if (!idSchema.safeParse(id).success) throw new UsageError(`${id} is not a programme id`);
      const query = traceQuerySchema.safeParse({ on: opts.on, currency: opts.currency });
      if (!query.success) throw new UsageError('--on takes a date YYYY-MM-DD, --currency an ISO 4217 code');
      await withReadOnly(opts, async (ctx) => {
        const actor = await actingUser(ctx, opts.as);
        const trace = await programmeTrace(ctx, actor, id, query.data);
        const claims: ClaimItem[] = [];
        for (let cursor: string | undefined, more = opts.claims; more; ) {
          const page = await programmeTraceClaims(ctx, actor, id, { on: trace.on, limit: 500, cursor });
          claims.push(...page.items);
          cursor = page.nextCursor ?? undefined;
          more = page.nextCursor !== null;
        }
        if (opts.json) console.log(JSON.stringify(opts.claims ? { ...trace, claims } : trace, null, 2));
        else console.log([...traceOutline(trace, lang), ...(opts.claims ? claimLines(claims) : [])].join('\n'));
      });
    });
}
