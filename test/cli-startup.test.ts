import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The command line answers quickly because starting it loads only the command
// definitions: every use case, store, driver and document module is imported by
// the action that needs it. This reads esbuild's module graph from the CLI's
// entry point and follows only the static imports, which run at start.
const ROOT = resolve(import.meta.dirname, '..');
const HEAVY = [
  'fastify',
  'exceljs',
  'playwright-core',
  'react-dom',
  'react',
  'kysely',
  'pg',
  'better-sqlite3',
  'zod',
  'date-fns',
  '@node-rs/argon2',
  'cli-progress',
];

/** esbuild's graph of every module reached from the entry point, packages left out. */
async function moduleGraph(entry: string) {
  const result = await build({
    entryPoints: [resolve(ROOT, entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    packages: 'external',
    logLevel: 'silent',
  });
  return result.metafile.inputs;
}

async function staticClosure(entry: string) {
  const inputs = await moduleGraph(entry);
  const seen = new Set<string>();
  const packages = new Set<string>();
  const start = Object.keys(inputs).find((p) => p.endsWith(entry));
  if (!start) throw new Error(`${entry} is not in the module graph`);
  const stack = [start];
  while (stack.length) {
    const path = stack.pop() as string;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imp of inputs[path]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external)
        packages.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : (imp.path.split('/')[0] ?? ''));
      else stack.push(imp.path);
    }
  }
  return { modules: [...seen], packages: [...packages] };
}

describe('command line start', () => {
  it('loads no database driver, server, document or schema package before a command runs', async () => {
    const { modules, packages } = await staticClosure('src/cli/main.ts');
    expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    expect(packages).toContain('commander');
    // The closure holds the command definitions, not the application below them.
    expect(modules.filter((m) => /src\/(app|store|server|documents)\//.test(m))).toEqual([]);
    expect(modules.some((m) => m.endsWith('src/cli/commands/plan.ts'))).toBe(true);
  });

  it('reaches the heavy packages through the commands that use them', async () => {
    // The same walk over every import, dynamic ones included, finds them: the check above is not vacuous.
    const all = new Set(
      Object.values(await moduleGraph('src/cli/main.ts')).flatMap((i) =>
        i.imports.filter((imp) => imp.external).map((imp) => imp.path.split('/')[0]),
      ),
    );
    for (const p of ['fastify', 'kysely', 'zod', 'better-sqlite3']) expect(all).toContain(p);
  });
});
