import { z } from 'zod';
import { type Label, partyCodeSchema } from '../labels.js';
import { matching } from '../problems.js';

/**
 * The confidentiality label a record carries when it leaves its installation, modelled on NATO
 * ADatP-4774 (Confidentiality Metadata Label Syntax): the security policy it is expressed in, a
 * classification of that policy, typed categories, the originator and the time it was made.
 *
 * The label is the originator's and is never rewritten on the way: a receiving installation keeps
 * it as it came and stores beside it the local equivalent its own read rule uses
 * (security-policy.ts, `receivedLabel`).
 */

/**
 * How a category takes part in the access decision (ADatP-4774):
 * - permissive: the reader must hold at least one of its values (here: the parties it is releasable to);
 * - restrictive: the reader must hold every one of its values (here: compartments);
 * - informative: carried for information, no part of the decision.
 */
export const CATEGORY_TYPES = ['permissive', 'restrictive', 'informative'] as const;
export type CategoryType = (typeof CATEGORY_TYPES)[number];

/** The category tags this installation writes for the labels its records carry today. */
export const RELEASABLE_TO = 'RELEASABLE_TO';
export const COMPARTMENT = 'COMPARTMENT';

const tokenSchema = matching(/^[A-Z][A-Z0-9_-]{0,39}$/, 'field.label_token_format', { max: 40, example: 'NATO_SECRET' });

export const labelCategorySchema = z.strictObject({
  tagName: tokenSchema.describe('the category, as the policy names it'),
  type: z.enum(CATEGORY_TYPES),
  values: z.array(z.string().min(1).max(40)).min(1).max(60),
});
export type LabelCategory = z.infer<typeof labelCategorySchema>;

export const confidentialityLabelSchema = z
  .strictObject({
    policyIdentifier: matching(/^urn:[a-z0-9][a-z0-9-]{0,31}:[\x21-\x7e]{1,200}$/, 'field.urn_format', {
      example: 'urn:jointplan:policy:MAR',
    }).describe('the security policy the classification and categories are of (a URN)'),
    classification: tokenSchema.describe("a classification of that policy, by its token (e.g. 'S')"),
    categories: z.array(labelCategorySchema).max(20),
    originator: z.strictObject({ party: partyCodeSchema, installation: z.string().min(1).max(80) }),
    creationTime: z.iso.datetime({ offset: false }),
  })
  .describe('A confidentiality label after ADatP-4774');
export type ConfidentialityLabel = z.infer<typeof confidentialityLabelSchema>;

/** The values of the categories of one tag and type, sorted and without repeats. */
export function categoryValues(label: ConfidentialityLabel, tagName: string, type: CategoryType): string[] {
  const values = label.categories.filter((c) => c.tagName === tagName && c.type === type).flatMap((c) => c.values);
  return [...new Set(values)].sort();
}

/**
 * The categories of a record's label as it is stored today: the owner and the parties it is releasable
 * to as one permissive category (a reader of any of them may read it, as canRead says), its
 * compartments as one restrictive category (a reader needs them all).
 */
export function categoriesOf(label: Pick<Label, 'ownerParty' | 'releasableTo' | 'compartments'>): LabelCategory[] {
  const parties = [...new Set([label.ownerParty, ...label.releasableTo])].sort();
  const categories: LabelCategory[] = [{ tagName: RELEASABLE_TO, type: 'permissive', values: parties }];
  const compartments = [...new Set(label.compartments)].sort();
  if (compartments.length) categories.push({ tagName: COMPARTMENT, type: 'restrictive', values: compartments });
  return categories;
}
