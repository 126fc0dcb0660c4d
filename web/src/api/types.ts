/**
 * The API's types, inferred from the same schemas the server validates and
 * documents with, so that the web app and the API cannot drift apart. Each
 * schema module's types come whole, so that a new one needs no line here;
 * the revision's alone is named, since its module and the programme's both
 * export an `amendmentCreateSchema`.
 */
export type * from '../../../src/domain/activity.schema.js';
export type * from '../../../src/domain/activity-bulk.schema.js';
export type * from '../../../src/domain/activity-history.schema.js';
export type * from '../../../src/domain/activity-query.schema.js';
export type * from '../../../src/domain/audit.schema.js';
export type * from '../../../src/domain/commission.schema.js';
export type * from '../../../src/domain/follow-up.schema.js';
export type * from '../../../src/domain/indicator.schema.js';
export type * from '../../../src/domain/kpi.schema.js';
export type * from '../../../src/domain/labels.js';
export type * from '../../../src/domain/notification.schema.js';
export type * from '../../../src/domain/objective.schema.js';
export type * from '../../../src/domain/party.schema.js';
export type * from '../../../src/domain/plan.schema.js';
export type * from '../../../src/domain/plan-close.schema.js';
export type * from '../../../src/domain/programme.schema.js';
export type { Revision } from '../../../src/domain/revision.schema.js';
export type * from '../../../src/domain/search.schema.js';
export type * from '../../../src/domain/session.schema.js';
export type * from '../../../src/domain/user.schema.js';
export type * from '../../../src/domain/watcher.schema.js';

import type { z } from 'zod';
import type { importResultSchema } from '../../../src/domain/exchange.schema.js';
import type { resultsSchema } from '../../../src/domain/indicator.schema.js';
import type { actionItemSummarySchema, curveSchema } from '../../../src/domain/measure.schema.js';
import type {
  amendmentCreateSchema as contractAmendmentCreateSchema,
  contractCreateSchema,
  exchangeRateCreateSchema,
  milestoneCreateSchema,
  offerCreateSchema,
  programmeCreateSchema,
  programmePatchSchema,
  programmeTotalsSchema,
} from '../../../src/domain/programme.schema.js';
import type { planDiffSchema } from '../../../src/domain/revision.schema.js';
import type { paths } from './openapi.js';

export type Curve = z.infer<typeof curveSchema>;
export type ActionItemSummary = z.infer<typeof actionItemSummarySchema>;
export type PlanDiff = z.infer<typeof planDiffSchema>;
export type Results = z.infer<typeof resultsSchema>;
export type ResultObjective = Results['objectives'][number];
export type ImportResult = z.infer<typeof importResultSchema>;
// What the programme's writes send: money as decimal strings, as the schemas read them (their input, not their output).
export type ProgrammeInput = z.input<typeof programmeCreateSchema>;
export type OfferInput = z.input<typeof offerCreateSchema>;
export type ContractInput = z.input<typeof contractCreateSchema>;
export type MilestoneInput = z.input<typeof milestoneCreateSchema>;
export type ProgrammePatchInput = z.input<typeof programmePatchSchema>;
export type ContractAmendmentInput = z.input<typeof contractAmendmentCreateSchema>;
export type ExchangeRateInput = z.input<typeof exchangeRateCreateSchema>;
export type ProgrammeMeasures = paths['/api/programme-measures']['get']['responses'][200]['content']['application/json'];
export type ProgrammeMeasuresQuery = NonNullable<paths['/api/programme-measures']['get']['parameters']['query']>;
export type ProgrammeTotals = z.infer<typeof programmeTotalsSchema>;
export type ProgrammeListQuery = NonNullable<paths['/api/programmes']['get']['parameters']['query']>;
export type IndustrialProjectListQuery = NonNullable<paths['/api/industrial-projects']['get']['parameters']['query']>;
export type IndustrialProject = paths['/api/industrial-projects/{id}']['get']['responses'][200]['content']['application/json'];
export type IndustrialProjectSummary =
  paths['/api/industrial-projects']['get']['responses'][200]['content']['application/json']['items'][number];

/** One page of a list, as every list route answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type { EvaluationResult, Judgment } from '../../../src/domain/evaluation/evaluation.schema.js';
export type {
  EvaluationPatch,
  EvaluationRecord,
  EvaluatorInputs,
  EvaluatorInputsWrite,
} from '../../../src/domain/evaluation/workspace.js';
