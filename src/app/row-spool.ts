import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Bytes gathered before one write to the file. */
const WRITE_CHUNK = 64 * 1024;

/**
 * Rows kept in a file while a long job makes them, then read back a batch at a time: what an export
 * carried grows with the bundle, and its memory must not. One JSON line a row; the file is the
 * caller's to name (beside the bundle being written) and is removed by `remove`.
 */
export interface RowSpool<T> {
  /** Adds a row; waits only when a chunk is written. */
  add(row: T): Promise<void>;
  /** Writes what is left and closes the file; no row may be added after. */
  close(): Promise<void>;
  /** The rows in the order added, `size` at a time (the last batch may be smaller), once closed. */
  batches(size: number): AsyncGenerator<T[]>;
  /** Removes the file, whatever became of the job. */
  remove(): Promise<void>;
}

export function rowSpool<T>(file: string): RowSpool<T> {
  const out = createWriteStream(file, { mode: 0o600 });
  let pending: string[] = [];
  let pendingBytes = 0;
  let closed = false;
  // A failed write (a full disk) is thrown at the next add or close, not left to crash the process.
  let failure: Error | null = null;
  out.on('error', (err) => {
    failure = err;
  });
  const flush = async () => {
    if (failure) throw failure;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    pendingBytes = 0;
    if (!out.write(text)) await once(out, 'drain');
  };
  return {
    async add(row) {
      if (closed) throw new Error('row spool: add after close');
      const line = `${JSON.stringify(row)}\n`;
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= WRITE_CHUNK) await flush();
    },
    async close() {
      if (closed) return;
      closed = true;
      await flush();
      if (failure) throw failure;
      out.end();
      await once(out, 'finish');
    },
    async *batches(size) {
      if (!closed) throw new Error('row spool: read before close');
      const input = createReadStream(file, { encoding: 'utf8' });
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      try {
        let batch: T[] = [];
        for await (const line of lines) {
          batch.push(JSON.parse(line) as T);
          if (batch.length >= size) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      } finally {
        // A reader that stops early (a write of a batch failed) leaves no file open: closing the lines does not
        // close the stream under them, and a removed file still open keeps its space until the process ends.
        lines.close();
        input.destroy();
      }
    },
    async remove() {
      if (!closed) {
        closed = true;
        out.destroy();
      }
      await unlink(file).catch(() => {});
    },
  };
}
