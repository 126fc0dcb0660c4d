import { z } from 'zod';
import { idSchema, labelFields, localizedTextSchema, recordMetaSchema } from './common.schema.js';
import { isoDateSchema } from './period.js';

export const indicatorCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(300),
    unit: z.string().trim().min(1).max(50),
    baselineValue: z.number().finite(),
    baselineDate: isoDateSchema,
    targetValue: z.number().finite(),
    targetDate: isoDateSchema,
    ...labelFields,
  })
  .strict()
  .refine((i) => i.targetDate >= i.baselineDate, { message: 'must not be before baselineDate', path: ['targetDate'] });
export type IndicatorCreate = z.infer<typeof indicatorCreateSchema>;

export const measurementCreateSchema = z
  .object({ date: isoDateSchema, value: z.number().finite(), sourceId: idSchema.nullable().default(null) })
  .strict();

export const measurementSchema = z.object({
  id: z.string(),
  date: z.string(),
  value: z.number(),
  sourceId: z.string().nullable(),
  recordedAt: z.string(),
});

export const indicatorSchema = recordMetaSchema
  .extend({
    objectiveId: z.string(),
    name: z.string(),
    unit: z.string(),
    baselineValue: z.number(),
    baselineDate: z.string(),
    targetValue: z.number(),
    targetDate: z.string(),
    measurements: z.array(measurementSchema),
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
        classification: z.string(),
        releasableTo: z.array(z.string()),
        ownerParty: z.string(),
        compartments: z.array(z.string()),
        indicators: z.array(indicatorSchema),
        activities: z.object({ total: z.number().int(), done: z.number().int(), executionRate: z.number().nullable() }),
        progress: z.number().nullable().describe('Mean of the indicators’ progress and the activities’ execution'),
      }),
    ),
  })
  .describe('Results framework of a plan: objectives, indicators and progress');
