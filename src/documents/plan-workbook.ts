import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { ACTIVITY_STATUSES } from '../domain/activity.lifecycle.js';
import { ACTIVITY_TYPES, DOMAINS } from '../domain/activity.schema.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION, type ExchangeFile } from '../domain/exchange.schema.js';
import { CLASSIFICATIONS, type Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText, portionMarking } from '../domain/marking.js';
import { PRECISIONS } from '../domain/period.js';
import { PLAN_STATUSES } from '../domain/plan.lifecycle.js';
import { issue, problem, type ThrowableCode } from '../domain/problems.js';
import { WORKBOOK_LIMITS } from './workbook-limits.js';

/**
 * The plan workbook: the exchange file (domain/exchange.schema.ts) laid out
 * as spreadsheets are exchanged between liaison offices — a "Plan" sheet of
 * fields and values, and an "Activities" sheet with one row per activity.
 * docs/plan-workbook.md describes every column.
 */

type Kind = 'text' | 'number' | 'list' | 'date';
interface Column {
  header: string;
  /** Where the value sits in an activity (or the plan) of the exchange file. */
  path: string;
  kind: Kind;
  width: number;
  choices?: readonly string[];
}

const texts = (field: string, width: number): Column[] =>
  (['fr', 'en', 'ar', 'he'] as const).map((l) => ({
    header: `${field}_${l}`,
    path: `${field}.${l}`,
    kind: 'text' as const,
    width,
  }));

export const ACTIVITY_COLUMNS: Column[] = [
  { header: 'refCode', path: 'refCode', kind: 'text', width: 16 },
  ...texts('title', 40),
  ...texts('description', 50),
  { header: 'type', path: 'type', kind: 'text', width: 20, choices: ACTIVITY_TYPES },
  { header: 'domain', path: 'domain', kind: 'text', width: 14, choices: DOMAINS },
  { header: 'leadParty', path: 'leadParty', kind: 'text', width: 10 },
  { header: 'participatingParties', path: 'participatingParties', kind: 'list', width: 18 },
  { header: 'location', path: 'location', kind: 'text', width: 18 },
  { header: 'plannedStart', path: 'plannedPeriod.start', kind: 'date', width: 12 },
  { header: 'plannedEnd', path: 'plannedPeriod.end', kind: 'date', width: 12 },
  { header: 'precision', path: 'plannedPeriod.precision', kind: 'text', width: 10, choices: PRECISIONS },
  { header: 'priority', path: 'priority', kind: 'number', width: 8, choices: ['1', '2', '3'] },
  { header: 'status', path: 'status', kind: 'text', width: 12, choices: ACTIVITY_STATUSES },
  { header: 'actualStart', path: 'actualStart', kind: 'date', width: 12 },
  { header: 'actualEnd', path: 'actualEnd', kind: 'date', width: 12 },
  { header: 'postponements', path: 'postponements', kind: 'number', width: 8 },
  { header: 'classification', path: 'classification', kind: 'text', width: 16, choices: CLASSIFICATIONS },
  { header: 'releasableTo', path: 'releasableTo', kind: 'list', width: 14 },
  { header: 'compartments', path: 'compartments', kind: 'list', width: 14 },
  { header: 'sourceId', path: 'sourceId', kind: 'text', width: 38 },
  { header: 'id', path: 'id', kind: 'text', width: 38 },
];

export const PLAN_FIELDS: Column[] = [
  { header: 'id', path: 'id', kind: 'text', width: 0 },
  { header: 'commissionId', path: 'commissionId', kind: 'text', width: 0 },
  { header: 'sessionId', path: 'sessionId', kind: 'text', width: 0 },
  ...texts('title', 0),
  { header: 'periodStart', path: 'periodStart', kind: 'date', width: 0 },
  { header: 'periodEnd', path: 'periodEnd', kind: 'date', width: 0 },
  { header: 'status', path: 'status', kind: 'text', width: 0, choices: PLAN_STATUSES },
  { header: 'classification', path: 'classification', kind: 'text', width: 0, choices: CLASSIFICATIONS },
  { header: 'releasableTo', path: 'releasableTo', kind: 'list', width: 0 },
  { header: 'compartments', path: 'compartments', kind: 'list', width: 0 },
  { header: 'sourceId', path: 'sourceId', kind: 'text', width: 0 },
];

const get = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);

function set(o: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) {
    at[k] ??= {};
    at = at[k] as Record<string, unknown>;
  }
  at[keys.at(-1) ?? path] = value;
}

const toCell = (c: Column, v: unknown) =>
  v === null || v === undefined ? null : c.kind === 'list' ? (v as string[]).join(', ') : v;

/** The colours of the levels, as the web app shows them. */
const LEVEL_COLOURS: Record<Label['classification'], { fill: string; font: string }> = {
  UNCLASSIFIED: { fill: 'FF007A33', font: 'FFFFFFFF' },
  RESTRICTED: { fill: 'FF5B3F8C', font: 'FFFFFFFF' },
  CONFIDENTIAL: { fill: 'FF0033A0', font: 'FFFFFFFF' },
  SECRET: { fill: 'FFC8102E', font: 'FFFFFFFF' },
  TOP_SECRET: { fill: 'FFF7A600', font: 'FF111111' },
};

/**
 * Marks a sheet with the workbook's marking: in a cell of its header row (the
 * first of the Activities sheet, the third of the Plan sheet, whose first two
 * are read as field and value), coloured by level, and in the header and
 * footer of every printed page. The marking cell's column holds the portion
 * marking of each row's record; an import ignores it (its header is no column
 * of the template).
 */
export function markSheet(sheet: ExcelJS.Worksheet, address: string, text: string, level: Label['classification']) {
  const cell = sheet.getCell(address);
  const colours = LEVEL_COLOURS[level];
  cell.font = { bold: true, color: { argb: colours.font } };
  cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: colours.fill } };
  // "&" starts a code in Excel's header and footer text.
  const printed = text.replace(/&/g, '&&');
  sheet.headerFooter = {
    oddHeader: `&C&B${printed}`,
    oddFooter: `&C&B${printed}&R&P / &N`,
  };
}

/**
 * The plan as a workbook; the rows hold exactly what the exchange file holds,
 * and each sheet carries the workbook's high-water marking and each row its
 * record's portion marking.
 */
export async function planWorkbook(file: ExchangeFile): Promise<Buffer> {
  const owner = file.plan.ownerParty ?? file.exportedBy?.party ?? '';
  const labelOf = (r: {
    ownerParty?: string | undefined;
    classification: Label['classification'];
    releasableTo: string[];
    compartments: string[];
  }): Label => ({
    ownerParty: r.ownerParty ?? owner,
    classification: r.classification,
    releasableTo: r.releasableTo,
    compartments: r.compartments,
  });
  const marking = documentMarking([labelOf(file.plan), ...file.activities.map(labelOf)]);
  const markingText = documentMarkingText(marking);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'JointPlan';
  const plan = wb.addWorksheet('Plan');
  plan.columns = [
    { header: 'field', key: 'field', width: 18 },
    { header: 'value', key: 'value', width: 60 },
    { header: markingText, key: 'marking', width: 30 },
  ];
  // Every row of the Plan sheet is a field of the plan: each carries the plan's portion marking.
  const planPortion = portionMarking(labelOf(file.plan));
  plan.addRow({ field: 'format', value: `${EXCHANGE_FORMAT}@${EXCHANGE_VERSION}`, marking: planPortion });
  for (const f of PLAN_FIELDS) plan.addRow({ field: f.header, value: toCell(f, get(file.plan, f.path)), marking: planPortion });
  plan.getRow(1).font = { bold: true };
  markSheet(plan, 'C1', markingText, marking.classification);

  const sheet = wb.addWorksheet('Activities', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  sheet.columns = [
    { header: markingText, key: 'marking', width: 30 },
    ...ACTIVITY_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width })),
  ];
  for (const a of file.activities)
    sheet.addRow({
      marking: portionMarking(labelOf(a)),
      ...Object.fromEntries(ACTIVITY_COLUMNS.map((c) => [c.header, toCell(c, get(a, c.path))])),
    });
  for (const [i, c] of ACTIVITY_COLUMNS.entries()) {
    if (!c.choices) continue;
    // A drop-down of the allowed values on every row of the table and some free rows below it.
    const letter = sheet.getColumn(i + 2).letter;
    for (let row = 2; row <= file.activities.length + 200; row++)
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
      };
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ACTIVITY_COLUMNS.length + 1 } };
  markSheet(sheet, 'A1', markingText, marking.classification);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function parse(c: Column, raw: string | number | null): unknown {
  if (raw === null) return undefined;
  if (c.kind === 'list')
    return String(raw)
      .split(/[,;]/)
      .map((s) => s.trim())
      .filter(Boolean);
  if (c.kind === 'number') return typeof raw === 'number' ? raw : /^-?\d+$/.test(raw) ? Number(raw) : raw;
  return typeof raw === 'number' ? String(raw) : raw;
}

/** A workbook that cannot be read as the template: nothing in it was judged yet. */
export class WorkbookError extends DomainError {
  constructor(code: ThrowableCode, issues: FieldIssue[]) {
    const refused = problem(code, {}, issues);
    super(refused.kind, refused.message, issues, refused.code, refused.params);
  }
}

const MIB = 1024 * 1024;
/** Over a limit of {@link WORKBOOK_LIMITS}, which `params` name. */
const tooLarge = (code: ThrowableCode, params: Record<string, string | number>) =>
  problem(code, params, [issue('(file)', code, params)]);

/**
 * The number of parts and their unpacked size that a zip file (an .xlsx is
 * one) declares in its central directory, or null if it is not a zip. Read
 * before unpacking anything; a file that understates them is stopped by the
 * reader's own memory limit instead.
 */
export function declaredZipContents(buf: Buffer): { parts: number; bytes: number } | null {
  for (let end = buf.length - 22; end >= Math.max(0, buf.length - 65_557); end--) {
    if (buf.readUInt32LE(end) !== 0x06054b50) continue;
    const parts = buf.readUInt16LE(end + 10);
    let at = buf.readUInt32LE(end + 16);
    let bytes = 0;
    for (let n = 0; n < parts; n++) {
      if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) return null;
      // A ZIP64 part says 0xFFFFFFFF here, which is over any limit, as it should be.
      bytes += buf.readUInt32LE(at + 24);
      at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    }
    return { parts, bytes };
  }
  return null;
}

export type RawRow = [row: number, cells: (string | number | null)[]];
type WorkerAnswer = { sheets: Record<string, RawRow[]> } | { error: 'not_xlsx' | 'missing_sheet' | 'rows' | 'cells' };

let reading = 0;

/** The problem and field issue answered when a sheet is missing: by default those of the plan's template. */
export type MissingSheet = { code: ThrowableCode; field: ThrowableCode };
const PLAN_SHEETS_MISSING: MissingSheet = { code: 'import.missing_sheets', field: 'import.missing_sheets_field' };

/** The cells of the named sheets, read in a worker thread within {@link WORKBOOK_LIMITS}. */
export async function readSheets(
  buffer: Buffer,
  sheets: string[],
  missing: MissingSheet = PLAN_SHEETS_MISSING,
): Promise<Record<string, RawRow[]>> {
  if (buffer.length > WORKBOOK_LIMITS.bytes) throw tooLarge('import.workbook_too_large', { mib: WORKBOOK_LIMITS.bytes / MIB });
  const zip = declaredZipContents(buffer);
  if (!zip) throw new WorkbookError('import.not_xlsx', [issue('(file)', 'import.not_xlsx_field')]);
  if (zip.bytes > WORKBOOK_LIMITS.unpackedBytes)
    throw tooLarge('import.workbook_unpacks_too_large', { mib: WORKBOOK_LIMITS.unpackedBytes / MIB });
  if (reading >= WORKBOOK_LIMITS.parallel) throw problem('import.workbooks_busy', { count: WORKBOOK_LIMITS.parallel });
  reading++;
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      const worker = new Worker(new URL('./workbook-reader.worker.mjs', import.meta.url), {
        workerData: { buffer, sheets, maxRows: WORKBOOK_LIMITS.rows, maxCells: WORKBOOK_LIMITS.cells },
        resourceLimits: { maxOldGenerationSizeMb: WORKBOOK_LIMITS.memoryMb },
      });
      const timer = setTimeout(() => {
        void worker.terminate();
        reject(
          problem('import.workbook_too_slow', { seconds: WORKBOOK_LIMITS.seconds }, [
            issue('(file)', 'import.workbook_too_slow_field', { seconds: WORKBOOK_LIMITS.seconds }),
          ]),
        );
      }, WORKBOOK_LIMITS.seconds * 1000);
      worker.once('message', (m: WorkerAnswer) => {
        clearTimeout(timer);
        resolve(m);
        void worker.terminate();
      });
      worker.once('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge('import.workbook_memory', { mb: WORKBOOK_LIMITS.memoryMb }) : err,
        );
      });
    });
    if ('sheets' in answer) return answer.sheets;
    switch (answer.error) {
      case 'not_xlsx':
        throw new WorkbookError('import.not_xlsx', [issue('(file)', 'import.not_xlsx_field')]);
      case 'missing_sheet':
        throw new WorkbookError(missing.code, [issue('(file)', missing.field)]);
      case 'rows':
        throw tooLarge('import.workbook_rows', { rows: WORKBOOK_LIMITS.rows.toLocaleString('en') });
      case 'cells':
        throw tooLarge('import.workbook_cells', { cells: WORKBOOK_LIMITS.cells.toLocaleString('en') });
    }
  } finally {
    reading--;
  }
}

/**
 * Reads a plan workbook back into an exchange file, with the sheet row of
 * each activity. Empty cells are left out so that the file's defaults apply;
 * values are not judged here — the import checks them and `cellOf` turns its
 * paths back into cells. A workbook past {@link WORKBOOK_LIMITS} answers 413
 * (422 for one that takes too long), naming the limit.
 */
export async function readPlanWorkbook(buffer: Buffer): Promise<{ data: unknown; rows: number[] }> {
  const { Plan: planRows = [], Activities: activityRows = [] } = await readSheets(buffer, ['Plan', 'Activities']);
  const plan: Record<string, unknown> = {};
  for (const [n, cells] of planRows) {
    if (n === 1) continue;
    const field = PLAN_FIELDS.find((f) => f.header === cells[0]);
    const value = field ? parse(field, cells[1] ?? null) : undefined;
    if (field && value !== undefined) set(plan, field.path, value);
  }
  const headers = activityRows.find(([n]) => n === 1)?.[1] ?? [];
  const missing = ACTIVITY_COLUMNS.filter((c) => c.header !== 'id' && c.header !== 'sourceId' && !headers.includes(c.header));
  const required = missing.filter((c) =>
    ['refCode', 'type', 'domain', 'leadParty', 'plannedStart', 'plannedEnd', 'status'].includes(c.header),
  );
  if (required.length)
    throw new WorkbookError(
      'import.missing_columns',
      required.map((c) => issue('Activities!1', 'import.missing_column', { column: c.header })),
    );
  const activities: Record<string, unknown>[] = [];
  // The sheet row of each activity, to point problems at their cells; blank rows are skipped.
  const rows: number[] = [];
  for (const [n, cells] of activityRows) {
    if (n === 1) continue;
    const a: Record<string, unknown> = {};
    for (const c of ACTIVITY_COLUMNS) {
      const index = headers.indexOf(c.header);
      if (index < 0) continue;
      const value = parse(c, cells[index] ?? null);
      if (value !== undefined) set(a, c.path, value);
    }
    if (Object.keys(a).length === 0) continue;
    activities.push(a);
    rows.push(n);
  }
  return { data: { format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, plan, activities }, rows };
}

/**
 * The cell a problem of the import points at: `activities[12].plannedPeriod.end`
 * is row 14 of the Activities sheet, column plannedEnd.
 */
export function cellOf(path: string, rows: readonly number[]): { sheet: string; row: number | null; column: string | null } {
  const m = /^activities\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (m) {
    const rest = m[2] ?? '';
    const column =
      ACTIVITY_COLUMNS.find((c) => c.path === rest) ?? ACTIVITY_COLUMNS.find((c) => rest && c.path.startsWith(`${rest}.`));
    return { sheet: 'Activities', row: rows[Number(m[1])] ?? null, column: column?.header ?? null };
  }
  const p = /^plan(?:\.(.+))?$/.exec(path);
  if (p) {
    const rest = p[1] ?? '';
    const index = PLAN_FIELDS.findIndex((f) => f.path === rest || (rest && f.path.startsWith(`${rest}.`)));
    return { sheet: 'Plan', row: index < 0 ? null : index + 3, column: 'value' };
  }
  return { sheet: 'Plan', row: null, column: null };
}
