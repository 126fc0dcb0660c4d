import ExcelJS from 'exceljs';
import { ACTIVITY_STATUSES } from '../domain/activity.lifecycle.js';
import { ACTIVITY_TYPES, DOMAINS } from '../domain/activity.schema.js';
import type { FieldIssue } from '../domain/errors.js';
import { EXCHANGE_FORMAT, EXCHANGE_VERSION, type ExchangeFile } from '../domain/exchange.schema.js';
import { CLASSIFICATIONS } from '../domain/labels.js';
import { PRECISIONS } from '../domain/period.js';
import { PLAN_STATUSES } from '../domain/plan.lifecycle.js';

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

/** The plan as a workbook; the rows hold exactly what the exchange file holds. */
export async function planWorkbook(file: ExchangeFile): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'JointPlan';
  const plan = wb.addWorksheet('Plan');
  plan.columns = [
    { header: 'field', key: 'field', width: 18 },
    { header: 'value', key: 'value', width: 60 },
  ];
  plan.addRow({ field: 'format', value: `${EXCHANGE_FORMAT}@${EXCHANGE_VERSION}` });
  for (const f of PLAN_FIELDS) plan.addRow({ field: f.header, value: toCell(f, get(file.plan, f.path)) });

  const sheet = wb.addWorksheet('Activities', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.columns = ACTIVITY_COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  for (const a of file.activities)
    sheet.addRow(Object.fromEntries(ACTIVITY_COLUMNS.map((c) => [c.header, toCell(c, get(a, c.path))])));
  for (const [i, c] of ACTIVITY_COLUMNS.entries()) {
    if (!c.choices) continue;
    // A drop-down of the allowed values on every row of the table and some free rows below it.
    const letter = sheet.getColumn(i + 1).letter;
    for (let row = 2; row <= file.activities.length + 200; row++)
      sheet.getCell(`${letter}${row}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${c.choices.join(',')}"`],
        showErrorMessage: true,
      };
  }
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ACTIVITY_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function cellValue(cell: ExcelJS.Cell): string | number | null {
  const v = cell.value;
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'string') return typeof v === 'string' ? v.trim() || null : v;
  if (typeof v === 'boolean') return String(v);
  if ('richText' in v)
    return (
      v.richText
        .map((r) => r.text)
        .join('')
        .trim() || null
    );
  if ('text' in v && typeof v.text === 'string') return v.text.trim() || null;
  if ('result' in v)
    return v.result instanceof Date ? v.result.toISOString().slice(0, 10) : ((v.result as string | number | undefined) ?? null);
  return cell.text.trim() || null;
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

export class WorkbookError extends Error {
  constructor(
    message: string,
    readonly issues: FieldIssue[],
  ) {
    super(message);
  }
}

/**
 * Reads a plan workbook back into an exchange file, with the sheet row of
 * each activity. Empty cells are left out so that the file's defaults apply;
 * values are not judged here — the import checks them and `cellOf` turns its
 * paths back into cells.
 */
export async function readPlanWorkbook(buffer: Buffer): Promise<{ data: unknown; rows: number[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookError('The file is not an Excel workbook (.xlsx)', [{ path: '(file)', message: 'not an .xlsx workbook' }]);
  }
  const planSheet = wb.getWorksheet('Plan');
  const sheet = wb.getWorksheet('Activities');
  if (!planSheet || !sheet)
    throw new WorkbookError('The workbook needs the sheets "Plan" and "Activities" of the JointPlan template', [
      { path: '(file)', message: 'missing sheet Plan or Activities' },
    ]);
  const plan: Record<string, unknown> = {};
  planSheet.eachRow((row, n) => {
    if (n === 1) return;
    const field = PLAN_FIELDS.find((f) => f.header === cellValue(row.getCell(1)));
    const value = field ? parse(field, cellValue(row.getCell(2))) : undefined;
    if (field && value !== undefined) set(plan, field.path, value);
  });
  const headers = (sheet.getRow(1).values as unknown[]).map((h) => (typeof h === 'string' ? h.trim() : h));
  const missing = ACTIVITY_COLUMNS.filter((c) => c.header !== 'id' && c.header !== 'sourceId' && !headers.includes(c.header));
  const required = missing.filter((c) =>
    ['refCode', 'type', 'domain', 'leadParty', 'plannedStart', 'plannedEnd', 'status'].includes(c.header),
  );
  if (required.length)
    throw new WorkbookError(
      'The Activities sheet lacks columns of the template',
      required.map((c) => ({ path: 'Activities!1', message: `missing column ${c.header}` })),
    );
  const activities: Record<string, unknown>[] = [];
  // The sheet row of each activity, to point problems at their cells; blank rows are skipped.
  const rows: number[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const a: Record<string, unknown> = {};
    for (const c of ACTIVITY_COLUMNS) {
      const index = headers.indexOf(c.header);
      if (index < 1) continue;
      const value = parse(c, cellValue(row.getCell(index)));
      if (value !== undefined) set(a, c.path, value);
    }
    if (Object.keys(a).length === 0) return;
    activities.push(a);
    rows.push(n);
  });
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
