import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/app/context.js';
import {
  addEvaluator,
  getEvaluation,
  recomputeEvaluation,
  recomputeProgrammeEvaluation,
  recordEvaluatorInputs,
  updateEvaluation,
} from '../src/app/evaluation.usecases.js';
import { addOffer, createProgramme, createSupplier, moveProgramme } from '../src/app/programme.usecases.js';
import { evaluationPatchSchema } from '../src/domain/evaluation/workspace.js';
import { offerCreateSchema, programmeCreateSchema, supplierCreateSchema } from '../src/domain/programme.schema.js';
import { jointplan } from './support/cli.js';
import { databases, openTestDatabase, type TestDatabase } from './support/databases.js';
import { CRITERIA, inputsFor, METHOD } from './support/evaluation.js';
import { makeActor, seedWorld } from './support/fixtures.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * `jointplan evaluation recompute` as a partner's operator runs it: the same
 * hash and figures as the API gives, whether it equals the one frozen (and a
 * non-zero exit when it does not), and nothing for a user who may not read it.
 */
describe.each(databases())('jointplan evaluation recompute on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];
  let w: Awaited<ReturnType<typeof seedWorld>>;
  let frozen: { programmeId: string; evaluationId: string; hash: string };
  let open: { programmeId: string; hash: string };
  let usaViewer: Actor;

  /**
   * A programme in evaluation with two offers, its evaluation complete: two evaluators, MAR's and ISR's. With
   * `hiddenSecond`, the second offer is of a supplier of MAR's catalogue not released to ISR.
   */
  async function evaluated(title: string, hiddenSecond = false) {
    const supplierOf = (name: string, releasableTo: string[]) =>
      createSupplier(
        t.ctx,
        w.marPlanner,
        supplierCreateSchema.parse({
          name,
          country: 'Israel',
          systems: [{ name: `Howitzer of ${name}`, category: 'artillery' }],
          releasableTo,
        }),
      );
    const supplier = await supplierOf(`Supplier of ${title}`, ['ISR']);
    const second = hiddenSecond ? await supplierOf(`MAR-only supplier of ${title}`, []) : supplier;
    let p = await createProgramme(
      t.ctx,
      w.marPlanner,
      programmeCreateSchema.parse({
        title: { en: title },
        need: {
          capabilityGap: 'Fires',
          quantity: 36,
          requiredBy: '2028-06-30',
          budgetCeiling: { amount: '1.00', currency: 'MAD' },
        },
        releasableTo: ['ISR'],
      }),
    );
    for (const [amount, s] of [
      ['10.00', supplier],
      ['12.00', second],
    ] as const)
      p = await addOffer(
        t.ctx,
        w.marPlanner,
        p.id,
        offerCreateSchema.parse({
          supplierId: s.id,
          systemId: s.systems[0]?.id,
          quantity: 36,
          unitPrice: { amount, currency: 'MAD' },
          totalPrice: { amount, currency: 'MAD' },
          validUntil: '2027-06-30',
        }),
      );
    p = await moveProgramme(t.ctx, w.marPlanner, p.id, { to: 'evaluation' });
    let e = await getEvaluation(t.ctx, w.marPlanner, p.id);
    e = await updateEvaluation(
      t.ctx,
      w.marPlanner,
      p.id,
      evaluationPatchSchema.parse({ criteria: CRITERIA, method: METHOD, version: e.version }),
    );
    for (const who of [w.marPlanner, w.isrPlanner])
      e = await addEvaluator(t.ctx, w.marPlanner, p.id, { userId: who.userId, version: e.version });
    const offers = e.offers.map((o) => o.id);
    await recordEvaluatorInputs(t.ctx, w.marPlanner, p.id, w.marPlanner.userId, inputsFor(offers));
    e = await recordEvaluatorInputs(t.ctx, w.isrPlanner, p.id, w.isrPlanner.userId, inputsFor(offers, 1));
    return { programme: p, evaluation: e, offers };
  }

  beforeAll(async () => {
    t = await openTestDatabase(kind);
    w = await seedWorld(t.ctx);
    usaViewer = await makeActor(t.ctx, 'USA', ['viewer'], 'TOP_SECRET');
    const a = await evaluated('ATMOS or CAESAR');
    await moveProgramme(t.ctx, w.marPlanner, a.programme.id, { to: 'selected', offerId: a.offers[0] });
    const f = await getEvaluation(t.ctx, w.isrPlanner, a.programme.id);
    frozen = { programmeId: a.programme.id, evaluationId: f.id, hash: f.frozen?.hash ?? '' };
    const b = await evaluated('Radars');
    open = { programmeId: b.programme.id, hash: b.evaluation.hash ?? '' };
    db = ['--db', t.url];
  });
  afterAll(async () => {
    await t?.close();
  });

  it("prints the hash and figures of a frozen evaluation, the API's hash, and says it equals the frozen one", async () => {
    expect(frozen.hash).toMatch(/^[0-9a-f]{64}$/);
    const run = await jointplan(['evaluation', 'recompute', frozen.programmeId, '--as', w.isrPlanner.username, ...db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Hash (SHA-256, recomputed): ${frozen.hash}`);
    expect(run.stdout).toContain(`Hash frozen at selection:   ${frozen.hash}`);
    expect(run.stdout).toContain('The recomputed hash equals the frozen one.');
    for (const heading of ['Ranking', 'TOPSIS (cross-check)', 'Consistency of each comparison matrix', 'SMAA-2: 2000 draws'])
      expect(run.stdout).toContain(heading);
    expect(run.stdout).toMatch(/criteria under top\s+aggregated\s+3\s+\d\.\d{4}/);

    const json = await jointplan([
      'evaluation',
      'recompute',
      frozen.evaluationId,
      '--json',
      '--as',
      w.marPlanner.username,
      ...db,
    ]);
    expect(json.code, json.stderr).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({
      idOf: 'evaluation',
      evaluationId: frozen.evaluationId,
      programmeId: frozen.programmeId,
      state: 'frozen',
      recomputedHash: frozen.hash,
      frozenHash: frozen.hash,
      matches: true,
    });
    const api = await getEvaluation(t.ctx, w.marPlanner, frozen.programmeId);
    expect(out.result).toEqual(api.result);
  });

  it('takes an evaluation id or a programme id, as told or saying which it found', async () => {
    const as = ['--as', w.marPlanner.username, ...db];
    // Told which kind: found as that kind only.
    const byProgramme = await jointplan(['evaluation', 'recompute', frozen.programmeId, '--programme', '--json', ...as]);
    expect(byProgramme.code, byProgramme.stderr).toBe(0);
    expect(JSON.parse(byProgramme.stdout)).toMatchObject({ idOf: 'programme', evaluationId: frozen.evaluationId });
    const byEvaluation = await jointplan(['evaluation', 'recompute', frozen.evaluationId, '--evaluation', '--json', ...as]);
    expect(byEvaluation.code, byEvaluation.stderr).toBe(0);
    expect(JSON.parse(byEvaluation.stdout)).toMatchObject({ idOf: 'evaluation', programmeId: frozen.programmeId });
    for (const [id, flag] of [
      [frozen.programmeId, '--evaluation'],
      [frozen.evaluationId, '--programme'],
    ] as const) {
      const wrong = await jointplan(['evaluation', 'recompute', id, flag, ...as]);
      expect(wrong.code, `${flag} ${id}`).toBe(2);
      expect(wrong.stderr).toMatch(/Evaluation not found/);
    }
    // Not told: the answer says which kind of id it found.
    const guessed = await jointplan(['evaluation', 'recompute', frozen.programmeId, ...as]);
    expect(guessed.code, guessed.stderr).toBe(0);
    expect(guessed.stdout).toContain(`of programme ${frozen.programmeId}, found by the programme's id`);
    const own = await jointplan(['evaluation', 'recompute', frozen.evaluationId, ...as]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain(`Evaluation ${frozen.evaluationId} (of programme ${frozen.programmeId}), found by its own id`);
    const both = await jointplan(['evaluation', 'recompute', frozen.evaluationId, '--evaluation', '--programme', ...as]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/not both/);
    // The use cases take one kind each.
    await expect(recomputeEvaluation(t.ctx, w.marPlanner, frozen.programmeId)).rejects.toMatchObject({
      code: 'evaluation.not_found',
    });
    await expect(recomputeProgrammeEvaluation(t.ctx, w.marPlanner, frozen.evaluationId)).rejects.toMatchObject({
      code: 'evaluation.not_found',
    });
    expect((await recomputeProgrammeEvaluation(t.ctx, w.marPlanner, frozen.programmeId)).evaluation.id).toBe(frozen.evaluationId);
  });

  it('recomputes an evaluation not frozen yet, with nothing to compare', async () => {
    const run = await jointplan(['evaluation', 'recompute', open.programmeId, '--as', w.marPlanner.username, ...db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Hash (SHA-256, recomputed): ${open.hash}`);
    expect(run.stdout).toContain('Not frozen yet');
  });

  it('names each offer with its supplier and system where the acting user may read them, as the web does', async () => {
    const { programme, offers } = await evaluated('Offers named', true);
    const [first, second] = offers as [string, string];
    const line = (stdout: string, id: string) =>
      stdout.split('\n').find((l) => l.includes(`(${id})`) && /^\s*1\s|^\s*2\s/.test(l)) ?? '';
    const mar = await jointplan(['evaluation', 'recompute', programme.id, '--as', w.marPlanner.username, ...db]);
    expect(mar.code, mar.stderr).toBe(0);
    expect(line(mar.stdout, first)).toMatch(/Offer \d: Supplier of Offers named, Howitzer of Supplier of Offers named \(/);
    expect(line(mar.stdout, second)).toMatch(
      /Offer \d: MAR-only supplier of Offers named, Howitzer of MAR-only supplier of Offers named \(/,
    );
    // ISR reads the programme and the first supplier, not the second: that offer is its neutral name alone, nothing of its maker.
    const isr = await jointplan(['evaluation', 'recompute', programme.id, '--as', w.isrPlanner.username, ...db]);
    expect(isr.code, isr.stderr).toBe(0);
    expect(line(isr.stdout, first)).toMatch(/Offer \d: Supplier of Offers named, Howitzer of Supplier of Offers named \(/);
    expect(line(isr.stdout, second)).toMatch(new RegExp(`Offer \\d \\(${second}\\)`));
    // Never the bare code the evaluation's input holds.
    expect(isr.stdout).not.toMatch(/\bO\d\b/);
    expect(isr.stdout).not.toContain('MAR-only');
    // The same figures either way: only the names differ.
    const hashOf = (out: string) => /Hash \(SHA-256, recomputed\): (\w+)/.exec(out)?.[1];
    expect(hashOf(isr.stdout)).toBe(hashOf(mar.stdout));
    const json = await jointplan(['evaluation', 'recompute', programme.id, '--json', '--as', w.isrPlanner.username, ...db]);
    const out = JSON.parse(json.stdout);
    expect(out.offers).toEqual([
      {
        id: first,
        code: expect.stringMatching(/^O\d$/),
        supplier: 'Supplier of Offers named',
        system: 'Howitzer of Supplier of Offers named',
      },
      { id: second, code: expect.stringMatching(/^O\d$/), supplier: null, system: null },
    ]);
  });

  it('answers an evaluation the user may not read as not found, and an id that is none as a usage error', async () => {
    const hidden = await jointplan(['evaluation', 'recompute', frozen.evaluationId, '--as', usaViewer.username, ...db]);
    expect(hidden.code).toBe(2);
    expect(hidden.stderr).toMatch(/Evaluation not found/);
    // By either kind of id, exactly as an id that names nothing.
    const nothing = await jointplan([
      'evaluation',
      'recompute',
      '0190a000-0000-7000-8000-0000000fffff',
      '--as',
      usaViewer.username,
      ...db,
    ]);
    for (const args of [[frozen.programmeId], [frozen.programmeId, '--programme'], [frozen.evaluationId, '--evaluation']]) {
      const run = await jointplan(['evaluation', 'recompute', ...args, '--as', usaViewer.username, ...db]);
      expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }, args.join(' ')).toEqual({
        code: nothing.code,
        stderr: nothing.stderr,
        stdout: nothing.stdout,
      });
    }
    const bad = await jointplan(['evaluation', 'recompute', 'atmos', '--as', w.marPlanner.username, ...db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an evaluation or programme id/);
  });

  it('exits with status 3 and says so when the stored document no longer gives the frozen hash', async () => {
    const row = await t.db
      .selectFrom('evaluation')
      .select('frozen')
      .where('id', '=', frozen.evaluationId)
      .executeTakeFirstOrThrow();
    const document = JSON.parse(row.frozen ?? '{}');
    document.result.ranking[0].score += 0.001;
    await t.db
      .updateTable('evaluation')
      .set({ frozen: JSON.stringify(document) })
      .where('id', '=', frozen.evaluationId)
      .execute();
    const run = await jointplan(['evaluation', 'recompute', frozen.programmeId, '--as', w.isrPlanner.username, ...db]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toContain('MISMATCH');
    const json = await jointplan(['evaluation', 'recompute', frozen.programmeId, '--json', '--as', w.isrPlanner.username, ...db]);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ matches: false, frozenHash: frozen.hash, recomputedHash: frozen.hash });
  });

  it('gives the evaluation a label of its own and takes it back, through the use case the API uses, with its refusals', async () => {
    const as = (u: Actor) => ['--as', u.username, ...db];
    const labelAudits = async () =>
      (await t.db.selectFrom('audit_entry').select('seq').where('action', '=', 'evaluation.label').execute()).length;
    const before = await labelAudits();
    // Released to ISR, whose planner evaluates: a label locking an evaluator out is refused.
    let e = await getEvaluation(t.ctx, w.marPlanner, open.programmeId);
    // The version read is required: without it nothing is written, with a message that says which option.
    const unread = await jointplan(['evaluation', 'label', open.programmeId, '--programme-label', ...as(w.marPlanner)]);
    expect(unread.code).not.toBe(0);
    expect(unread.stderr).toMatch(/--read-version is required/);
    expect(await labelAudits()).toBe(before);
    const own = await jointplan([
      'evaluation',
      'label',
      open.programmeId,
      '--classification',
      'SECRET',
      '--releasable-to',
      'ISR',
      '--read-version',
      String(e.version),
      ...as(w.marPlanner),
    ]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toMatch(/its own label, SECRET \/\/ REL TO MAR, ISR\./);
    e = await getEvaluation(t.ctx, w.marPlanner, open.programmeId);
    expect(e.label).toMatchObject({ own: true, classification: 'SECRET', ownerParty: 'MAR' });
    expect(await labelAudits()).toBe(before + 1);
    // As the API refuses them: looser than the programme (released to a party it is not), a stale version, a writer
    // who does not plan for the owner, one who may not read it (as for an id that names nothing), a bad level.
    const refusals: [string[], RegExp][] = [
      [['--classification', 'SECRET', '--releasable-to', 'ISR,USA', ...as(w.marPlanner)], /USA/],
      [['--classification', 'SECRET', ...as(w.marPlanner)], /u\d+\.isr\.planner/],
      [['--programme-label', '--read-version', String(e.version - 1), ...as(w.marPlanner)], /version/i],
      [['--programme-label', ...as(w.isrPlanner)], /planner/i],
      [['--programme-label', ...as(usaViewer)], /not found/i],
      [['--classification', 'HIDDEN', ...as(w.marPlanner)], /classification/],
      [['--classification', 'SECRET', '--programme-label', ...as(w.marPlanner)], /not both/],
    ];
    for (const [args, said] of refusals) {
      const read = args.includes('--read-version') ? [] : ['--read-version', String(e.version)];
      const run = await jointplan(['evaluation', 'label', open.programmeId, ...read, ...args]);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(run.stderr, args.join(' ')).toMatch(said);
    }
    const nothing = await jointplan([
      'evaluation',
      'label',
      '0190a000-0000-7000-8000-0000000fffff',
      '--programme-label',
      '--read-version',
      String(e.version),
      ...as(usaViewer),
    ]);
    const hidden = await jointplan([
      'evaluation',
      'label',
      open.programmeId,
      '--programme-label',
      '--read-version',
      String(e.version),
      ...as(usaViewer),
    ]);
    expect({ code: hidden.code, stderr: hidden.stderr }).toEqual({ code: nothing.code, stderr: nothing.stderr });
    expect(await labelAudits()).toBe(before + 1);
    e = await getEvaluation(t.ctx, w.marPlanner, open.programmeId);
    const back = await jointplan([
      'evaluation',
      'label',
      open.programmeId,
      '--programme-label',
      '--read-version',
      String(e.version),
      ...as(w.marPlanner),
    ]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toContain("read as its programme's label");
    expect((await getEvaluation(t.ctx, w.marPlanner, open.programmeId)).label.own).toBe(false);
    expect(await labelAudits()).toBe(before + 2);
  });
});
