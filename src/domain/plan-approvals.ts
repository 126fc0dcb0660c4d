import type { Approval } from './plan.lifecycle.js';

/**
 * A partner's approval of a plan of this installation, received back from the partner's own installation
 * (docs/exchange.md): the approving party (the sender's), the version of the plan's copy it approved (none
 * when the partner did not say), when it was given there, and the installation it came from.
 */
export interface ReceivedApproval {
  party: string;
  planVersion: number | null;
  at: string;
  installation: string;
}

/** Where a plan stands for its approvals: its version now, and the first version whose approvals count. */
export interface ApprovalWindow {
  version: number;
  approvalsFrom: number;
}

/**
 * Whether an approval received counts toward the plan's status: it approved a version of the plan from the one
 * it was proposed at (or last changed at, while proposed) to the one it is at now. An approval of an earlier
 * version approved content that has changed since, or a plan since returned to its drafters; one that names no
 * version cannot be told apart from those, and does not count either.
 */
export const receivedApprovalCounts = (a: Pick<ReceivedApproval, 'planVersion'>, w: ApprovalWindow): boolean =>
  a.planVersion !== null && a.planVersion >= w.approvalsFrom && a.planVersion <= w.version;

/**
 * The parties whose approval of the plan counts, each once, in the order they first approved: the approvals given
 * here, and those received from partners' installations that count. A party that approved here and on its own
 * installation has approved once.
 */
export function approvingParties(
  local: readonly Pick<Approval, 'party'>[],
  received: readonly ReceivedApproval[],
  w: ApprovalWindow,
): string[] {
  const out = new Set(local.map((a) => a.party));
  for (const a of received) if (receivedApprovalCounts(a, w)) out.add(a.party);
  return [...out];
}

/**
 * What an approval received does to a proposed plan: the plan becomes approved once every party of its
 * commission has approved it (here or on its own installation); false when nothing moves (the plan is not
 * proposed, or some party has not approved yet). Only the commission's parties count: an approval of another
 * party's changes nothing.
 */
export function approvedByAll(status: string, commissionParties: readonly string[], approving: readonly string[]): boolean {
  if (status !== 'proposed' || commissionParties.length === 0) return false;
  const given = new Set(approving);
  return commissionParties.every((p) => given.has(p));
}
