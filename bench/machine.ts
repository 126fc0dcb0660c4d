import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m?.[1]) return `${m[1]} (${type()} ${release()})`;
  } catch {
    // not Linux, or no os-release: the kernel name will do
  }
  return `${type()} ${release()}`;
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace('T', ' '),
  };
}

/** One-minute load average: how busy the machine was with work other than ours, roughly. */
export const load1 = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

function cpuTimes(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/**
 * Cores kept busy by others over one second while the benchmark itself is
 * idle (Linux only; NaN elsewhere). On a quiet machine this is near 0.
 */
export async function busyCoresWhileIdle(): Promise<number> {
  try {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, 1000));
    const b = cpuTimes();
    return Math.round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * cpus().length * 100) / 100;
  } catch {
    return Number.NaN;
  }
}
