import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Servers and commands the tests start on PostgreSQL would otherwise keep their
// audit signing key and checkpoints in ./data, beside a developer's own
// database, whose chain those checkpoints would then contradict. (On SQLite
// they live beside each test's own database file.)
const auditDir = mkdtempSync(join(tmpdir(), 'jointplan-test-audit-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { JOINTPLAN_AUDIT_DIR: auditDir },
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
