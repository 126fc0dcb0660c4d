import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowSpool } from '../src/app/row-spool.js';

const fileIn = () => join(mkdtempSync(join(tmpdir(), 'jointplan-spool-')), 'rows');

describe('a row spool', () => {
  it('gives back every row added, in order, in batches of the size asked, and removes its file', async () => {
    const file = fileIn();
    const spool = rowSpool<{ position: number; id: string }>(file);
    // Enough rows to cross several write chunks, with text that JSON escapes.
    const rows = Array.from({ length: 12_345 }, (_, i) => ({ position: i, id: `r${i}\n"é\u2028` }));
    for (const r of rows) await spool.add(r);
    await spool.close();
    const batches: number[] = [];
    const read: typeof rows = [];
    for await (const batch of spool.batches(1000)) {
      batches.push(batch.length);
      read.push(...batch);
    }
    expect(read).toEqual(rows);
    expect(batches).toEqual([...Array(12).fill(1000), 345]);
    await spool.remove();
    expect(existsSync(file)).toBe(false);
  });

  it('gives no batch when nothing was added, and refuses a row after close or a read before it', async () => {
    const spool = rowSpool<number>(fileIn());
    await expect(async () => {
      for await (const _ of spool.batches(10));
    }).rejects.toThrow(/before close/);
    await spool.close();
    const batches: number[][] = [];
    for await (const b of spool.batches(10)) batches.push(b);
    expect(batches).toEqual([]);
    await expect(spool.add(1)).rejects.toThrow(/after close/);
    await spool.remove();
  });

  it('throws a write that fails at the next call instead of crashing the process', async () => {
    const spool = rowSpool<string>(join(fileIn(), 'no-such-folder', 'rows'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(spool.close()).rejects.toThrow(/ENOENT/);
    await spool.remove();
  });
});
