import { z } from 'zod';
import {
  idSchema,
  labelFields,
  labelledPatchSchema,
  localizedTextSchema,
  recordMetaSchema,
  versionSchema,
} from './common.schema.js';
import { labelSchema } from './labels.js';
import { isoDateSchema } from './period.js';
import { refusing } from './problems.js';

/** How often an indicator is measured, as a results framework states it; `once` is measured at its target date. */
export const INDICATOR_FREQUENCIES = ['monthly', 'quarterly', 'half-yearly', 'yearly', 'once'] as const;
export const indicatorFrequencySchema = z.enum(INDICATOR_FREQUENCIES).describe('How often the indicator is measured');
export type IndicatorFrequency = z.infer<typeof indicatorFrequencySchema>;
/** The frequency of an indicator created without one, and of those created before indicators had one. */
export const DEFAULT_INDICATOR_FREQUENCY: IndicatorFrequency = 'yearly';

const indicatorFields = {
  name: z.string().trim().min(1).max(300),
  unit: z.string().trim().min(1).max(50),
  baselineValue: z.number().finite(),
  baselineDate: isoDateSchema,
  targetValue: z.number().finite(),
  targetDate: isoDateSchema,
  frequency: indicatorFrequencySchema,
};

export const indicatorCreateSchema = z
  .strictObject({
    ...indicatorFields,
    frequency: indicatorFrequencySchema.optional().describe('How often the indicator is measured; yearly when not given'),
    ...labelFields,
  })
  .refine((i) => i.targetDate >= i.baselineDate, refusing('indicator.not_before_baseline', ['targetDate']));
export type IndicatorCreate = z.infer<typeof indicatorCreateSchema>;

/** Any subset of an indicator's fields, with the version the change was based on. */
export const indicatorPatchSchema = labelledPatchSchema(indicatorFields).refine(
  (i) => !i.baselineDate || !i.targetDate || i.targetDate >= i.baselineDate,
  refusing('indicator.not_before_baseline', ['targetDate']),
);
export type IndicatorPatch = z.infer<typeof indicatorPatchSchema>;

const reasonSchema = z.string().trim().min(1).max(2000).describe('Why the measurement was wrong: kept with it');

/**
 * A correction of a recorded measurement: the new values and why. The wrong
 * one is kept, withdrawn, beside the one that replaces it.
 */
export const measurementCorrectionSchema = z.strictObject({
  date: isoDateSchema.optional(),
  value: z.number().finite().optional(),
  sourceId: idSchema.nullable().optional(),
  reason: reasonSchema,
  version: versionSchema.optional().describe("The indicator's version, as read"),
});
export type MeasurementCorrection = z.infer<typeof measurementCorrectionSchema>;

/** Withdrawing a wrong measurement: why, and the indicator's version as read. */
export const measurementWithdrawalQuerySchema = z.strictObject({
  reason: reasonSchema,
  version: z.coerce.number().pipe(versionSchema).optional().describe("The indicator's version, as read"),
});

export const measurementCreateSchema = z.strictObject({
  date: isoDateSchema,
  value: z.number().finite(),
  sourceId: idSchema.nullable().default(null),
});

export const measurementSchema = z.object({
  id: z.string(),
  date: z.string(),
  value: z.number(),
  sourceId: z.string().nullable(),
  recordedAt: z.string(),
  corrects: z.string().nullable().describe('The withdrawn measurement this one corrects, if any'),
});

export const withdrawnMeasurementSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    value: z.number(),
    sourceId: z.string().nullable(),
    recordedAt: z.string(),
    withdrawnAt: z.string(),
    reason: z.string(),
    replacedBy: z.string().nullable().describe('The measurement that corrected it; null when it was withdrawn outright'),
  })
  .describe('A measurement found wrong: it no longer counts, and is kept to explain the figures shown before');

export const indicatorSchema = recordMetaSchema
  .extend({
    objectiveId: z.string(),
    name: z.string(),
    unit: z.string(),
    baselineValue: z.number(),
    baselineDate: z.string(),
    targetValue: z.number(),
    targetDate: z.string(),
    frequency: indicatorFrequencySchema,
    nextMeasurementDue: z
      .string()
      .nullable()
      .describe(
        'When the next measurement is due at the indicator’s frequency: a period after the latest one (or the baseline), at the latest on the target date; null once the target date is measured',
      ),
    measurementOverdue: z.boolean().describe('The next measurement was due before the date asked'),
    measurements: z.array(measurementSchema).describe('Measurements that count, oldest first'),
    withdrawnMeasurements: z.array(withdrawnMeasurementSchema),
    progress: z
      .number()
      .nullable()
      .describe('From baseline (0) to target (1), as of the date asked; null before any measurement'),
  })
  .describe('Indicator of an objective');
export type Indicator = z.infer<typeof indicatorSchema>;

export const resultsSchema = z
  .object({
    planId: z.string(),
    asOf: z.string(),
    objectives: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        title: localizedTextSchema(300),
        description: z.record(z.string(), z.string()),
        ...labelSchema.shape,
        indicators: z.array(indicatorSchema),
        activities: z.object({ total: z.number().int(), done: z.number().int(), executionRate: z.number().nullable() }),
        linkedActivities: z
          .array(
            z.object({
              id: z.string(),
              refCode: z.string(),
              title: localizedTextSchema(300),
              status: z.string(),
              ...labelSchema.shape,
            }),
          )
          .describe('The activities that serve the objective, among those the reader may read, each with its label'),
        linkedProgrammes: z
          .array(
            z.object({
              id: z.string(),
              version: z.number().int(),
              title: z.record(z.string(), z.string()),
              status: z.string(),
              ...labelSchema.shape,
            }),
          )
          .describe(
            'The procurement programmes that serve the objective, among those the reader may read, each with its label and version (a programme links to objectives through its own `objectiveIds`)',
          ),
        progress: z.number().nullable().describe('Mean of the indicators’ progress and the activities’ execution'),
      }),
    ),
  })
  .describe('Results framework of a plan: objectives, indicators and progress');
