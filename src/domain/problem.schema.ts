/**
 * The schemas of a field issue and of the problem details every error answer of the API carries. The
 * errors the use cases raise (errors.ts) name them as types only; the server documents and checks its
 * answers with these schemas, and the web reads error answers with them.
 */
import { z } from 'zod';

/**
 * A field a request got wrong, by dotted path: the API's `errors[]` and the
 * web's own checks (the same schemas run in the browser) use this one shape.
 */
export const fieldIssueSchema = z.object({
  path: z.string(),
  /** English text for API clients. */
  message: z.string(),
  /** Never absent from the API's answers (the web's own checks, worded in the reader's language, have none). */
  code: z.string().describe('A catalogue code (`period.end_before_start`) or a zod issue code (`too_small`, `invalid_type`...)'),
  params: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("The values the issue names; for zod issue codes, zod's own issue fields"),
  /** Where in a spreadsheet the problem is, for imported workbooks. */
  sheet: z.string().optional(),
  row: z.number().int().nullable().optional(),
  column: z.string().nullable().optional(),
});

export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** RFC 9457 problem details, the body of every error answer of the API. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('What went wrong, in English, for API clients'),
    code: z
      .string()
      .describe('Stable code of the problem in the catalogue (e.g. `plan.content_frozen`); clients translate it, not `detail`'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe('The values the problem names, by the placeholders of its text'),
    instance: z.string().optional(),
    errors: z.array(fieldIssueSchema).optional(),
  })
  .describe('Problem details (RFC 9457)');

export type Problem = z.infer<typeof problemSchema>;
