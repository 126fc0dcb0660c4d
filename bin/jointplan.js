#!/usr/bin/env node
// Runs the command line from one JavaScript build of the TypeScript sources, made
// by esbuild the first time a command runs after the sources change and kept in
// dist/cli-<key>/ (the key is the names, sizes and times of the sources and of
// the lockfile). Each command loads only the chunks it needs: a command answers
// in well under a second, where loading the sources through tsx took several.
// Where dist/ cannot be written, the sources run through tsx's loader as before.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// React renders the documents on the server: its development build is several times slower.
process.env.NODE_ENV ??= 'production';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Raised when the build's options below change, so that older builds are not reused. */
const BUILD_FORMAT = 1;
/** Native, optional or browser-driving packages stay outside the build and load from node_modules. */
const EXTERNAL = ['better-sqlite3', '@node-rs/argon2', 'playwright-core', 'pg-native', 'exceljs', 'esbuild', 'tsx'];
/**
 * A build no running command uses is removed this long after it was last used.
 * A running command (a server, for days) marks its build with a .run-PID file, since
 * it loads chunks of it later (the documents, on the first one asked).
 */
const KEEP_OLD_MS = 10 * 60 * 1000;

const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/** Removes the builds of older sources that no running command uses. */
function removeOldBuilds(current) {
  for (const entry of readdirSync(DIST)) {
    const path = join(DIST, entry);
    if (!entry.startsWith('cli-') || path === current) continue;
    try {
      const users = readdirSync(path).filter((f) => f.startsWith('.run-'));
      const live = users.filter((f) => isAlive(Number(f.slice('.run-'.length))));
      if (live.length > 0) continue;
      if (Date.now() - statSync(path).mtimeMs > KEEP_OLD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by another command.
    }
  }
}

/** Marks the build as used by this process until it exits. */
function markInUse(out) {
  const mark = join(out, `.run-${process.pid}`);
  try {
    writeFileSync(mark, '');
    process.on('exit', () => rmSync(mark, { force: true }));
  } catch {
    // A build in a read-only place is never removed by a command anyway.
  }
}

function sourceKey() {
  const hash = createHash('sha256').update(`${BUILD_FORMAT}\n`);
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else {
        const s = statSync(path);
        hash.update(`${relative(ROOT, path)} ${s.size} ${s.mtimeMs}\n`);
      }
    }
  };
  walk(SRC);
  for (const file of ['package-lock.json', 'package.json']) {
    const path = join(ROOT, file);
    if (existsSync(path)) {
      const s = statSync(path);
      hash.update(`${file} ${s.size} ${s.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * esbuild moves every module into the build's folder: `import.meta.url` must
 * still name the source file, which finds its neighbours (web/dist, the
 * documents' translations, the workbook reader's worker) from there.
 */
const keepModuleUrls = {
  name: 'keep-module-urls',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.(ts|tsx)$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      return {
        contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      };
    });
  },
};

async function buildCli(out) {
  const esbuild = await import('esbuild');
  const tmp = `${out}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(SRC, 'cli/main.ts')],
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    external: EXTERNAL,
    plugins: [keepModuleUrls],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __jointplanRequire } from 'node:module'; const require = __jointplanRequire(import.meta.url);",
    },
    logLevel: 'error',
  });
  writeFileSync(join(tmp, 'package.json'), '{"type":"module"}\n');
  try {
    renameSync(tmp, out);
  } catch (err) {
    // Another command built the same sources at the same time: use its build.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(out, 'main.js'))) throw err;
  }
  removeOldBuilds(out);
}

/**
 * JOINTPLAN_CLI_BUILD=FOLDER (inside the repository, where the packages resolve) runs the command line
 * from the build in FOLDER, made there by the first command from the sources as they are then and kept
 * as is, however the sources change afterwards: a benchmark times the same code in each of its commands,
 * and not the rebuild that someone's edit meanwhile sets off. Never removed by other commands.
 */
const pinnedBuild = () => (process.env.JOINTPLAN_CLI_BUILD ? resolve(process.env.JOINTPLAN_CLI_BUILD) : undefined);

async function builtMain() {
  if (process.env.JOINTPLAN_CLI_FROM_SOURCE === '1' || !existsSync(SRC)) return undefined;
  try {
    const out = pinnedBuild() ?? join(DIST, `cli-${sourceKey()}`);
    if (!existsSync(join(out, 'main.js'))) {
      mkdirSync(dirname(out), { recursive: true });
      await buildCli(out);
    }
    markInUse(out);
    return join(out, 'main.js');
  } catch (err) {
    // A read-only install runs from the sources without a word; anything else is worth one line,
    // since every command is then several times slower.
    if (!['EACCES', 'EROFS', 'EPERM'].includes(err?.code))
      process.stderr.write(`jointplan: running from the sources, the build failed: ${err?.message ?? err}\n`);
    return undefined;
  }
}

const main = await builtMain();
if (main) await import(pathToFileURL(main).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
