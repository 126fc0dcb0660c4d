/** The day the generated data set's dates are relative to. */
export const GENERATED_AS_OF = '2026-07-01';
/** The most activities `generate` makes. */
export const MAX_ACTIVITIES = 10_000_000;
