import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRIBUTORS, DEMO_ACCOUNTS, demoAccountsLine } from '../src/demo/accounts.js';

const README = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('lists every demo account with its party, roles, clearance and compartments', () => {
    const rows = new Map(
      [...README.matchAll(/^\| `([\w.]+)` \| (\w+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => [
        m[1],
        { party: m[2], roles: m[3]?.trim(), clearance: m[4]?.trim(), compartments: m[5]?.trim() },
      ]),
    );
    for (const account of [...DEMO_ACCOUNTS, ...CONTRIBUTORS]) {
      const row = rows.get(account.username);
      expect(row, account.username).toBeDefined();
      expect(row?.party, account.username).toBe(account.party);
      expect(row?.roles, account.username).toBe(account.roles.join(', '));
      // The README may add the national name of a level: "RESTRICTED (DIFFUSION RESTREINTE)".
      expect(row?.clearance?.replace(/ \(.*\)$/, '').replace(/ /g, '_'), account.username).toBe(account.clearance);
      expect(row?.compartments, account.username).toBe(account.compartments.join(', ') || '—');
    }
  });

  it('names at start-up the same accounts as its table, the three contributors with them', () => {
    const listed = [...README.matchAll(/^\| `([\w.]+)` \| (\w+) \|/gm)].map((m) => m[1]);
    const named = demoAccountsLine().split(': ')[1]?.split(', ');
    expect(named?.sort()).toEqual(listed.sort());
    expect(named).toHaveLength(10);
  });

  it('shows the command that lists plans, whose ids export takes', () => {
    expect(README).toMatch(/jointplan plan list --as/);
  });
});
