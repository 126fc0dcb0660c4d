import type { Activity } from '../api/types.js';

/** Hands a file made in the browser to the reader, as a download. */
export function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A table as the reader sees it: the headers and each row's cells as text. */
export interface TableText {
  headers: string[];
  rows: string[][];
}

// Each writer is fetched on first use: none of them weighs on the pages that do not export.

export async function tableToCsv(table: TableText): Promise<Blob> {
  const { default: Papa } = await import('papaparse');
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (accents, Arabic, Hebrew).
  return new Blob(['\uFEFF', Papa.unparse({ fields: table.headers, data: table.rows })], { type: 'text/csv;charset=utf-8' });
}

export async function tableToXlsx(table: TableText, sheetName: string, rtl: boolean): Promise<Blob> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, rightToLeft: rtl }] });
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((col, i) => {
    const longest = Math.max(table.headers[i]?.length ?? 0, ...table.rows.slice(0, 200).map((r) => r[i]?.length ?? 0));
    col.width = Math.min(60, Math.max(10, longest + 2));
  });
  const buffer = await workbook.xlsx.writeBuffer();
  return new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const dayAfter = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d;
};

/** Activities as all-day events over their planned (or actual) dates, for any calendar program. */
export async function activitiesToIcs(activities: Activity[], calendarName: string, title: (a: Activity) => string) {
  const { default: ical } = await import('ical-generator');
  const calendar = ical({ name: calendarName, prodId: { company: 'JointPlan', product: 'JointPlan', language: 'EN' } });
  for (const a of activities) {
    const start = a.actualStart ?? a.plannedPeriod.start;
    const end = a.actualEnd ?? (a.actualStart ? a.actualStart : a.plannedPeriod.end);
    calendar.createEvent({
      id: `${a.id}@jointplan`,
      start: new Date(`${start}T00:00:00Z`),
      end: dayAfter(end),
      allDay: true,
      summary: `${a.refCode} ${title(a)}`,
      location: a.location ?? undefined,
      stamp: new Date(a.updatedAt),
    });
  }
  return new Blob([calendar.toString()], { type: 'text/calendar;charset=utf-8' });
}
