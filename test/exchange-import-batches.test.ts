import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity } from '../src/app/activity.usecases.js';
import { listReceived } from '../src/app/exchange-approval.usecases.js';
import {
  ceremonyRecords,
  exchangeOverview,
  exportBundle,
  type ImportReport,
  importBundle,
  importedRecords,
  REPORT_PAGE,
  trustKeys,
} from '../src/app/exchange-bundle.usecases.js';
import { type BundleFields, type BundleHeader, buildBundle } from '../src/domain/exchange/bundle.js';
import type { RecordKind, RecordLine } from '../src/domain/exchange/bundle-content.js';
import { COPY_BATCH } from '../src/store/exchange-record.repo.js';
import { signerOf } from '../src/store/signing.js';
import { jointplan } from './support/cli.js';
import { countRows, databases } from './support/databases.js';
import { type Installation, installation, planReleasedToIsr } from './support/exchange-installations.js';
import { shippedPolicy } from './support/exchange-policies.js';
import { activityInput, makeActor } from './support/fixtures.js';

/**
 * The import writes a bundle's records and withdrawals a batch at a time (`COPY_BATCH` lines). What
 * becomes of each line must be what it was when each line was applied alone, in the bundle's order:
 * a generated bundle of records and withdrawals over a few records, long runs of each sort and both
 * mixed, well over a batch, is applied at ISR and compared line by line with a reference model that
 * applies the lines one at a time. A line refused after several batches leaves nothing written.
 */
const MAR = shippedPolicy('MAR');
const ISR = shippedPolicy('ISR');
const EXPIRES = '2099-01-01T00:00:00.000Z';

async function* bytesOf(b: Uint8Array) {
  yield b;
}

type Op = { kind: RecordKind; id: string; version: number } | { kind: RecordKind; id: string; withdraw: true };
type Action = ImportReport['records'][number]['action'];

/** The lines applied one at a time: what became of each, and the version of each copy kept at the end. */
function model(ops: readonly Op[], kept = new Map<string, number>()) {
  const actions: { kind: RecordKind; id: string; action: Action }[] = [];
  for (const op of ops) {
    const key = `${op.kind}:${op.id}`;
    const version = kept.get(key);
    let action: Action;
    if ('withdraw' in op) {
      action = version === undefined ? 'not_held' : 'withdrawn';
      kept.delete(key);
    } else if (version === undefined) {
      action = 'created';
      kept.set(key, op.version);
    } else if (version >= op.version) action = 'unchanged';
    else {
      action = 'updated';
      kept.set(key, op.version);
    }
    actions.push({ kind: op.kind, id: op.id, action });
  }
  return { actions, kept };
}

const KINDS: RecordKind[] = ['plan', 'activity', 'follow_up'];
/** The same ids under several kinds: a copy is known by its kind and id. */
const op = (withdrawals: number) =>
  fc.record({
    kind: fc.constantFrom(...KINDS),
    id: fc.integer({ min: 0, max: 59 }).map((n) => `batch-${n}`),
    version: fc.integer({ min: 1, max: 6 }),
    withdraw: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x < withdrawals),
  });
const ops = (withdrawals: number, length: number, seed: number): Op[] =>
  (fc.sample(fc.array(op(withdrawals), { minLength: length, maxLength: length }), { numRuns: 1, seed })[0] ?? []).map((o) =>
    o.withdraw ? { kind: o.kind, id: o.id, withdraw: true as const } : { kind: o.kind, id: o.id, version: o.version },
  );

describe.each(databases())('an import written in batches (%s)', (kind) => {
  let dir: string;
  let mar: Installation;
  let isr: Installation;
  let template: RecordLine;
  let fields: BundleFields;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jointplan-batches-'));
    const parties = ['MAR', 'ISR', 'USA'];
    mar = await installation(kind, MAR, dir, { parties });
    isr = await installation(kind, ISR, dir, { parties });
    const { planner, plan } = await planReleasedToIsr(mar);
    await createActivity(
      mar.ctx,
      planner,
      plan.id,
      activityInput('B-1', { classification: 'RESTRICTED', releasableTo: ['ISR'] }),
    );
    for (const [at, from] of [
      [mar, mar],
      [isr, isr],
      [isr, mar],
    ] as const)
      await trustKeys(at.ctx, at.officer, at.setup, ceremonyRecords(from.ctx, from.setup, EXPIRES));
    // A genuine bundle of MAR's gives the header's fields (its signed audit checkpoint) and a record line
    // to vary: the bundles below are MAR's too, signed with its key, carrying lines the export never writes.
    const file = join(dir, 'mar-isr.bundle');
    await exportBundle(mar.ctx, mar.officer, mar.setup, 'ISR', file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const header = JSON.parse(lines[1] ?? '') as BundleHeader;
    const { typ: _typ, alg: _alg, kid: _kid, content: _content, ...rest } = header;
    fields = rest;
    template = JSON.parse(lines.find((l) => l.includes('"kind":"activity"')) ?? '') as RecordLine;
  }, 120_000);

  afterAll(async () => {
    await mar?.t.close();
    await isr?.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const bundle = (sequence: number, previousHash: string | null, lines: readonly object[]) =>
    buildBundle(
      { ...fields, bundleId: randomUUID(), sequence, previousHash },
      new TextEncoder().encode(lines.map((l) => `${JSON.stringify(l)}\n`).join('')),
      signerOf(mar.setup.key),
    );
  const lineOf = (o: Op) =>
    'withdraw' in o
      ? { kind: 'withdraw', of: o.kind, id: o.id }
      : { ...template, kind: o.kind, id: o.id, version: o.version, data: { ...template.data, version: o.version } };

  /**
   * Imports `b` at ISR and checks the report kept for it and the copies held against `expected`, what
   * applying its lines one at a time gives: the report and the copies.
   */
  async function importAsModelled(b: Uint8Array, expected: ReturnType<typeof model>) {
    const report = await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(b));
    // The report kept: a row a line, in the bundle's order, whoever may read it.
    const stored = await isr.t.db
      .selectFrom('exchange_received_record')
      .select(['kind', 'record_id as id', 'action'])
      .where('bundle_id', '=', report.bundleId)
      .orderBy('position')
      .execute();
    expect(stored).toEqual(expected.actions);
    const copies = await isr.t.db.selectFrom('exchange_record').select(['kind', 'id', 'version', 'data']).execute();
    expect(new Map(copies.map((c) => [`${c.kind}:${c.id}`, Number(c.version)]))).toEqual(expected.kept);
    return { report, copies };
  }

  let applied = new Map<string, number>();
  let lastHash: string | null = null;

  it('does with each line what applying it alone would do, across batches', async () => {
    // Long runs of records and of withdrawals, longer than a batch, between runs of both mixed.
    const generated = [...ops(0, COPY_BATCH + 200, 1), ...ops(0.3, 300, 2), ...ops(1, COPY_BATCH + 50, 3), ...ops(0.5, 400, 4)];
    const expected = model(generated);
    const { report, copies } = await importAsModelled(bundle(1, null, generated.map(lineOf)), expected);
    // Each copy holds the line that last changed it.
    for (const c of copies) expect((JSON.parse(c.data) as { version: number }).version).toBe(Number(c.version));
    // The officer, who may read every label here, is told of every line but the withdrawals of records never
    // held: told apart from those, the withdrawals of copies above a reader's clearance would show they were here.
    const listed = expected.actions.filter((a) => a.action !== 'not_held');
    // The answer gives the first page; the rest is read page by page, and is the same list.
    expect(report.records).toEqual(listed.slice(0, REPORT_PAGE));
    expect(report.nextCursor).not.toBeNull();
    const all = [...report.records];
    for (let cursor = report.nextCursor; cursor; ) {
      const page = await importedRecords(isr.ctx, isr.officer, isr.setup.policy, report.bundleId, { cursor, limit: 300 });
      all.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(all).toEqual(listed);
    for (const action of ['created', 'updated', 'unchanged', 'withdrawn'] as const)
      expect(report.counts[action], action).toBeGreaterThan(0);
    applied = expected.kept;
    lastHash = report.bundleHash;
  }, 120_000);

  it('starts from the copies kept, and a line refused after several batches leaves nothing written', async () => {
    const generated = ops(0.2, 3 * COPY_BATCH, 5);
    const expected = model(generated, new Map(applied));
    const before = {
      copies: await countRows(isr.t.db, 'exchange_record'),
      received: await countRows(isr.t.db, 'exchange_received'),
      reported: await countRows(isr.t.db, 'exchange_received_record'),
    };
    // A record of another party's among MAR's: the bundle is refused, at its line.
    const foreign = {
      ...template,
      id: 'batch-foreign',
      label: { ...template.label, originator: { ...template.label.originator, party: 'USA' } },
    };
    await expect(
      importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(bundle(2, lastHash, [...generated.map(lineOf), foreign]))),
    ).rejects.toMatchObject({ code: 'exchange.content_invalid', params: { line: generated.length + 1 } });
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(before.copies);
    expect(await countRows(isr.t.db, 'exchange_received')).toBe(before.received);
    expect(await countRows(isr.t.db, 'exchange_received_record')).toBe(before.reported);

    await importAsModelled(bundle(2, lastHash, generated.map(lineOf)), expected);
  }, 120_000);

  /** The sequence and hash of the last bundle ISR applied from MAR: the next one follows it. */
  const lastApplied = async () => {
    const s = await isr.t.db
      .selectFrom('exchange_inbound')
      .select(['sequence', 'bundle_hash'])
      .where('sender_installation', '=', MAR.installation)
      .executeTakeFirstOrThrow();
    return { sequence: Number(s.sequence), hash: s.bundle_hash };
  };

  it('leaves nothing written when the content ends on a line cut short just after a whole batch', async () => {
    const before = {
      copies: await countRows(isr.t.db, 'exchange_record'),
      reported: await countRows(isr.t.db, 'exchange_received_record'),
    };
    const { sequence, hash } = await lastApplied();
    const lines = ops(0, COPY_BATCH, 7).map(lineOf);
    // The last whole line starts a batch; the content then ends in the middle of a line.
    const content = `${lines.map((l) => `${JSON.stringify(l)}\n`).join('')}{"kind":"activ`;
    const cut = buildBundle(
      { ...fields, bundleId: randomUUID(), sequence: sequence + 1, previousHash: hash },
      new TextEncoder().encode(content),
      signerOf(mar.setup.key),
    );
    await expect(importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(cut))).rejects.toMatchObject({
      code: 'exchange.content_invalid',
    });
    expect(await countRows(isr.t.db, 'exchange_record')).toBe(before.copies);
    expect(await countRows(isr.t.db, 'exchange_received_record')).toBe(before.reported);
  }, 120_000);

  it("reports a line left unchanged under its copy's label, not the line's", async () => {
    const high = { ...template.label, classification: 'S' };
    const line = (id: string, version: number, label = template.label) => ({
      ...template,
      id,
      version,
      label,
      data: { ...template.data, version },
    });
    let last = await lastApplied();
    const apply = async (lines: object[]) => {
      const b = buildBundle(
        { ...fields, bundleId: randomUUID(), sequence: last.sequence + 1, previousHash: last.hash },
        new TextEncoder().encode(lines.map((l) => `${JSON.stringify(l)}\n`).join('')),
        signerOf(mar.setup.key),
      );
      const report = await importBundle(isr.ctx, isr.officer, isr.setup, bytesOf(b));
      last = { sequence: last.sequence + 1, hash: report.bundleHash };
      return report;
    };
    await apply([line('labelled-high', 2, high)]);
    // The same record again, at an older version and a lower label, with another the officer below may read.
    const second = await apply([line('labelled-high', 1), line('labelled-low', 1)]);
    expect(second.records.map((r) => [r.id, r.action])).toEqual([
      ['labelled-high', 'unchanged'],
      ['labelled-low', 'created'],
    ]);
    const low = await makeActor(isr.ctx, 'ISR', ['security_officer'], 'CONFIDENTIAL', ['INDUS', 'INTEL', 'LOG-2']);
    const readable = new Set((await listReceived(isr.ctx, low, ISR, 'activity')).map((r) => r.id));
    // What the officer below may read of the copies: the low one, not the high one.
    expect([readable.has('labelled-low'), readable.has('labelled-high')]).toEqual([true, false]);
    const listed = await importedRecords(isr.ctx, low, ISR, second.bundleId, { limit: 500 });
    expect(listed).toEqual({ items: [{ kind: 'activity', id: 'labelled-low', action: 'created' }], nextCursor: null });
    const seen = (await exchangeOverview(isr.ctx, low, isr.setup)).partners.find((p) => p.party === 'MAR');
    expect(seen?.lastReceived?.counts).toMatchObject({ records: 1, created: 1, unchanged: 0 });
    // Paged, the report's cursor says how many rows the officer was given, not where in the bundle the last
    // stood: a place would show how many they may not read lie between.
    const third = await apply([line('gap-a', 1), line('labelled-high', 1), line('gap-b', 1)]);
    const first = await importedRecords(isr.ctx, low, ISR, third.bundleId, { limit: 1 });
    expect(first.items.map((r) => r.id)).toEqual(['gap-a']);
    expect(JSON.parse(Buffer.from(first.nextCursor ?? '', 'base64url').toString())).toEqual([1]);
    const next = await importedRecords(isr.ctx, low, ISR, third.bundleId, { cursor: first.nextCursor ?? '', limit: 1 });
    expect(next).toEqual({ items: [{ kind: 'activity', id: 'gap-b', action: 'created' }], nextCursor: null });
  }, 120_000);

  it('lists every record of a bundle with `exchange import --records`, page after page, as applied', async () => {
    const kept = new Map(
      (await isr.t.db.selectFrom('exchange_record').select(['kind', 'id', 'version']).execute()).map((c) => [
        `${c.kind}:${c.id}`,
        Number(c.version),
      ]),
    );
    const generated = ops(0, 2 * REPORT_PAGE + 100, 6);
    const expected = model(generated, kept);
    const previous = await lastApplied();
    const file = join(dir, 'mar-isr-cli.bundle');
    writeFileSync(file, bundle(previous.sequence + 1, previous.hash, generated.map(lineOf)));
    const keyFile = join(dir, 'ISR', 'exchange.pem');
    writeFileSync(keyFile, isr.setup.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const saved = { ...process.env };
    // The command signs its audit entries with ISR's audit key, as ISR's installation does.
    process.env.JOINTPLAN_AUDIT_KEY_FILE = join(dir, 'ISR', 'audit.pem');
    process.env.JOINTPLAN_AUDIT_CHECKPOINTS = join(dir, 'ISR', 'checkpoints.jsonl');
    try {
      const policy = fileURLToPath(new URL('../config/security-policy/ISR.json', import.meta.url));
      const run = await jointplan([
        'exchange',
        'import',
        file,
        '--records',
        '--policy',
        policy,
        '--key',
        keyFile,
        '--db',
        isr.t.url,
        '--as',
        isr.officer.username,
      ]);
      expect(run.code, run.stderr).toBe(0);
      const listed = run.stdout
        .split('\n')
        .filter((l) => l.startsWith('  '))
        .map((l) => {
          const [, kind, id, action] = /^ {2}(\S+) (\S+): (\S+)$/.exec(l) ?? [];
          return { kind, id, action };
        });
      // More than two pages: the report's own, and two read by the cursor.
      expect(listed.length).toBeGreaterThan(2 * REPORT_PAGE);
      expect(listed).toEqual(expected.actions.filter((a) => a.action !== 'not_held'));
    } finally {
      for (const k of ['JOINTPLAN_AUDIT_KEY_FILE', 'JOINTPLAN_AUDIT_CHECKPOINTS'])
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
    }
  }, 120_000);
});
