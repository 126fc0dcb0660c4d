import { readFileSync } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app/context.js';
import { approveReceivedPlan, planPartnerApprovals, receivedPlan } from '../../app/exchange-approval.usecases.js';
import { expectedVersion } from '../../app/labels.js';
import {
  partnerApprovalInput,
  partnerApprovalQuery,
  partnerApprovalSchema,
  partnerApprovalsQuery,
  planPartnerApprovalsSchema,
} from '../../domain/exchange/approval.schema.js';
import { receivedPlanQuery, receivedPlanSchema } from '../../domain/exchange/received-plan.schema.js';
import { parseSecurityPolicy, type SecurityPolicy } from '../../domain/exchange/security-policy.js';
import { problem } from '../../domain/problems.js';
import { exchangePaths } from '../../store/exchange-setup.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';

/**
 * Approvals of plans across the exchange, for any user who may read the plan: a partner's plan
 * received here approved by this party's planners, and the approvals given at either end shown with
 * the plan. The installation's security policy (JOINTPLAN_SECURITY_POLICY, read on first use) gives the markings of the approvals received; without one, there are none.
 */
export const exchangeApprovalRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Sovereign exchange'];
    let policy: SecurityPolicy | undefined;
    const policyOf = () => {
      if (policy) return policy;
      const policyFile = ctx.auditSigning ? exchangePaths(ctx.auditSigning.paths.keyFile).policyFile : undefined;
      if (!policyFile) return null;
      policy = parseSecurityPolicy(JSON.parse(readFileSync(policyFile, 'utf8')));
      return policy;
    };
    const configuredPolicy = () => {
      const p = policyOf();
      if (!p) throw problem('exchange.not_configured');
      return p;
    };

    app.get('/plans/:id/partner-approvals', {
      schema: {
        tags,
        summary: 'The approvals of a plan given across the exchange',
        description:
          'Of a plan of this installation: the partners’ approvals received, each with the version it approved and whether that is the plan’s current one. Of a partner’s plan received here: the approvals given here (by version) and the originator’s own received with it, and whether the caller may approve its current version. 404 for a plan the caller may not read, here or as a copy.',
        params: idParams,
        querystring: partnerApprovalsQuery,
        response: { 200: planPartnerApprovalsSchema, ...errorResponses },
      },
      handler: (req) => planPartnerApprovals(ctx, requireActor(req), policyOf(), req.params.id, req.query.lang, req.query.from),
    });

    app.get('/exchange/received/plans/:id', {
      schema: {
        tags,
        summary: 'A partner’s plan received here, with its activities and follow-ups',
        description:
          'The read-only copy of a partner’s plan, a page of its activities the caller may read (by reference code; `limit`, 50 by default, at most 500; `nextCursor`, given back as `cursor`, reads the next page, and a cursor not given by this route is refused, 400 request.bad_cursor) and their follow-ups the caller may read, each chosen by the read rule over the local equivalent of its label and marked locally with the originator’s marking in brackets. 404 (plan.not_found) for a plan the caller may not read or that is not a copy received here; 409 (exchange.plan_ambiguous) for an id received from several installations the caller may read, without `from`.',
        params: idParams,
        querystring: receivedPlanQuery,
        response: { 200: receivedPlanSchema, ...errorResponses },
      },
      handler: (req) => receivedPlan(ctx, requireActor(req), configuredPolicy(), req.params.id, req.query),
    });

    app.post('/plans/:id/partner-approval', {
      schema: {
        tags,
        summary: 'Approve a partner’s plan received here',
        description:
          'By a planner of the caller’s party, as a plan of its own is approved: give the `version` of the copy read (or an If-Match header); a stale one answers 409 (plan.stale_version). The approval names that version and travels back in the next bundle to the plan’s originator alone; when a newer version arrives it is shown as of an earlier version and the plan may be approved again, and when the originator withdraws the plan it is withdrawn too. Approving a version twice answers the approval given. 404 for a plan the caller may not read; 409 for a plan of this installation (exchange.approval_not_received, approved by its transitions), an id received from several installations without `from` (exchange.plan_ambiguous) or a copy that is not proposed (exchange.approval_not_proposed); 403 for a caller who is not a planner.',
        params: idParams,
        querystring: partnerApprovalQuery,
        body: partnerApprovalInput,
        response: { 200: partnerApprovalSchema, ...errorResponses },
      },
      handler: (req) =>
        approveReceivedPlan(
          ctx,
          requireActor(req),
          configuredPolicy(),
          req.params.id,
          expectedVersion(req.body.version, ifMatchVersion(req)),
          req.query.from,
        ),
    });
  };
