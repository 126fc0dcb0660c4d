import { DomainError } from '../domain/errors.js';
import type { Actor, AppContext } from './context.js';
import { exportPlan, type ImportOptions, importPlan } from './exchange.usecases.js';

// The workbook library (ExcelJS) loads on first use, not with the server: a larger heap makes the
// garbage collection that every ordinary request causes slower.
const workbooks = () => import('../documents/plan-workbook.js');

/** The plan as a workbook of the documented template, with what the actor may read. */
export async function exportPlanWorkbook(ctx: AppContext, actor: Actor, planId: string) {
  const { planWorkbook } = await workbooks();
  return planWorkbook(await exportPlan(ctx, actor, planId));
}

/**
 * Imports a plan workbook all or nothing, as the exchange file it reads as:
 * through the same use cases and rules, dry run included; every problem names
 * its sheet, row and column.
 */
export async function importPlanWorkbook(ctx: AppContext, actor: Actor, buffer: Buffer, options: ImportOptions = {}) {
  const { cellOf, readPlanWorkbook } = await workbooks();
  const read = await readPlanWorkbook(buffer);
  try {
    return await importPlan(ctx, actor, read.data, options);
  } catch (err) {
    if (!(err instanceof DomainError) || err.kind !== 'invalid') throw err;
    // The same problem, its issues pointed at the cells they come from.
    throw new DomainError(
      'invalid',
      err.message,
      err.issues.map((issue) => {
        const cell = cellOf(issue.path, read.rows);
        const where = [cell.sheet, cell.row === null ? null : `row ${cell.row}`, cell.column].filter(Boolean).join(', ');
        return { ...issue, path: where, message: `${issue.message} (${issue.path})`, ...cell };
      }),
      err.code,
      err.params,
    );
  }
}
