import type { AppContext } from '../app/context.js';

/** Loads the demo data; with ifEmpty, only into a database that has no party yet. Returns whether it loaded. */
export async function loadDemo(_ctx: AppContext, _opts: { ifEmpty: boolean }): Promise<boolean> {
  return false;
}
