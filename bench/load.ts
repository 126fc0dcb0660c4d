import autocannon from 'autocannon';
import { type Latency, latencyOf } from './stats.js';

export interface LoadResult extends Latency {
  requestsPerSecond: number;
}

/**
 * Drives `url` over loopback with autocannon for `seconds`. Latencies are
 * taken from each response in microsecond resolution (autocannon's own
 * histogram rounds to whole milliseconds, too coarse for sub-millisecond
 * answers). Any error or non-2xx answer fails the benchmark: a fast error
 * page must not pass for a fast endpoint.
 */
export async function load(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const samples: number[] = [];
  const instance = autocannon({ url, headers, connections, duration: seconds });
  instance.on('response', (_client, _status, _bytes, ms) => {
    samples.push(ms);
  });
  const result = await instance;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0)
    throw new Error(`${url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers`);
  return { ...latencyOf(samples), requestsPerSecond: result.requests.total / (result.duration || seconds) };
}
