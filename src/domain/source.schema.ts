import { z } from 'zod';
import { labelFields, recordMetaSchema } from './common.schema.js';
import { isoDateSchema } from './period.js';
import { refusing } from './problems.js';

/** Checked as zod checks a URL; a refusal is told by its catalogue code, with an example. */
const httpUrl = z.url({ protocol: /^https?$/ });
const WEB_ADDRESS_EXAMPLE = { example: 'https://example.org/article' };

// Web addresses only: a javascript: or data: address would run or show content where the source is linked.
const webAddressSchema = z
  .string()
  .max(2000)
  .refine((v) => httpUrl.safeParse(v).success, refusing('field.web_address', [], WEB_ADDRESS_EXAMPLE))
  .meta({ format: 'uri' });

export const SOURCE_KINDS = ['press_article', 'minutes', 'document', 'other'] as const;

export const sourceCreateSchema = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  title: z.string().trim().min(1).max(500),
  publisher: z.string().trim().max(200).nullable().default(null),
  url: webAddressSchema.nullable().default(null),
  publishedOn: isoDateSchema.nullable().default(null),
  excerpt: z.string().max(5000).nullable().default(null),
  ...labelFields,
});
export type SourceCreate = z.infer<typeof sourceCreateSchema>;

export const sourceSchema = recordMetaSchema
  .extend({
    kind: z.enum(SOURCE_KINDS),
    title: z.string(),
    publisher: z.string().nullable(),
    url: z.string().nullable(),
    publishedOn: z.string().nullable(),
    excerpt: z.string().nullable(),
  })
  .describe('Source: where a fact comes from');
export type Source = z.infer<typeof sourceSchema>;
