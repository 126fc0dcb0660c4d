/**
 * The layer rules of the code (docs/architecture.md, "Layers"): src/domain (pure) <- src/store (all
 * SQL) <- src/app (use cases) <- src/server (HTTP) / src/cli; web/ talks only to the HTTP API and may use
 * the domain. `npm run check` fails on any violation (scripts/layers.ts runs it).
 */

/** A regular expression matching exactly these paths. */
const exactly = (paths) => `^(${paths.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

/**
 * Known exception to "no circular dependencies": the web's problem type and the translation of its field
 * issues import each other. Only the arrows between these two files are let through.
 */
const KNOWN_CYCLE = ['web/src/api/problem.ts', 'web/src/i18n/problems.ts'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-innermost',
      comment: 'src/domain is pure: it knows no storage, use case, transport or document.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/(store|app|server|cli|documents)/' },
    },
    {
      name: 'domain-without-node',
      comment: 'src/domain runs in the browser too: no node: module (node:crypto, node:fs, ...).',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'store-below-app',
      comment: 'src/store serves the use cases and knows nothing of them, of HTTP or of the command line.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(app|server|cli)/' },
    },
    {
      name: 'app-below-server-and-cli',
      comment: 'Use cases are called by the HTTP server and the command line, never the other way.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'app-without-kysely',
      comment: 'SQL, and the read rule it applies (store/access.ts), belong in src/store repositories; use cases call them.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '((^|/)node_modules/kysely/|^src/store/access\\.ts$)' },
    },
    {
      name: 'web-through-the-api',
      comment: 'The web app talks to the server over HTTP only; it may share src/domain, nothing behind it.',
      severity: 'error',
      from: { path: '^web/src/' },
      to: { path: '^src/(server|store|app)/' },
    },
    {
      name: 'no-circular',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: { pathNot: exactly(KNOWN_CYCLE) },
      to: { circular: true },
    },
    {
      name: 'no-circular',
      comment: 'The known cycle (KNOWN_CYCLE) joins no other module.',
      severity: 'error',
      from: { path: exactly(KNOWN_CYCLE) },
      to: { circular: true, pathNot: exactly(KNOWN_CYCLE) },
    },
  ],
  options: {
    doNotFollow: { path: '(^|/)node_modules/' },
    // Type-only imports count: `import type { Kysely } from 'kysely'` in a use case is SQL in a use case.
    tsPreCompilationDeps: true,
    // TypeScript 7 has no JavaScript API for dependency-cruiser to parse with; swc parses instead.
    parser: 'swc',
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
