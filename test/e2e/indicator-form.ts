import type { Locator } from 'playwright-core';

/** The fields of the new-indicator form that a planner types in, by their key in the `resultsEdit` texts. */
const FIELDS = ['indicatorName', 'unit', 'baselineValue', 'baselineDate', 'targetValue', 'targetDate'] as const;

/** What a planner types in the new-indicator form. */
export type IndicatorTyped = Record<(typeof FIELDS)[number], string>;

/** Types `typed` into the new-indicator `form`, each field found by its label in `labels` (the page's `resultsEdit` texts). */
export async function fillIndicatorForm(form: Locator, labels: IndicatorTyped, typed: IndicatorTyped) {
  for (const field of FIELDS) await form.getByLabel(labels[field]).fill(typed[field]);
}
