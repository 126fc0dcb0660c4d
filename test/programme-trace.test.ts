import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createToken } from '../src/app/auth.usecases.js';
import type { Actor } from '../src/app/context.js';
import { getEvaluation, setEvaluationLabel } from '../src/app/evaluation.usecases.js';
import { addRate } from '../src/app/programme.usecases.js';
import { programmeTrace, programmeTraceClaims, traceOf } from '../src/app/programme-trace.usecases.js';
import type { DomainError } from '../src/domain/errors.js';
import { CLASSIFICATIONS, canRead, type Label, levelOf, type Reader } from '../src/domain/labels.js';
import { buildServer } from '../src/server/app.js';
import { databases, type TestDatabase } from './support/databases.js';
import { makeActor } from './support/fixtures.js';
import { createLabelledProject } from './support/industry-projects.js';
import { PARTIES, prng } from './support/labelled-world.js';
import type { Json } from './support/programme-api.js';
import {
  createElbit,
  createLabelledProgramme,
  type OfferTerms,
  offerFrom,
  programmeLabel,
  signContract,
} from './support/programmes.js';
import { generatedReader, labelOf } from './support/world-labels.js';
import {
  bp,
  claimReviewedAtRandom,
  GENERATED_CALENDAR,
  mad,
  type ClaimModel as OffsetClaimModel,
  obligationAt,
  openGeneratedOffsets,
} from './support/world-offsets.js';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });

const { today: TODAY, days: DAYS, asOf: AS_OF } = GENERATED_CALENDAR;
/** One euro is 10.85 dirhams all along: a project's budget in euros is converted, the rate named. */
const EUR_MAD = { from: 'EUR', to: 'MAD', rate: '10.85', date: '2026-01-01', source: 'Bank Al-Maghrib' };
/** Most claims are reviewed, then decided; most of those are granted. */
const REVIEWS = { unreviewed: 0.2, refused: 0.25, reason: 'No evidence of local work' };

interface ProgrammeModel {
  id: string;
  label: Label;
  evaluationLabel: Label | null;
  promised: bigint;
  promisedJobs: number;
}
interface ObligationModel {
  id: string;
  programmeId: string;
  label: Label;
  amount: bigint;
  arisesOn: string;
}
interface ClaimModel extends OffsetClaimModel {
  projectId: string | null;
}
interface ProjectModel {
  id: string;
  label: Label;
  programmeIds: string[];
  jobsPlanned: number;
  jobsCreated: number;
}

/** The reference model: what `reader` should find on the trace of programme `p` as of `on`, in MAD. */
function expectedTrace(
  reader: Reader,
  p: ProgrammeModel,
  w: { obligations: ObligationModel[]; claims: ClaimModel[]; projects: ProjectModel[] },
  on: string,
) {
  if (!canRead(reader, p.label)) return null;
  const obligations = w.obligations.filter((o) => o.programmeId === p.id && canRead(reader, o.label));
  const claims = w.claims.filter((c) => canRead(reader, c.label) && obligations.some((o) => o.id === c.obligationId));
  const statusOf = (c: ClaimModel) => c.steps.filter((s) => s.on <= on).at(-1)?.to;
  const projects = w.projects.filter(
    (pr) => canRead(reader, pr.label) && (pr.programmeIds.includes(p.id) || claims.some((c) => c.projectId === pr.id)),
  );
  const shown = claims.filter((c) => statusOf(c) !== undefined);
  const arisen = obligations.filter((o) => o.arisesOn <= on);
  return {
    evaluation: p.evaluationLabel === null || canRead(reader, p.evaluationLabel),
    obligations: obligations.map((o) => o.id).sort(),
    claims: shown
      .map((c) => ({
        id: c.id,
        status: statusOf(c),
        project: c.projectId !== null && projects.some((pr) => pr.id === c.projectId) ? c.projectId : null,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    projects: projects.map((pr) => pr.id).sort(),
    promised: mad(p.promised),
    promisedJobs: p.promisedJobs,
    obligated: { obligations: arisen.length, value: mad(arisen.reduce((n, o) => n + o.amount, 0n)) },
    granted: mad(shown.reduce((n, c) => n + (statusOf(c) === 'granted' ? (c.granted ?? 0n) : 0n), 0n)),
    pending: mad(shown.reduce((n, c) => n + (['claimed', 'under_review'].includes(statusOf(c) ?? '') ? c.credit : 0n), 0n)),
    claimCount: shown.length,
    // The claims added up per obligation and per project shown, by status.
    byObligation: obligations
      .map((o) => ({ id: o.id, ...countByStatus(shown.filter((c) => c.obligationId === o.id).map(statusOf)) }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    byProject: projects
      .map((pr) => ({ id: pr.id, ...countByStatus(shown.filter((c) => c.projectId === pr.id).map(statusOf)) }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    jobsPlanned: projects.reduce((n, pr) => n + pr.jobsPlanned, 0),
    jobsCreated: projects.reduce((n, pr) => n + pr.jobsCreated, 0),
  };
}

/** How many of `statuses` are each status, and how many in all. */
function countByStatus(statuses: readonly (string | undefined)[]) {
  const byStatus: Record<string, number> = { claimed: 0, under_review: 0, granted: 0, refused: 0 };
  for (const s of statuses) if (s) byStatus[s] = (byStatus[s] ?? 0) + 1;
  return { count: statuses.length, byStatus };
}

/** Every claim the claims route lists for the trace, read `limit` at a time through its cursor. */
async function listedClaims(ctx: TestDatabase['ctx'], reader: Actor, id: string, on: string, limit: number) {
  const out: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await programmeTraceClaims(ctx, reader, id, { on, limit, cursor });
    out.push(...(page.items as Json[]));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The answer, and the claims listed with it, reduced to what the reference model gives. */
function reduced(t: Json, claims: Json[]) {
  const summary = (s: Json) => ({ count: s.count, byStatus: s.byStatus });
  return {
    evaluation: t.evaluation !== null,
    obligations: (t.obligations as Json[]).map((o) => o.id).sort(),
    claims: claims
      .map((c) => ({ id: c.id, status: c.status, project: c.industrialProjectId }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    projects: (t.projects as Json[]).map((p) => p.id).sort(),
    promised: t.measures.promised.value?.converted,
    promisedJobs: t.measures.promised.jobs,
    obligated: { obligations: t.measures.obligated.obligations, value: t.measures.obligated.value },
    granted: t.measures.achieved.granted,
    pending: t.measures.achieved.pending,
    claimCount: t.measures.achieved.claims,
    byObligation: (t.obligations as Json[])
      .map((o) => ({ id: o.id, ...summary(o.claims) }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    byProject: (t.projects as Json[]).map((p) => ({ id: p.id, ...summary(p.claims) })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    jobsPlanned: t.measures.achieved.jobsPlanned,
    jobsCreated: t.measures.achieved.jobsCreated,
  };
}

/**
 * The trace on each database: programmes of every label with offers promising
 * industrial participation, evaluations some with a stricter label of their
 * own, contracts, obligations, industrial projects (linked, or reached only
 * through a claim) and claims of every label, reviewed through the use cases;
 * generated readers get, as of three days, exactly the nodes and measures the
 * reference model computes from what they may read.
 */
describe.each(databases())('programme trace on %s', (kind) => {
  let t: TestDatabase;
  let app: FastifyInstance;
  const rng = prng(20261207);
  const programmes: ProgrammeModel[] = [];
  const obligations: ObligationModel[] = [];
  const claims: ClaimModel[] = [];
  const projects: ProjectModel[] = [];
  let planners: Record<string, Actor>;
  let reviewers: Record<string, Actor>;
  const world = { obligations, claims, projects };

  beforeAll(async () => {
    ({ t, planners, reviewers } = await openGeneratedOffsets(kind, TODAY));
    await addRate(t.ctx, await makeActor(t.ctx, 'MAR', ['admin'], 'TOP_SECRET', []), EUR_MAD);
    const supplier = await createElbit(t.ctx, planners.MAR as Actor, { releasableTo: ['ISR', 'USA', 'FRA'] });
    const project = async (owner: string, label: Label, programmeIds: string[], budget: { amount: string; currency: string }) => {
      const jobsPlanned = rng.int(500);
      const jobsCreated = rng.int(jobsPlanned + 1);
      const made = await createLabelledProject(t.ctx, planners[owner] as Actor, label, {
        title: { en: `Site ${projects.length}` },
        kind: 'production_site',
        site: { place: 'Casablanca' },
        budget,
        jobsPlanned,
        jobsCreated,
        localContentPlanned: String(rng.int(60)),
        localContentReached: String(rng.int(30)),
        partners: [{ name: 'Prime', party: owner, role: 'prime', share: '100' }],
        programmeIds,
      });
      const m = { id: made.id, label, programmeIds, jobsPlanned, jobsCreated };
      projects.push(m);
      return m;
    };
    for (let i = 0; i < 7; i++) {
      const label = programmeLabel(rng);
      const owner = label.ownerParty;
      const planner = planners[owner] as Actor;
      const p = await createLabelledProgramme(t.ctx, planner, label, `Programme ${i}`, 10);
      const total = BigInt(1 + rng.int(10_000_000)) * 100n + BigInt(rng.int(100));
      const localShare = rng.pick([0, 12.5, 30, 49.99]);
      const jobs = rng.int(1000);
      const tenFor = (totalPrice: bigint, industrialParticipation: OfferTerms['industrialParticipation']) =>
        offerFrom(t.ctx, planner, p.id, supplier, {
          quantity: 10,
          unitPrice: mad(totalPrice / 10n),
          totalPrice: mad(totalPrice),
          industrialParticipation,
          validUntil: '2027-01-01',
        });
      const withOffers = await tenFor(total, { localShare, jobs, sites: ['Casablanca'] });
      // A cheaper offer promising more, not chosen: its promise counts nowhere.
      await tenFor(1000_00n, { localShare: 90, jobs: 9999 });
      const chosen = withOffers.offers[0]?.id as string;
      const signedOn = rng.pick(DAYS.slice(0, 3));
      // Some evaluations keep their scores from some readers of the programme: a stricter label of their own.
      let evaluationLabel: Label | null = null;
      const keepScores = async () => {
        if (i % 2 === 0) return;
        const e = await getEvaluation(t.ctx, planner, p.id);
        evaluationLabel = {
          ownerParty: owner,
          classification: CLASSIFICATIONS[Math.min(levelOf(label.classification) + 1, 4)] ?? 'TOP_SECRET',
          releasableTo: label.releasableTo.slice(1),
          compartments: [...new Set([...label.compartments, 'INTEL'])].sort(),
        };
        await setEvaluationLabel(t.ctx, planner, p.id, {
          version: e.version,
          label: {
            classification: evaluationLabel.classification,
            releasableTo: evaluationLabel.releasableTo,
            compartments: evaluationLabel.compartments,
          },
        });
      };
      await signContract(t.ctx, planner, p.id, chosen, { value: mad(total), signedOn }, keepScores);
      programmes.push({
        id: p.id,
        label,
        evaluationLabel,
        promised: bp(total, BigInt(Math.round(localShare * 100))),
        promisedJobs: jobs,
      });
      // Projects linked to the programme, written by its owner's planner.
      for (let k = 0; k < 2; k++)
        await project(
          owner,
          labelOf(rng, owner),
          [p.id],
          rng.next() < 0.5 ? mad(BigInt(rng.int(1e9))) : { amount: '1000.00', currency: 'EUR' },
        );
      for (let k = 0; k < 2; k++) {
        const obligor = rng.pick(PARTIES.filter((x) => x !== owner));
        const oLabel = labelOf(rng, owner);
        const percent = rng.pick(['30', '50', '100']);
        const o = await obligationAt(t.ctx, planner, p.id, obligor, oLabel, {
          requiredPercentage: percent,
          deadline: '2032-12-31',
          multipliers: { technology_transfer: '3', local_production: '1.5' },
        });
        obligations.push({
          id: o.id,
          programmeId: p.id,
          label: oLabel,
          amount: bp(total, BigInt(Number(percent) * 100)),
          arisesOn: signedOn,
        });
        const claimant = planners[obligor] as Actor;
        if (!canRead(claimant, oLabel) || !canRead(claimant, label)) continue;
        // A project of the obligor's own, not linked to the programme: the trace reaches it through its claims.
        const own = await project(obligor, labelOf(rng, obligor), [], mad(1_000_000_00n));
        const by = { claimant, reviewer: reviewers[owner] as Actor };
        for (let c = 0; c < 3; c++) {
          const cLabel = labelOf(rng, obligor);
          const linkable = [own, ...projects.filter((pr) => pr.programmeIds.includes(p.id))].filter((pr) =>
            canRead(claimant, pr.label),
          );
          const from = rng.next() < 0.7 ? rng.pick(linkable) : undefined;
          const category = rng.pick(['technology_transfer', 'local_production'] as const);
          const multiplier = category === 'technology_transfer' ? 30_000n : 15_000n;
          const value = BigInt(1 + rng.int(1_000_000));
          const claimedOn = rng.pick(DAYS.filter((d) => d >= signedOn));
          const claim = {
            industrialProjectId: from?.id ?? null,
            category,
            multiplier,
            value,
            evidence: `Evidence ${i}-${k}-${c}`,
            claimedOn,
          };
          const m = await claimReviewedAtRandom(t.ctx, rng, by, o.id, cLabel, claim, { days: DAYS, odds: REVIEWS });
          claims.push({ ...m, projectId: claim.industrialProjectId });
        }
      }
    }
    app = await buildServer(t.ctx, { webRoot: false });
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives each generated reader, as of three days, the nodes and measures of what it may read, and nothing else', async () => {
    const seen = { programmes: 0, hidden: 0, obligations: 0, claims: 0, projects: 0, evaluationsHidden: 0 };
    for (let r = 0; r < 14; r++) {
      const reader = await generatedReader(t.ctx, rng);
      for (const p of programmes)
        for (const on of AS_OF) {
          const want = expectedTrace(reader, p, world, on);
          const got = await programmeTrace(t.ctx, reader, p.id, { on, currency: 'MAD' }).catch((e: DomainError) => e);
          if (want === null) {
            expect((got as DomainError).code).toBe('programme.not_found');
            seen.hidden += 1;
            continue;
          }
          const claims = await listedClaims(t.ctx, reader, p.id, on, 1 + rng.int(3));
          expect(
            reduced(got as Json, claims),
            `${reader.party}/${reader.clearance}/${reader.compartments} on ${p.id} ${on}`,
          ).toEqual(want);
          // Per obligation, the claims per project add up to the obligation's, and every claim is in one.
          for (const o of (got as Json).obligations as Json[])
            expect((o.byProject as Json[]).reduce((n, g) => n + (g.count as number), 0)).toBe(o.claims.count);
          // Each filter of the list keeps what it names, and a project one may not read lists nothing.
          if (on !== AS_OF.at(-1)) continue;
          const o = want.obligations[0];
          if (o)
            expect(
              (await listedClaims(t.ctx, reader, p.id, on, 50)).filter((c) => c.obligationId === o).map((c) => c.id),
            ).toEqual(
              (await programmeTraceClaims(t.ctx, reader, p.id, { on, obligationId: o, limit: 500 })).items.map((c) => c.id),
            );
          const ofProgramme = (c: ClaimModel) => obligations.some((x) => x.id === c.obligationId && x.programmeId === p.id);
          for (const pr of projects.filter(
            (x) => x.programmeIds.includes(p.id) || world.claims.some((c) => c.projectId === x.id && ofProgramme(c)),
          )) {
            const listed = (await programmeTraceClaims(t.ctx, reader, p.id, { on, projectId: pr.id, limit: 500 })).items;
            expect(listed.map((c) => c.id)).toEqual(
              canRead(reader, pr.label) ? claims.filter((c) => c.industrialProjectId === pr.id).map((c) => c.id) : [],
            );
          }
          seen.programmes += 1;
          seen.obligations += want.obligations.length;
          seen.claims += want.claims.length;
          seen.projects += want.projects.length;
          if (!want.evaluation) seen.evaluationsHidden += 1;
        }
    }
    // The generated world tries every case: programmes shown and hidden, nodes of each kind, evaluations hidden.
    expect(
      Object.values(seen).every((n) => n > 0),
      JSON.stringify(seen),
    ).toBe(true);
  });

  it('answers a hidden programme, obligation or project with the 404 of a missing one, over HTTP', async () => {
    const reader = await makeActor(t.ctx, 'FRA', ['viewer'], 'RESTRICTED', []);
    const token = (await createToken(t.ctx, null, reader.username, 'test')).token;
    const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    const missing = '01a00000-0000-7000-8000-000000000000';
    const hidden = programmes.find((p) => !canRead(reader, p.label));
    expect(hidden).toBeDefined();
    const [a, b] = [await get(`/api/programmes/${hidden?.id}/trace`), await get(`/api/programmes/${missing}/trace`)];
    expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
    expect(a.json().type).toBe(b.json().type);
    const hiddenObligation = obligations.find((o) => !canRead(reader, o.label));
    expect((await get(`/api/offset-obligations/${hiddenObligation?.id}/trace`)).statusCode).toBe(404);
    expect((await get(`/api/offset-obligations/${missing}/trace`)).statusCode).toBe(404);
    const hiddenProject = projects.find((p) => !canRead(reader, p.label));
    expect((await get(`/api/industrial-projects/${hiddenProject?.id}/trace`)).statusCode).toBe(404);
    expect((await get(`/api/programmes/${programmes[0]?.id}/trace?currency=XYZ`)).statusCode).toBe(400);
    const [c, d] = [
      await get(`/api/programmes/${hidden?.id}/trace/claims`),
      await get(`/api/programmes/${missing}/trace/claims`),
    ];
    expect([c.statusCode, d.statusCode, c.json().type]).toEqual([404, 404, d.json().type]);
    const shown = programmes.find((p) => canRead(reader, p.label));
    expect((await get(`/api/programmes/${shown?.id}/trace/claims?cursor=nonsense`)).statusCode).toBe(400);
    expect((await get(`/api/programmes/${shown?.id}/trace/claims?limit=0`)).statusCode).toBe(400);
    expect((await get(`/api/programmes/${shown?.id}/trace/claims?projectId=42`)).statusCode).toBe(400);
    expect((await get(`/api/programmes/${shown?.id}/trace/claims?on=${AS_OF.at(-1)}`)).statusCode).toBe(200);
    expect((await get(`/api/programmes/${programmes[0]?.id}/trace`)).statusCode).toBe(
      canRead(reader, programmes[0]?.label as Label) ? 200 : 404,
    );
    expect((await app.inject({ method: 'GET', url: `/api/programmes/${programmes[0]?.id}/trace` })).statusCode).toBe(401);
  });

  it('reaches from an obligation or a project the traces of its programmes, as the reader may read them', async () => {
    const planner = planners.MAR as Actor;
    const p = programmes.find((x) => x.label.ownerParty === 'MAR' && obligations.some((o) => o.programmeId === x.id));
    const o = obligations.find((x) => x.programmeId === p?.id) as ObligationModel;
    const fromObligation = await traceOf(t.ctx, planner, { obligationId: o.id });
    expect(fromObligation.map((x) => x.programme.id)).toEqual([p?.id]);
    expect(fromObligation[0]).toEqual(await programmeTrace(t.ctx, planner, p?.id as string));
    const linked = projects.find((x) => x.programmeIds.length && x.label.ownerParty === 'MAR') as ProjectModel;
    const fromProject = await traceOf(t.ctx, planner, { projectId: linked.id });
    expect(fromProject.map((x) => x.programme.id)).toEqual(linked.programmeIds);
    const unlinked = projects.find((x) => !x.programmeIds.length && canRead(planner, x.label)) as ProjectModel;
    expect(await traceOf(t.ctx, planner, { projectId: unlinked.id })).toEqual([]);
  });
});
