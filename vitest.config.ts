import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Servers and commands the tests start on PostgreSQL would otherwise keep their
// audit signing key and checkpoints in ./data, beside a developer's own
// database, whose chain those checkpoints would then contradict.
const auditDir = mkdtempSync(join(tmpdir(), 'jointplan-test-audit-'));

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: {
      JOINTPLAN_AUDIT_KEY_FILE: join(auditDir, 'audit-signing-key.pem'),
      JOINTPLAN_AUDIT_CHECKPOINTS: join(auditDir, 'audit-checkpoints.jsonl'),
    },
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
  },
});
