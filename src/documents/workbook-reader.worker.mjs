// Reads the cells of an uploaded workbook in a worker thread, so that a large
// or hostile workbook costs this thread's time and memory (both bounded by
// whoever starts it), never the server's event loop. Plain JavaScript: a
// worker does not inherit the TypeScript loader of the server.
import { parentPort, workerData } from 'node:worker_threads';
import ExcelJS from 'exceljs';

const { buffer, sheets, maxRows, maxCells } = workerData;

const text = (s) => s.trim() || null;

/** A cell as text, number or null; dates as YYYY-MM-DD. */
function cellValue(cell) {
  const v = cell.value;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return text(v);
  if (typeof v === 'boolean') return String(v);
  if ('richText' in v) return text(v.richText.map((r) => r.text).join(''));
  if ('text' in v && typeof v.text === 'string') return text(v.text);
  if ('result' in v) return v.result instanceof Date ? v.result.toISOString().slice(0, 10) : (v.result ?? null);
  return text(cell.text);
}

async function read() {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(buffer));
  } catch {
    return { error: 'not_xlsx' };
  }
  const out = {};
  let rows = 0;
  let cells = 0;
  for (const name of sheets) {
    const sheet = wb.getWorksheet(name);
    if (!sheet) return { error: 'missing_sheet' };
    const found = [];
    let over = null;
    sheet.eachRow((row, n) => {
      if (over) return;
      rows++;
      cells += row.cellCount;
      if (rows > maxRows) over = 'rows';
      else if (cells > maxCells) over = 'cells';
      else found.push([n, Array.from({ length: row.cellCount }, (_, i) => cellValue(row.getCell(i + 1)))]);
    });
    if (over) return { error: over };
    out[name] = found;
  }
  return { sheets: out };
}

parentPort.postMessage(await read());
