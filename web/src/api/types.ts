/**
 * The API's types, inferred from the same schemas the server validates and
 * documents with, so that the web app and the API cannot drift apart.
 */
export type {
  Activity,
  ActivityCreate,
  ActivityListQuery,
  ActivityPatch,
  ActivitySort,
  ActivityTransitionInput,
} from '../../../src/domain/activity.schema.js';
export type { ActivityHistory, ActivityHistoryEntry } from '../../../src/domain/activity-history.schema.js';
export type { AuditEntry } from '../../../src/domain/audit.schema.js';
export type { Commission, CommissionSession, SessionCreate, SessionPatch } from '../../../src/domain/commission.schema.js';
export type { FollowUp, FollowUpCreate } from '../../../src/domain/follow-up.schema.js';
export type {
  Indicator,
  IndicatorCreate,
  IndicatorPatch,
  MeasurementCorrection,
} from '../../../src/domain/indicator.schema.js';
export type { Kpis } from '../../../src/domain/kpi.schema.js';
export type { Label } from '../../../src/domain/labels.js';
export type { Notification } from '../../../src/domain/notification.schema.js';
export type { Objective, ObjectivePatch } from '../../../src/domain/objective.schema.js';
export type { Party } from '../../../src/domain/party.schema.js';
export type { PlanCreate, WorkPlan } from '../../../src/domain/plan.schema.js';
export type {
  ApprovalDecisionInput,
  JointDecisionInput,
  PlanCloseProposal,
  PlanDecisions,
  PlanReopenProposal,
} from '../../../src/domain/plan-close.schema.js';
export type {
  DeliveryCreate,
  MilestonePatch,
  Offer,
  Programme,
  ProgrammeMoveInput,
  ProgrammeSummary,
  Supplier,
} from '../../../src/domain/programme.schema.js';
export type { Revision } from '../../../src/domain/revision.schema.js';
export type { SearchHit } from '../../../src/domain/search.schema.js';
export type {
  ActionItem,
  ActionItemCreate,
  ActionItemPatch,
  AgendaItem,
  AgendaItemCreate,
  AgendaItemPatch,
  MinutesInput,
} from '../../../src/domain/session.schema.js';
export type {
  ApiToken,
  ClearanceRequest,
  ManagedUser,
  PasswordChange,
  User,
  UserCreate,
  UserPatch,
} from '../../../src/domain/user.schema.js';

import type { z } from 'zod';
import type { importResultSchema } from '../../../src/domain/exchange.schema.js';
import type { resultsSchema } from '../../../src/domain/indicator.schema.js';
import type { actionItemSummarySchema, curveSchema } from '../../../src/domain/measure.schema.js';
import type {
  contractCreateSchema,
  milestoneCreateSchema,
  offerCreateSchema,
  programmeCreateSchema,
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
export type ProgrammeTotals = z.infer<typeof programmeTotalsSchema>;
export type ProgrammeListQuery = NonNullable<paths['/api/programmes']['get']['parameters']['query']>;

/** One page of a list, as every list route answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
