/**
 * Checks the layer rules of .dependency-cruiser.cjs (docs/architecture.md, "Layers") on src/ and
 * web/src, and exits with status 1 naming every forbidden arrow it finds. `npm run check` runs it:
 *
 *   node scripts/layers.mjs
 *
 * Plain JavaScript on purpose: dependency-cruiser reads its parser through the CommonJS interop of
 * Node itself, which a TypeScript loader changes.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The folders whose imports the rules govern. */
export const LAYERED = ['src', 'web/src'];

/** The project's rules and cruise options, as dependency-cruiser's own command line reads them. */
export const layerConfig = () => require(join(ROOT, '.dependency-cruiser.cjs'));

/**
 * dependency-cruiser 17 has swc parse every file with TypeScript syntax and no JSX, which refuses a .tsx
 * file. This turns JSX on for .tsx files only, as TypeScript itself does. (Its TypeScript parser cannot be
 * used: TypeScript 7 has no JavaScript API.)
 */
function parseTsxAsTsx() {
  const swc = require('@swc/core');
  if (swc.tsxPatched) return;
  const parseFileSync = swc.parseFileSync;
  swc.parseFileSync = (file, options) => parseFileSync(file, { ...options, tsx: String(file).endsWith('.tsx') });
  swc.tsxPatched = true;
}

/**
 * Cruises `paths` (relative to `baseDir`, by default the repository) with the project's rules and
 * answers the whole result and its violations. An import that cannot be resolved counts as a violation
 * too: a rule cannot hold on an arrow it does not see.
 */
export async function cruiseLayers(paths = LAYERED, baseDir = ROOT) {
  parseTsxAsTsx();
  const { cruise } = await import('dependency-cruiser');
  const config = layerConfig();
  const { output: result } = await cruise(paths, {
    ...config.options,
    baseDir,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  const violations = result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  for (const m of result.modules)
    for (const d of m.dependencies)
      if (d.couldNotResolve) violations.push({ rule: 'unresolved-import', from: m.source, to: d.module });
  return { result, violations };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { result, violations } = await cruiseLayers();
  for (const v of violations) console.error(`${v.rule}: ${v.from} → ${v.to}`);
  if (violations.length > 0) {
    console.error(`layers: ${violations.length} forbidden import(s); the rules are in .dependency-cruiser.cjs`);
    process.exit(1);
  }
  console.log(`layers: ${result.summary.totalCruised} modules, no forbidden import`);
}
