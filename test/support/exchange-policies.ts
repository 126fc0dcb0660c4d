import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSecurityPolicy, type SecurityPolicy } from '../../src/domain/exchange/security-policy.js';

/** A party's security policy file as the installation ships it in config/, not yet checked. */
export const policyFileOf = (party: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../../config/security-policy/${party}.json`, import.meta.url)), 'utf8'));

/** A party's shipped security policy, parsed as the installation parses it. */
export const shippedPolicy = (party: string): SecurityPolicy => parseSecurityPolicy(policyFileOf(party));
