import type { Activity } from './activity.schema.js';
import type { Commission, CommissionSession } from './commission.schema.js';
import type { CurvePoint } from './curve.js';
import type { Kpis } from './kpi.schema.js';
import type { DocumentMarking } from './marking.js';
import type { WorkPlan } from './plan.schema.js';
import type { ActionItem, AgendaItem } from './session.schema.js';

export const DOCUMENT_LANGUAGES = ['fr', 'en', 'ar', 'he'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

/** What every document prints: who made it, when, and its overall label. */
export interface DocumentHead {
  marking: DocumentMarking;
  /** The commission's equivalence table: each party's name of each common level. */
  ladder: Record<string, (string | null)[]>;
  generatedAt: string;
  generatedBy: string;
}

export interface Signature {
  party: string;
  /** The approver's name; null when of another party than the reader's, who is told only the party. */
  name: string | null;
  at: string;
}

export interface PlanDocument extends DocumentHead {
  kind: 'plan';
  plan: WorkPlan;
  commission: Commission;
  session: CommissionSession | null;
  activities: Activity[];
  approvals: Signature[];
  /** The content every party first approved (revision 0); null until then. */
  baseline: RevisionStamp | null;
  /** The latest approved amendment, now in force; null while the baseline is. */
  revision: RevisionStamp | null;
}

export interface RevisionStamp {
  number: number;
  contentHash: string | null;
  approvedAt: string | null;
}

export interface MinutesDocument extends DocumentHead {
  kind: 'minutes';
  commission: Commission;
  session: CommissionSession;
  agenda: AgendaItem[];
  actionItems: ActionItem[];
  approvals: Signature[];
}

export interface ReportDocument extends DocumentHead {
  kind: 'report';
  plan: WorkPlan;
  commission: Commission;
  kpis: Kpis;
  curve: CurvePoint[];
  overdue: Activity[];
  open: Activity[];
  openActionItems: ActionItem[];
}

export type JointPlanDocument = PlanDocument | MinutesDocument | ReportDocument;
