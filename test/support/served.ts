/**
 * The real `jointplan serve` in a process of its own, for the tests that need
 * several worker processes: its log lines, waiting for what it prints, and
 * requests each on a connection of its own, so that the primary hands each to
 * the next worker.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { type IncomingHttpHeaders, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/jointplan.js', import.meta.url));
const WAIT_MS = 60_000;

export interface LogLine {
  name?: string;
  pid?: number;
  msg?: string;
  workerPid?: number;
  worker?: number;
  req?: { method?: string; url?: string };
}

/** The server's standard output, as JSON log lines and the plain lines it prints for a person. */
export class Output {
  readonly logs: LogLine[] = [];
  readonly text: string[] = [];
  private rest = '';
  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const lines = (this.rest + chunk).split('\n');
      this.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('{')) this.logs.push(JSON.parse(line) as LogLine);
        else this.text.push(line);
      }
    });
  }
}

export interface Served {
  child: ChildProcess;
  out: Output;
  port: number;
  exited: Promise<unknown[]>;
  /** Waits (up to a minute) until `probe` answers something, failing early if the server exits. */
  until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T>;
  /** Ends the server if it still runs. */
  kill(): Promise<void>;
}

/** Starts `jointplan serve --port 0 …args` (debug logs: one line per request, naming the process) and waits for its address. */
export async function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const out = new Output(child);
  const exited = once(child, 'exit');
  const until = async <T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before ${what}:\n${stderr}`);
      if (Date.now() > deadline) throw new Error(`no ${what} within ${WAIT_MS / 1000} s:\n${stderr}`);
      await sleep(50);
    }
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited;
  };
  try {
    const port = await until('announcement of the address', () => {
      const m = out.text.map((l) => /JointPlan is running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(l)).find(Boolean);
      return m ? Number(m[1]) : undefined;
    });
    return { child, out, port, exited, until, kill };
  } catch (err) {
    await kill();
    throw err;
  }
}

export interface Answer {
  status: number;
  text: string;
  headers: IncomingHttpHeaders;
}

/** A request on a connection of its own; answers the status, the headers and the body's text. */
export function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  const sent =
    data === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) };
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { ...headers, ...sent } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
