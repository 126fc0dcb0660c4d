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

/** A rule every violation of which fails the check: no module matching `from` may import one matching `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid(
      'domain-is-innermost',
      'src/domain is pure: it knows no storage, use case, transport or document.',
      { path: '^src/domain/' },
      { path: '^src/(store|app|server|cli|documents)/' },
    ),
    forbid(
      'domain-without-node',
      'src/domain runs in the browser too: no node: module (node:crypto, node:fs, ...).',
      { path: '^src/domain/' },
      { dependencyTypes: ['core'] },
    ),
    forbid(
      'store-below-app',
      'src/store serves the use cases and knows nothing of them, of HTTP or of the command line.',
      { path: '^src/store/' },
      { path: '^src/(app|server|cli)/' },
    ),
    forbid(
      'app-below-server-and-cli',
      'Use cases are called by the HTTP server and the command line, never the other way.',
      { path: '^src/app/' },
      { path: '^src/(server|cli)/' },
    ),
    forbid(
      'app-without-kysely',
      'SQL, and the read rule it applies (store/access.ts), belong in src/store repositories; use cases call them.',
      { path: '^src/app/' },
      { path: '((^|/)node_modules/kysely/|^src/store/access\\.ts$)' },
    ),
    forbid(
      'web-through-the-api',
      'The web app talks to the server over HTTP only; it may share src/domain, nothing behind it.',
      { path: '^web/src/' },
      { path: '^src/(server|store|app)/' },
    ),
    forbid(
      'no-circular',
      'Modules import each other in one direction only.',
      { pathNot: exactly(KNOWN_CYCLE) },
      { circular: true },
    ),
    forbid(
      'no-circular',
      'The known cycle (KNOWN_CYCLE) joins no other module.',
      { path: exactly(KNOWN_CYCLE) },
      { circular: true, pathNot: exactly(KNOWN_CYCLE) },
    ),
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
