import ExcelJS from 'exceljs';
import type { Label } from '../domain/labels.js';
import { documentMarking, documentMarkingText } from '../domain/marking.js';
import { markSheet } from './plan-workbook.js';

/**
 * A workbook that carries the high-water marking of `labels`: every sheet made
 * through it has the rows' marking as its first column, under a header cell
 * that holds the workbook's, and on writing each gets a bold header row and that
 * marking in its header cell and in the header and footer of every printed page.
 */
export function markedWorkbook(labels: readonly Label[]) {
  const marking = documentMarking([...labels]);
  const markingText = documentMarkingText(marking);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'JointPlan';
  const sheets: ExcelJS.Worksheet[] = [];
  return {
    wb,
    markingText,
    /** A sheet whose first column, `marking`, is `markingWidth` wide, followed by `columns`. */
    sheet(name: string, columns: Partial<ExcelJS.Column>[], options?: Partial<ExcelJS.AddWorksheetOptions>, markingWidth = 30) {
      const sheet = wb.addWorksheet(name, options);
      sheet.columns = [{ header: markingText, key: 'marking', width: markingWidth }, ...columns];
      sheets.push(sheet);
      return sheet;
    },
    /** The workbook's bytes, each sheet marked. */
    async write(): Promise<Buffer> {
      for (const sheet of sheets) {
        sheet.getRow(1).font = { bold: true };
        markSheet(sheet, 'A1', markingText, marking.classification);
      }
      return Buffer.from(await wb.xlsx.writeBuffer());
    },
  };
}
