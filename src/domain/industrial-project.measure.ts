/**
 * The history of an industrial project's jobs created and local content
 * reached: each change is a dated measurement (the value, the day it holds
 * as of, who recorded it, where it comes from and a note), so that a project
 * shows how they grew. The project's own figures are its latest measurements:
 * the one of the latest as-of day, and of those the last recorded.
 */
import { z } from 'zod';
import { versionSchema } from './common.schema.js';
import { basisPointsToPercent, percentSchema } from './industrial-project.schema.js';
import { isoDateSchema } from './period.js';
import { refusing } from './problems.js';
import { NAMED_IF_OWN_PARTY, userIdFor } from './user-naming.js';

export const PROJECT_MEASURES = ['jobs_created', 'local_content_reached'] as const;
export type ProjectMeasure = (typeof PROJECT_MEASURES)[number];

/** How a measurement came: added as one, with the project created or edited, or carried in by migration 0035. */
export const MEASUREMENT_ORIGINS = ['measurement', 'project', 'carried_in'] as const;
export type MeasurementOrigin = (typeof MEASUREMENT_ORIGINS)[number];

export const measurementCreateSchema = z
  .strictObject({
    asOf: isoDateSchema.describe('The day the figures hold as of: today or before'),
    jobsCreated: z.number().int().min(0).max(1_000_000_000).optional().describe('Jobs created by that day'),
    localContentReached: percentSchema.optional().describe('Local content reached by that day, in percent'),
    note: z.string().trim().min(1).max(2000).optional().describe('Where the figures come from: a report, an audit'),
    version: versionSchema.optional(),
  })
  .refine((m) => m.jobsCreated !== undefined || m.localContentReached !== undefined, refusing('field.required', ['jobsCreated']));
export type MeasurementCreate = z.infer<typeof measurementCreateSchema>;

const measurementFields = {
  id: z.string(),
  asOf: z.string().describe('The day the value holds as of'),
  recordedAt: z.string().describe('When it was recorded'),
  party: z.string().nullable().describe("The recorder's party; null for a value carried in from before measurements were kept"),
  userId: z.string().nullable().describe(`The recorder's account; null for a value carried in, and ${NAMED_IF_OWN_PARTY}`),
  origin: z
    .enum(MEASUREMENT_ORIGINS)
    .describe(
      'measurement: added as one; project: the project created or edited with it; carried_in: the value the project had when measurements began to be kept',
    ),
  note: z.string().nullable(),
};

export const projectMeasurementsSchema = z
  .object({
    id: z.string(),
    version: z.number(),
    jobsCreated: z.array(z.object({ ...measurementFields, value: z.number() })),
    localContentReached: z.array(
      z.object({ ...measurementFields, value: z.string().describe('Percentage as a decimal string with two decimals') }),
    ),
  })
  .describe(
    "The project's measurements of jobs created and local content reached, each oldest first (as-of day, then recording): the last one is the project's figure",
  );
export type ProjectMeasurements = z.infer<typeof projectMeasurementsSchema>;

/** A measurement as the store gives it: the value in jobs, or in basis points for local content. */
export interface MeasurementRecord {
  id: string;
  measure: ProjectMeasure;
  value: number;
  asOf: string;
  recordedAt: string;
  party: string | null;
  userId: string | null;
  origin: MeasurementOrigin;
  note: string | null;
}

/** The latest of measurements of one measure: of the latest as-of day, the last recorded; undefined if none. */
export function latestMeasurement<M extends Pick<MeasurementRecord, 'asOf' | 'recordedAt' | 'id'>>(
  ms: readonly M[],
): M | undefined {
  let best: M | undefined;
  for (const m of ms)
    if (!best || [m.asOf, m.recordedAt, m.id].join('\u0000') > [best.asOf, best.recordedAt, best.id].join('\u0000')) best = m;
  return best;
}

/** The measurements as a reader of `readerParty` reads them: the recorder named only to a reader of their party. */
export function presentMeasurements(
  id: string,
  version: number,
  ms: readonly MeasurementRecord[],
  readerParty: string,
): ProjectMeasurements {
  const common = ({ measure: _m, value: _v, ...m }: MeasurementRecord) => ({
    ...m,
    userId: userIdFor(readerParty, m.party, m.userId),
  });
  return {
    id,
    version,
    jobsCreated: ms.filter((m) => m.measure === 'jobs_created').map((m) => ({ ...common(m), value: m.value })),
    localContentReached: ms
      .filter((m) => m.measure === 'local_content_reached')
      .map((m) => ({ ...common(m), value: basisPointsToPercent(m.value) })),
  };
}
