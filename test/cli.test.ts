import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { updateUser } from '../src/app/account.usecases.js';
import { startAuditSigning } from '../src/app/audit.usecases.js';
import { actorForToken, createToken, login } from '../src/app/auth.usecases.js';
import { createCommission } from '../src/app/commission.usecases.js';
import { createContext } from '../src/app/context.js';
import { createPlan } from '../src/app/plan.usecases.js';
import { hashAuditEntry } from '../src/domain/audit-chain.js';
import { buildServer } from '../src/server/app.js';
import { auditSigningPaths } from '../src/store/audit-signing.js';
import type { AuditEntryRow } from '../src/store/database.js';
import { databases, openTestDatabase, TEST_DATABASE_URL, type TestDatabase } from './support/databases.js';
import { makeActor, seedParties } from './support/fixtures.js';

/** The arguments of `user add` for a username, a party and its roles; the caller adds the rest. */
const userAdd = (username: string, party: string, ...roles: string[]) => [
  'user',
  'add',
  '--username',
  username,
  '--party',
  party,
  '--role',
  ...roles,
];

const BIN = resolve(import.meta.dirname, '../bin/jointplan.js');

// Each run starts a Node process; on a busy machine a few of them take a while.
vi.setConfig({ testTimeout: 120_000 });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real command line in a child process, as an operator would. */
function jointplan(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return new Promise((done) => {
    execFile('node', [BIN, ...args], { env: { ...inherited, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

describe('jointplan --help', () => {
  it('lists the administration commands', async () => {
    const run = await jointplan(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo', 'user', 'token', 'audit']) expect(run.stdout).toContain(command);
    const user = await jointplan(['user', 'add', '--help']);
    expect(user.code).toBe(0);
    expect(user.stdout).toMatch(/--password/);
    expect(user.stdout).toMatch(/JOINTPLAN_PASSWORD/);
  });
});

describe('jointplan demo', () => {
  it('loads the demo into a new database, and refuses to load it twice even with --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-cli-'));
    try {
      const file = join(dir, 'demo.sqlite');
      const run = await jointplan(['demo', '--db', file]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/Demo loaded: the 2026 work plan with \d+ activities/);
      expect(run.stdout).toMatch(/mar\.planner/);
      const again = await jointplan(['demo', '--db', file, '--force']);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already loaded/);
      const verify = await jointplan(['audit', 'verify', '--db', file]);
      expect(verify.code, verify.stderr).toBe(0);
      expect(verify.stdout).toMatch(/^\d{3,} entries verified/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databases())('jointplan CLI on %s', (kind) => {
  let t: TestDatabase;
  let db: string[];

  const users = async () =>
    (await t.db.selectFrom('app_user').select('username').orderBy('username').execute()).map((u) => u.username);

  let auditDir: string;
  const auditEnv = ['JOINTPLAN_AUDIT_KEY_FILE', 'JOINTPLAN_AUDIT_CHECKPOINTS', 'JOINTPLAN_AUDIT_CHECKPOINT_EVERY'] as const;
  const savedEnv = auditEnv.map((name) => [name, process.env[name]] as const);
  beforeAll(async () => {
    t = await openTestDatabase(kind);
    // The commands run here and this process write to one chain: they sign it with one key, kept apart from other runs.
    auditDir = mkdtempSync(join(tmpdir(), 'jointplan-cli-audit-'));
    process.env.JOINTPLAN_AUDIT_KEY_FILE = join(auditDir, 'audit-signing-key.pem');
    process.env.JOINTPLAN_AUDIT_CHECKPOINTS = join(auditDir, 'audit-checkpoints.jsonl');
    // A checkpoint after every commit: any entry cut from the end is then covered by one.
    process.env.JOINTPLAN_AUDIT_CHECKPOINT_EVERY = '1';
    t.ctx = createContext(t.db, undefined, await startAuditSigning(t.db, auditSigningPaths(t.url)));
    await seedParties(t.ctx);
    db = ['--db', t.url];
  });
  afterAll(async () => {
    for (const [name, value] of savedEnv) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t?.close();
    rmSync(auditDir, { recursive: true, force: true });
  });

  it('adds users, lists them and changes a password', async () => {
    const added = await jointplan([
      ...userAdd('mar.ops', 'MAR', 'admin', 'planner'),
      '--clearance',
      'SECRET',
      '--compartments',
      'INDUS',
      '--display-name',
      'Opérations (MAR)',
      '--password',
      'first-pass-1',
      ...db,
    ]);
    expect(added.code, added.stderr).toBe(0);
    const fromEnv = await jointplan([...userAdd('isr.ops', 'ISR', 'viewer'), ...db], {
      JOINTPLAN_PASSWORD: 'env-pass-123',
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);

    const all = await jointplan(['user', 'list', '--json', ...db]);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual([
      expect.objectContaining({ username: 'isr.ops', party: 'ISR', roles: ['viewer'], clearance: 'UNCLASSIFIED' }),
      expect.objectContaining({
        username: 'mar.ops',
        displayName: 'Opérations (MAR)',
        roles: ['admin', 'planner'],
        clearance: 'SECRET',
        compartments: ['INDUS'],
      }),
    ]);
    const isr = await jointplan(['user', 'list', '--party', 'ISR', ...db]);
    expect(isr.stdout).toMatch(/isr\.ops/);
    expect(isr.stdout).not.toMatch(/mar\.ops/);

    const changed = await jointplan(['user', 'passwd', 'mar.ops', '--password', 'second-pass-2', ...db]);
    expect(changed.code, changed.stderr).toBe(0);
    await expect(login(t.ctx, 'mar.ops', 'first-pass-1', 'test')).rejects.toMatchObject({ kind: 'unauthenticated' });
    expect((await login(t.ctx, 'mar.ops', 'second-pass-2', 'test')).user.username).toBe('mar.ops');
    expect((await login(t.ctx, 'isr.ops', 'env-pass-123', 'test')).user.party).toBe('ISR');
  });

  it('refuses bad input with what to do, exits non-zero and changes nothing', async () => {
    const before = await users();
    // Independent refusals, run side by side.
    const [unknownParty, invalid, noPassword, taken, nobody, noName] = await Promise.all([
      jointplan([...userAdd('x.y', 'ZZZ', 'viewer'), '--password', 'long-enough-1', ...db]),
      jointplan([...userAdd('X', 'MAR', 'boss'), '--password', 'short', ...db]),
      jointplan([...userAdd('x.y', 'MAR', 'viewer'), ...db]),
      jointplan([...userAdd('mar.ops', 'MAR', 'viewer'), '--password', 'long-enough-1', ...db]),
      jointplan(['user', 'passwd', 'nobody', '--password', 'long-enough-1', ...db]),
      jointplan(['token', 'create', 'mar.ops', ...db]),
    ]);
    expect(unknownParty.code).toBe(2);
    expect(unknownParty.stderr).toMatch(/unknown party ZZZ; known parties: FRA, ISR, MAR, USA/);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/--username: /);
    expect(invalid.stderr).toMatch(/--role: /);
    expect(invalid.stderr).toMatch(/--password: at least 8/);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toMatch(/--password or the JOINTPLAN_PASSWORD/);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/taken/);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/no user nobody; `jointplan user list`/);
    expect(noName.code).not.toBe(0);
    expect(noName.stderr).toMatch(/--name/);
    expect(await users()).toEqual(before);
  });

  it('lists raises awaiting confirmation and lets only another, cleared security officer confirm one', async () => {
    const admin = await makeActor(t.ctx, 'FRA', ['admin', 'security_officer'], 'SECRET', ['INDUS']);
    const officer = await makeActor(t.ctx, 'FRA', ['security_officer'], 'SECRET', ['INDUS']);
    const user = await makeActor(t.ctx, 'FRA', ['viewer'], 'RESTRICTED');
    const { token } = await createToken(t.ctx, null, user.username, 'scripts');
    const { user: asked } = await updateUser(t.ctx, admin, user.userId, {
      clearance: 'SECRET',
      compartments: ['INDUS'],
      version: 1,
    });
    const id = asked.pendingRaise?.id ?? '';
    const listed = await jointplan(['user', 'raises', '--as', officer.username, '--json', ...db]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([
      { id, username: user.username, clearance: 'SECRET', compartments: ['INDUS'] },
    ]);
    const [byRequester, noOne] = await Promise.all([
      jointplan(['user', 'confirm', id, '--as', admin.username, ...db]),
      jointplan(['user', 'confirm', id, ...db]),
    ]);
    expect(byRequester.code).toBe(2);
    expect(byRequester.stderr).toMatch(/another security officer/);
    expect(noOne.code).toBe(2);
    expect(noOne.stderr).toMatch(/--as USERNAME/);
    const confirmed = await jointplan(['user', 'confirm', id, '--as', officer.username, ...db]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toMatch(/SECRET, INDUS confirmed/);
    const row = await t.db.selectFrom('app_user').selectAll().where('id', '=', user.userId).executeTakeFirstOrThrow();
    expect(row.clearance).toBe(3);
    // The operator's new password for the user also revokes the user's tokens.
    const reset = await jointplan(['user', 'passwd', user.username, '--password', 'operator-set-1', ...db]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(await actorForToken(t.ctx, token)).toBeNull();
  });

  it('refuses to load the demo into a database that holds data', async () => {
    const run = await jointplan(['demo', ...db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/already holds data .*--force/s);
    expect(await t.db.selectFrom('activity').select('id').execute()).toEqual([]);
  });

  it('creates a token, printed once, that the API accepts', async () => {
    const run = await jointplan(['token', 'create', 'mar.ops', '--name', 'nightly export', ...db]);
    expect(run.code, run.stderr).toBe(0);
    const token = run.stdout.trim();
    expect(token).toMatch(/^jp_[\w-]{20,}$/);
    expect(run.stderr).toMatch(/cannot be shown again/);
    const stored = await t.db
      .selectFrom('api_token')
      .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
      .select(['api_token.name', 'api_token.token_hash'])
      .where('app_user.username', '=', 'mar.ops')
      .execute();
    expect(stored.map((s) => s.name)).toEqual(['nightly export']);
    expect(stored[0]?.token_hash).not.toContain(token);

    const app = await buildServer(t.ctx);
    try {
      const ok = await app.inject({ method: 'GET', url: '/api/commissions', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode, ok.body).toBe(200);
      const wrong = await app.inject({
        method: 'GET',
        url: '/api/commissions',
        headers: { authorization: 'Bearer jp_not-a-token' },
      });
      expect(wrong.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('lists a user’s live tokens without their secrets, and revokes one so that the API refuses it at once', async () => {
    const created = await jointplan(['token', 'create', 'mar.ops', '--name', 'to revoke', ...db]);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();

    const listed = await jointplan(['token', 'list', '--user', 'mar.ops', '--json', ...db]);
    expect(listed.code, listed.stderr).toBe(0);
    const tokens = JSON.parse(listed.stdout) as { id: string; name: string; username: string }[];
    expect(tokens.map((x) => x.name).sort()).toEqual(['nightly export', 'to revoke']);
    expect(listed.stdout).not.toContain(secret);
    const table = await jointplan(['token', 'list', '--user', 'mar.ops', ...db]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+CREATED\s+LAST USED/);
    expect(table.stdout).toMatch(/to revoke/);
    const target = tokens.find((x) => x.name === 'to revoke');
    if (!target) throw new Error('token not listed');

    const app = await buildServer(t.ctx);
    try {
      const me = () => app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${secret}` } });
      expect((await me()).statusCode).toBe(200);
      const revoked = await jointplan(['token', 'revoke', target.id, ...db]);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(revoked.stdout).toMatch(/"to revoke" of mar\.ops revoked/);
      expect((await me()).statusCode).toBe(401);
    } finally {
      await app.close();
    }
    const entry = await t.db.selectFrom('audit_entry').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'token.revoke', entity_id: target.id, actor_id: null });
    const after = JSON.parse((await jointplan(['token', 'list', '--user', 'mar.ops', '--json', ...db])).stdout);
    expect(after.map((x: { name: string }) => x.name)).toEqual(['nightly export']);

    // Revoking again, a malformed id, an unknown user: refused with what to do, nothing written.
    const [again, malformed, nobody] = await Promise.all([
      jointplan(['token', 'revoke', target.id, ...db]),
      jointplan(['token', 'revoke', 'abc', ...db]),
      jointplan(['token', 'list', '--user', 'nobody', ...db]),
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/no live token/);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/not a token id/);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/no user nobody/);
    const last = await t.db.selectFrom('audit_entry').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(last.seq).toBe(entry.seq);
  });

  it('refuses a database that is not there, naming it, with exit code 2, and makes none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jointplan-cli-missing-'));
    const missing: { url: string; shown: string; gone: () => Promise<boolean> }[] = [];
    let admin: pg.Client | undefined;
    const emptySchema = `jp_cli_empty_${process.pid}_${Date.now()}`;
    try {
      if (kind === 'sqlite') {
        // A mistyped file, and a mistyped folder: neither may appear.
        for (const url of [join(dir, 'jointplann.sqlite'), join(dir, 'dta', 'jointplan.sqlite')])
          missing.push({ url, shown: url, gone: async () => !existsSync(url) && !existsSync(join(dir, 'dta')) });
      } else {
        admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await admin.connect();
        await admin.query(`create schema ${emptySchema}`);
        const client = admin;
        const base = new URL(TEST_DATABASE_URL);
        // A database that does not exist, and one that holds no JointPlan schema: nothing may be made in it.
        const noDb = new URL(TEST_DATABASE_URL);
        noDb.pathname = '/jointplan_no_such_db';
        missing.push({ url: noDb.toString(), shown: `${base.host}/jointplan_no_such_db`, gone: async () => true });
        const sep = TEST_DATABASE_URL.includes('?') ? '&' : '?';
        missing.push({
          url: `${TEST_DATABASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${emptySchema}`)}`,
          shown: `${base.host}${base.pathname}`,
          gone: async () =>
            (await client.query('select count(*)::int as n from pg_tables where schemaname = $1', [emptySchema])).rows[0].n === 0,
        });
      }
      const planId = '0190c1a0-0000-7000-8000-000000000000';
      const commands = [
        ['audit', 'verify'],
        ['audit', 'head'],
        ['user', 'list'],
        ['user', 'raises', '--as', 'mar.ops'],
        ['token', 'list', '--user', 'mar.ops'],
        ['plan', 'list', '--as', 'mar.ops'],
        ['export', '--plan', planId, '--as', 'mar.ops'],
      ];
      for (const { url, shown, gone } of missing) {
        const runs = await Promise.all(commands.map((c) => jointplan([...c, '--db', url])));
        runs.forEach((run, i) => {
          const what = `${commands[i]?.join(' ')} --db ${url}`;
          expect(run.code, what).toBe(2);
          expect(run.stderr, what).toContain(`no JointPlan database at `);
          expect(run.stderr, what).toContain(shown);
          expect(run.stdout, what).toBe('');
        });
        expect(await gone(), url).toBe(true);
      }
    } finally {
      if (admin) {
        await admin.query(`drop schema if exists ${emptySchema} cascade`);
        await admin.end();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the work plans the acting user may read, with the ids that export takes', async () => {
    const planner = await makeActor(t.ctx, 'MAR', ['planner'], 'SECRET', []);
    const partner = await makeActor(t.ctx, 'ISR', ['viewer'], 'SECRET', []);
    const outsider = await makeActor(t.ctx, 'USA', ['viewer'], 'SECRET', []);
    const commission = await createCommission(t.ctx, planner, {
      name: { en: 'Joint Military Commission' },
      parties: ['MAR', 'ISR'],
      classificationTable: {},
      classification: 'UNCLASSIFIED',
      releasableTo: ['ISR'],
      compartments: [],
    });
    const plan = (title: string, releasableTo: string[]) =>
      createPlan(t.ctx, planner, {
        commissionId: commission.id,
        sessionId: null,
        title: { fr: title },
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        sourceId: null,
        classification: 'UNCLASSIFIED',
        releasableTo,
        compartments: [],
      });
    const joint = await plan('Plan conjoint 2026', ['ISR']);
    const national = await plan('Plan national 2026', []);

    const [mine, theirs, none, json, nobody] = await Promise.all([
      jointplan(['plan', 'list', '--as', planner.username, '--commission', commission.id, ...db]),
      jointplan(['plan', 'list', '--as', partner.username, '--commission', commission.id, ...db]),
      jointplan(['plan', 'list', '--as', outsider.username, ...db]),
      jointplan(['plan', 'list', '--json', '--commission', commission.id, ...db], { JOINTPLAN_USER: partner.username }),
      jointplan(['plan', 'list', '--as', 'nobody', ...db]),
    ]);
    expect(mine.code, mine.stderr).toBe(0);
    expect(mine.stdout.split('\n')[0]).toMatch(/^ID +PERIOD +STATUS +OWNER +CLASSIFICATION +TITLE$/);
    expect(mine.stdout).toContain(joint.id);
    expect(mine.stdout).toContain('Plan conjoint 2026');
    expect(mine.stdout).toContain(national.id);
    expect(theirs.code, theirs.stderr).toBe(0);
    expect(theirs.stdout).toContain(joint.id);
    // A plan the user may not read shows neither its id nor its title.
    expect(theirs.stdout).not.toContain(national.id);
    expect(theirs.stdout).not.toContain('Plan national');
    expect(none.code, none.stderr).toBe(0);
    expect(none.stdout).not.toContain(joint.id);
    expect(none.stdout).not.toContain(national.id);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((p) => p.id)).toEqual([joint.id]);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/no user nobody/);

    // The id the list shows is the one export takes.
    const listed = /^(\S+) .*Plan conjoint 2026$/m.exec(theirs.stdout)?.[1] ?? '';
    const exported = await jointplan(['export', '--plan', listed, '--as', partner.username, ...db]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout).plan.id).toBe(joint.id);
  });

  describe('audit verify', () => {
    let original: AuditEntryRow[];
    const entries = () => t.db.selectFrom('audit_entry').selectAll().orderBy('seq').execute();
    const row = (seq: number) => {
      const r = original.find((e) => e.seq === seq);
      if (!r) throw new Error(`no audit entry ${seq}`);
      return r;
    };
    /** Puts the chain back as it was, so that each tampering is seen on its own. */
    const restore = async () => {
      await t.db.deleteFrom('audit_entry').execute();
      await t.db.insertInto('audit_entry').values(original).execute();
    };
    /** Moves entries from `seq` on one place up, in two steps so no primary key collides on the way. */
    const makeRoomAt = async (seq: number) => {
      await t.db
        .updateTable('audit_entry')
        .set((eb) => ({ seq: eb('seq', '+', 1_000_000) }))
        .where('seq', '>=', seq)
        .execute();
      await t.db
        .updateTable('audit_entry')
        .set((eb) => ({ seq: eb('seq', '-', 999_999) }))
        .where('seq', '>=', 1_000_000)
        .execute();
    };
    const expectBrokenAt = async (seq: number, problem: RegExp) => {
      const run = await jointplan(['audit', 'verify', ...db]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(new RegExp(`audit chain broken at seq ${seq}: `));
      expect(run.stderr).toMatch(problem);
    };

    beforeAll(async () => {
      original = await entries();
    });
    afterAll(async () => {
      await restore();
    });

    it('passes on an untouched chain and counts its entries', async () => {
      expect(original.length).toBeGreaterThanOrEqual(6);
      const run = await jointplan(['audit', 'verify', ...db]);
      expect(run.code, run.stderr).toBe(0);
      const head = row(original.length);
      expect(run.stdout.trim().split('\n')[0]).toBe(`${original.length} entries verified; head ${head.seq}:${head.hash}`);
      expect(run.stdout).toMatch(/\d+ signed checkpoints hold \(key [0-9a-f]{16}\)/);
      // Not a terminal: no progress bar in the output.
      expect(run.stderr).toBe('');
    });

    it('names an edited entry', async () => {
      await t.db.updateTable('audit_entry').set({ detail: '{"username":"someone-else"}' }).where('seq', '=', 3).execute();
      await expectBrokenAt(3, /edited/);
      await restore();
    });

    it('names a deleted entry', async () => {
      await t.db.deleteFrom('audit_entry').where('seq', '=', 3).execute();
      await expectBrokenAt(3, /missing: the chain goes from entry 2 to entry 4/);
      await restore();
    });

    it('names a forged entry slipped in with a valid hash', async () => {
      await makeRoomAt(3);
      const forged = {
        ...row(3),
        seq: 3,
        action: 'user.create',
        detail: '{"username":"intruder","roles":["admin"]}',
        prev_hash: row(2).hash,
      };
      await t.db
        .insertInto('audit_entry')
        .values({ ...forged, hash: hashAuditEntry(forged) })
        .execute();
      // The forged entry holds together by its hash, but it is not what the installation signed.
      await expectBrokenAt(3, /differs from the checkpoint signed at .* \(chain rewritten\)/);
      await restore();
    });

    it('names the first of two entries whose contents were swapped', async () => {
      const { seq: _3, ...third } = row(3);
      const { seq: _5, ...fifth } = row(5);
      await t.db.updateTable('audit_entry').set(fifth).where('seq', '=', 3).execute();
      await t.db.updateTable('audit_entry').set(third).where('seq', '=', 5).execute();
      await expectBrokenAt(3, /does not link/);
      await restore();
    });

    it('prints the public key, with which an outside auditor verifies the chain and finds the first entry cut from its end', async () => {
      const printed = await jointplan(['audit', 'key', ...db]);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toMatch(
        /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=]+\n-----END PUBLIC KEY-----\nkey id: [0-9a-f]{16}\n/,
      );
      const pem = join(auditDir, 'public.pem');
      writeFileSync(pem, printed.stdout.slice(0, printed.stdout.indexOf('key id:')));
      const copy = join(auditDir, 'checkpoints-copy.jsonl');
      writeFileSync(copy, readFileSync(process.env.JOINTPLAN_AUDIT_CHECKPOINTS ?? ''));
      const auditor = ['audit', 'verify', '--key', pem, '--checkpoints', copy, ...db];
      const intact = await jointplan(auditor);
      expect(intact.code, intact.stderr).toBe(0);
      expect(intact.stdout).toContain(`key ${/key id: ([0-9a-f]{16})/.exec(printed.stdout)?.[1]}`);

      await t.db
        .deleteFrom('audit_entry')
        .where('seq', '>=', original.length - 1)
        .execute();
      const cut = await jointplan(auditor);
      expect(cut.code).toBe(1);
      expect(cut.stderr).toMatch(new RegExp(`audit chain broken at seq ${original.length - 1}: missing: .*removed from its end`));
      await restore();
    });

    it('passes again once the chain is restored', async () => {
      const run = await jointplan(['audit', 'verify', ...db]);
      expect(run.code, run.stderr).toBe(0);
      expect(await entries()).toEqual(original);
    });
  });
});
