import { z } from 'zod';
import { labelInputSchema, labelSchema } from './labels.js';
import { refusing } from './problems.js';

export const LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Text written in one or more of the working languages. */
export const localizedTextSchema = (max: number) =>
  z
    .strictObject({
      fr: z.string().trim().min(1).max(max).optional(),
      en: z.string().trim().min(1).max(max).optional(),
      ar: z.string().trim().min(1).max(max).optional(),
      he: z.string().trim().min(1).max(max).optional(),
    })
    .refine((t) => Object.values(t).some(Boolean), refusing('field.text_in_one_language'))
    .describe('Text by language (fr, en, ar, he)');
export type LocalizedText = Partial<Record<Language, string>>;

export const idSchema = z.string().uuid().describe('Record id');
export const versionSchema = z.number().int().min(1).describe('Version for optimistic concurrency');
export const timestampSchema = z.string().describe('ISO 8601 timestamp');

/** Fields every labelled record shows. */
export const recordMetaSchema = labelSchema.extend({
  id: idSchema,
  version: versionSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

/** The label a writer may set; the owner party is always the writer's. */
export const labelFields = labelInputSchema.shape;

/** The same label with each field given in full, without the defaults of a new record. */
export const labelFieldsGiven = {
  classification: labelFields.classification.unwrap(),
  releasableTo: labelFields.releasableTo.unwrap(),
  compartments: labelFields.compartments.unwrap(),
};

/** A change of any subset of a labelled record's fields and of its label, with the version it was based on. */
export const labelledPatchSchema = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z
    .object({ ...shape, ...labelFieldsGiven })
    .partial()
    .extend({ version: versionSchema.optional() })
    .strict();

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to read the next page; null at the end'),
  });

export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

export const sourceRefSchema = z
  .object({
    id: idSchema,
    title: z.string(),
    publisher: z.string().nullable(),
    url: z.string().nullable(),
    publishedOn: z.string().nullable(),
  })
  .nullable()
  .describe('Where the facts of this record come from');
