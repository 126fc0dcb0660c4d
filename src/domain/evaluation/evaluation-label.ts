import { z } from 'zod';
import { labelFieldsGiven, versionSchema } from '../common.schema.js';
import type { FieldIssue } from '../errors.js';
import { CLASSIFICATIONS, type Label, levelOf } from '../labels.js';
import { issue } from '../problems.js';

/**
 * An evaluation's own label. By default an evaluation has none and reads as
 * its programme does; its programme's planners may give it one, at least as
 * strict as the programme's (classification as high or higher, released to
 * no party the programme is not, every compartment of the programme), so that
 * the scores can be kept from some readers of the programme. A reader then
 * needs both labels; a label looser than the programme's would change
 * nothing, and is refused, so that what the record says is what applies.
 */

export const evaluationLabelWriteSchema = z.strictObject({
  label: z
    .strictObject(labelFieldsGiven)
    .nullable()
    .describe("The evaluation's own label, owned by the programme's owner party; null: read as the programme"),
  version: versionSchema.describe('The version of the evaluation you read'),
});
export type EvaluationLabelWrite = z.infer<typeof evaluationLabelWriteSchema>;

export const evaluationLabelOutSchema = z
  .object({
    ownerParty: z.string(),
    classification: z.enum(CLASSIFICATIONS),
    releasableTo: z.array(z.string()),
    compartments: z.array(z.string()),
    own: z
      .boolean()
      .describe("true: the evaluation's own label, which a reader needs besides the programme's; false: the programme's"),
  })
  .describe('Who may read the evaluation, its scores included');
export type EvaluationLabelOut = z.infer<typeof evaluationLabelOutSchema>;

/** Where `own` is looser than the programme's label `of`, one issue each: none when it is at least as strict. */
export function looserThanProgramme(of: Label, own: Omit<Label, 'ownerParty'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (levelOf(own.classification) < levelOf(of.classification))
    issues.push(issue('label.classification', 'evaluation.label_below_programme', { classification: of.classification }));
  const wider = own.releasableTo.filter((p) => !of.releasableTo.includes(p));
  if (wider.length) issues.push(issue('label.releasableTo', 'evaluation.label_released_wider', { parties: wider.join(', ') }));
  const fewer = of.compartments.filter((c) => !own.compartments.includes(c));
  if (fewer.length)
    issues.push(issue('label.compartments', 'evaluation.label_fewer_compartments', { compartments: fewer.join(', ') }));
  return issues;
}
