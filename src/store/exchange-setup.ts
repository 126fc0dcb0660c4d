import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SIGNATURE_ALGORITHMS, type SignatureAlgorithm } from '../domain/exchange/keys.js';
import { parseSecurityPolicy, type SecurityPolicy } from '../domain/exchange/security-policy.js';
import { problem } from '../domain/problems.js';
import { loadSigningKey, type SigningKey } from './signing.js';

/**
 * Where an installation's exchange configuration lives, outside the database as the audit key does:
 * its security policy file (JOINTPLAN_SECURITY_POLICY) and its exchange signing key
 * (JOINTPLAN_EXCHANGE_KEY_FILE, by default beside the audit key), of the algorithm
 * JOINTPLAN_EXCHANGE_KEY_ALG names (Ed25519 unless said), made on first use.
 */
export interface ExchangePaths {
  policyFile: string | undefined;
  keyFile: string;
  alg: SignatureAlgorithm;
}

export function exchangePaths(
  auditKeyFile: string,
  env: NodeJS.ProcessEnv = process.env,
  over: { policy?: string | undefined; key?: string | undefined; alg?: string | undefined } = {},
): ExchangePaths {
  const alg = over.alg ?? env.JOINTPLAN_EXCHANGE_KEY_ALG ?? 'Ed25519';
  if (!(SIGNATURE_ALGORITHMS as readonly string[]).includes(alg))
    throw new TypeError(`the exchange key algorithm is one of ${SIGNATURE_ALGORITHMS.join(', ')}, not ${alg}`);
  return {
    policyFile: over.policy ?? (env.JOINTPLAN_SECURITY_POLICY || undefined),
    keyFile: over.key ?? (env.JOINTPLAN_EXCHANGE_KEY_FILE || join(dirname(auditKeyFile), 'exchange-signing-key.pem')),
    alg: alg as SignatureAlgorithm,
  };
}

/** The policy and signing key of the installation; refused (not configured) without a policy file. */
export function loadExchangeSetup(paths: ExchangePaths): { policy: SecurityPolicy; key: SigningKey; created: boolean } {
  if (!paths.policyFile) throw problem('exchange.not_configured');
  const policy = parseSecurityPolicy(JSON.parse(readFileSync(paths.policyFile, 'utf8')));
  const { key, created } = loadSigningKey(paths.keyFile, paths.alg);
  return { policy, key, created };
}
