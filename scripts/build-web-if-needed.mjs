// Builds the web app when web/dist is missing or older than its sources, so
// that `npm start` on a fresh checkout serves the current app without a
// separate build step.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web/dist/index.html');
// The web app imports the domain's schemas, so they are its sources too.
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/domain'].map((p) => join(root, p));

function newest(path) {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const builtAt = statSync(built, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const changedAt = Math.max(...sources.map(newest));
if (builtAt >= changedAt) process.exit(0);

console.log(builtAt ? 'The web app changed since it was built: building it again…' : 'Building the web app…');
const { build } = await import('vite');
await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' });
