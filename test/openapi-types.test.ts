import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'jointplan-openapi-types-'));
const file = join(dir, 'openapi.ts');
const script = (...args: string[]) =>
  run(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/openapi-types.ts', ...args, '--file', file], { cwd: ROOT }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the web API types generated from the OpenAPI document', () => {
  it('writes the types of every route, and the check accepts what it wrote', async () => {
    expect((await script()).code).toBe(0);
    const types = readFileSync(file, 'utf8');
    expect(types).toContain("'/api/plans/{id}/activities': {");
    expect(types).toContain('Problem: {');
    expect((await script('--check')).code).toBe(0);
  }, 60_000);

  it('fails the check, naming the file, when a route in the file no longer matches the server', async () => {
    writeFileSync(file, readFileSync(file, 'utf8').replace("'/api/plans/{id}/activities': {", "'/api/plans/{id}/tasks': {"));
    const stale = await script('--check');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`${file} does not match the server's OpenAPI document`);
  }, 60_000);
});
