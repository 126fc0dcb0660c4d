import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/processes.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Whether the browser suites can run. Under CI a missing browser is an error,
 * so that the suite is never silently skipped there.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is required under CI but ${CHROMIUM} is missing (apt-get install chromium)`);
  console.warn(`Browser tests skipped: ${CHROMIUM} is missing. Run \`apt-get install chromium\` to run them.`);
  return false;
}

function newest(path: string): number {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * A production build of the web app, as `npm start` makes it (the test
 * runner's NODE_ENV would give React's development build). The browser suites
 * run in parallel and share web/dist, so one builds while the others wait,
 * then find it fresh and use it.
 */
export async function buildWebApp() {
  const lock = join(ROOT, 'web/.build.lock');
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a run that died is older than any build takes.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmdirSync(lock);
      if (Date.now() > deadline) throw new Error(`Waited too long for ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/domain'].map((p) => newest(join(ROOT, p)));
    const builtAt = statSync(join(ROOT, 'web/dist/.production'), { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (builtAt > Math.max(...sources)) return;
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: 'inherit' },
    );
    // Marks a build made for production by this helper, newer than every source it was built from.
    execFileSync('touch', [join(ROOT, 'web/dist/.production')]);
  } finally {
    rmdirSync(lock);
  }
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the real server, as `npm start` would: on a fresh SQLite file with
 * the demo loaded, or on the database given (left in place).
 */
export async function startServer(opts: { db?: string } = {}): Promise<RunningServer> {
  const dir = await mkdtemp(join(tmpdir(), 'jointplan-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      'bin/jointplan.js',
      'serve',
      '--db',
      opts.db ?? join(dir, 'e2e.sqlite'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      ...(opts.db ? ['--no-demo', '--no-jobs'] : []),
    ],
    { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${url}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    // The demo is loaded before the server listens, so an answer means it is there.
    if (ok) return { url, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The server did not start at ${url}:\n${output}`);
}
