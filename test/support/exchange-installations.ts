import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCommission } from '../../src/app/commission.usecases.js';
import type { Actor, AppContext } from '../../src/app/context.js';
import { createContext } from '../../src/app/context.js';
import type { ExchangeSetup } from '../../src/app/exchange-bundle.usecases.js';
import { createPlan } from '../../src/app/plan.usecases.js';
import type { SignatureAlgorithm } from '../../src/domain/exchange/keys.js';
import type { SecurityPolicy } from '../../src/domain/exchange/security-policy.js';
import { buildServer } from '../../src/server/app.js';
import { auditSigningPaths, loadAuditSigning } from '../../src/store/audit-signing.js';
import { generateSigningKey } from '../../src/store/signing.js';
import { type DatabaseKind, openTestDatabase, type TestDatabase } from './databases.js';
import { makeActor, seedParties, sessionCookie, yearPlanInput } from './fixtures.js';

/** One party's installation of a two-installation exchange suite: its own database, audit signing, policy and key. */
export interface Installation {
  t: TestDatabase;
  ctx: AppContext;
  setup: ExchangeSetup;
  officer: Actor;
}

/**
 * The installation of policy `p`'s party on a new database of `kind`, its audit key and checkpoints in
 * `dir`/<party>: the `parties` seeded with the compartments of the demo, a security officer cleared for
 * everything, and an exchange key of the algorithm given.
 */
export async function installation(
  kind: DatabaseKind,
  p: SecurityPolicy,
  dir: string,
  { parties = ['MAR', 'ISR', 'USA'], alg = 'Ed25519' }: { parties?: string[]; alg?: SignatureAlgorithm } = {},
): Promise<Installation> {
  const t = await openTestDatabase(kind);
  const signing = loadAuditSigning(
    auditSigningPaths(join(dir, p.party, 'x.sqlite'), {
      JOINTPLAN_AUDIT_KEY_FILE: join(dir, p.party, 'audit.pem'),
      JOINTPLAN_AUDIT_CHECKPOINTS: join(dir, p.party, 'checkpoints.jsonl'),
    }),
  );
  const ctx = createContext(t.db, undefined, signing);
  await seedParties(ctx, parties, ['INDUS', 'INTEL', 'LOG-2']);
  const officer = await makeActor(ctx, p.party, ['security_officer'], 'TOP_SECRET', ['INDUS', 'INTEL', 'LOG-2']);
  return { t, ctx, setup: { policy: p, key: generateSigningKey(alg) }, officer };
}

/**
 * The installation's server, reading its policy and exchange key from where the command line does (the
 * key written to `dir`/<party>, the environment set for it), once its first request of the exchange,
 * to `probe`, has read that configuration.
 */
export async function serveInstallation(inst: Installation, dir: string, probe: string) {
  const p = inst.setup.policy.party;
  const keyFile = join(dir, p, 'exchange.pem');
  writeFileSync(keyFile, inst.setup.key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  process.env.JOINTPLAN_SECURITY_POLICY = fileURLToPath(new URL(`../../config/security-policy/${p}.json`, import.meta.url));
  process.env.JOINTPLAN_EXCHANGE_KEY_FILE = keyFile;
  process.env.JOINTPLAN_EXCHANGE_KEY_ALG = inst.setup.key.alg;
  const app = await buildServer(inst.ctx);
  await app.inject({ method: 'GET', url: probe, headers: { cookie: await sessionCookie(app, inst.officer.username) } });
  return app;
}

/**
 * A TOP SECRET planner of MAR on the installation, cleared for `compartments`, and an UNCLASSIFIED
 * MAR–ISR commission of theirs released to `releasableTo`.
 */
export async function marIsrCommission(inst: Installation, releasableTo: string[], compartments: string[] = []) {
  const planner = await makeActor(inst.ctx, 'MAR', ['planner', 'contributor'], 'TOP_SECRET', compartments);
  const commission = await createCommission(inst.ctx, planner, {
    name: { fr: 'Commission', en: 'Commission' },
    parties: ['MAR', 'ISR'],
    classificationTable: {},
    classification: 'UNCLASSIFIED',
    releasableTo,
    compartments: [],
  });
  return { planner, commission };
}

/** A TOP SECRET planner of MAR on the installation, and a 2026 plan of a MAR–ISR commission released to ISR. */
export async function planReleasedToIsr(inst: Installation, compartments: string[] = []) {
  const { planner, commission } = await marIsrCommission(inst, ['ISR'], compartments);
  const plan = await createPlan(inst.ctx, planner, yearPlanInput(commission.id, 2026, { releasableTo: ['ISR'] }));
  return { planner, commission, plan };
}
