import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface Child {
  pid: number;
  base: string;
  /** Peak resident memory so far, in MiB (VmHWM of /proc/PID/status). */
  peakRssMiB(): number;
  /** Resident memory now, in MiB (VmRSS). */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts a Node process that serves HTTP on `port`, and waits until `readyPath` answers 200 (and `readyLine` is printed). */
export async function startChild(
  args: string[],
  env: Record<string, string>,
  port: number,
  readyPath: string,
  /** Also wait for a line of standard output that says so (a server of several workers answers before all of them listen). */
  readyLine?: RegExp,
): Promise<Child> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', readyLine ? 'pipe' : 'ignore', 'pipe'],
  });
  let stdout = '';
  let lineSeen = readyLine === undefined;
  child.stdout?.on('data', (d: Buffer) => {
    if (lineSeen) return;
    stdout = (stdout + d.toString()).slice(-4000);
    lineSeen = readyLine?.test(stdout) ?? true;
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${args.join(' ')}`);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}:\n${stderr}`);
    const ok = await fetch(`${base}${readyPath}`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok && lineSeen) break;
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} did not answer on ${base}${readyPath}:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const memory = (field: string) => {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  };
  return {
    pid,
    base,
    peakRssMiB: () => memory('VmHWM'),
    rssMiB: () => memory('VmRSS'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The real server in one process on the database at `dbUrl`, quiet, without the demo or the daily jobs. */
export async function startServer(dbUrl: string): Promise<Child> {
  const port = await freePort();
  return startChild(
    ['bin/jointplan.js', 'serve', '--db', dbUrl, '--port', String(port), '--workers', '1', '--no-demo', '--no-jobs'],
    { LOG_LEVEL: 'silent' },
    port,
    '/api/health',
  );
}
