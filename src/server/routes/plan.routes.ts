import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, AppContext } from '../../app/context.js';
import { planKpis } from '../../app/kpi.usecases.js';
import { expectedVersion } from '../../app/labels.js';
import * as plans from '../../app/plan.usecases.js';
import { decideApproval } from '../../app/plan-approval-decision.usecases.js';
import { proposeClose } from '../../app/plan-close.usecases.js';
import { getPlanDecisions } from '../../app/plan-decisions.usecases.js';
import { decideJoint } from '../../app/plan-joint-decision.usecases.js';
import { proposeReopen } from '../../app/plan-reopen.usecases.js';
import { proposeRollover, rollOver } from '../../app/rollover.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import { kpiQuerySchema, kpiSchema } from '../../domain/kpi.schema.js';
import { MAX_PLAN_YEARS } from '../../domain/period.js';
import { planCreateSchema, planPatchSchema, planSchema, planTransitionSchema, type WorkPlan } from '../../domain/plan.schema.js';
import { REOPEN_DAYS } from '../../domain/plan-close.js';
import {
  approvalDecisionSchema,
  jointDecisionSchema,
  planCloseProposalSchema,
  planDecisionsSchema,
  planReopenProposalSchema,
} from '../../domain/plan-close.schema.js';
import {
  rolloverCreateSchema,
  rolloverProposalSchema,
  rolloverQuerySchema,
  rolloverResultSchema,
} from '../../domain/rollover.schema.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, ifMatchVersion } from '../http.js';
import { type RouteDoc, recordCollection, recordWrite } from '../record-route.js';

export const planRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Work plans'];

    recordCollection(app, ctx, {
      path: '/plans',
      tags,
      answer: planSchema,
      list: {
        summary: 'Work plans the caller may read',
        query: z.object({ commissionId: idSchema.optional() }).strict(),
        run: plans.listPlans,
      },
      create: {
        summary: 'Draft a work plan',
        description: `A plan runs at most ${MAX_PLAN_YEARS} years: a later periodEnd answers 400, as does one when changing it.`,
        body: planCreateSchema,
        run: plans.createPlan,
      },
      read: { summary: 'A work plan with its approvals', run: plans.getPlan },
    });

    app.patch(
      '/plans/:id',
      recordWrite(
        { tags, summary: 'Change a plan in draft or proposed', body: planPatchSchema, answer: planSchema },
        (actor, id, input, req) => plans.updatePlan(ctx, actor, id, input, ifMatchVersion(req)),
      ),
    );

    /**
     * A move of a plan or a joint decision on it, answered with the plan. Each
     * party decides on the plan as it read it: the version is required, in the
     * body or an If-Match header, as for an approval.
     */
    const decision = <Body extends z.ZodType<{ version?: number | undefined }>>(
      doc: Omit<RouteDoc, 'tags'>,
      body: Body,
      decide: (actor: Actor, id: string, input: z.output<Body> & { version: number }) => Promise<WorkPlan>,
    ) =>
      recordWrite({ tags, ...doc, body, answer: planSchema }, (actor, id, input, req) =>
        decide(actor, id, { ...input, version: expectedVersion(input.version, ifMatchVersion(req)) }),
      );

    app.post(
      '/plans/:id/transitions',
      decision(
        {
          summary: 'Move a plan through its lifecycle',
          description:
            'draft → proposed → approved → in_execution → closed. `to: approved` records the approval of the caller’s party; the plan is approved once every commission party has approved. Give the `version` you read (or an If-Match header): each party approves the plan as it read it, and a stale version answers 409. Of two approvals sent at the same moment from the same version, one is applied and the other answers 409: read the plan again and approve it as it now stands.',
        },
        planTransitionSchema,
        (actor, id, input) => plans.transitionPlanStatus(ctx, actor, id, input),
      ),
    );

    app.get('/plans/:id/decisions', {
      schema: {
        tags,
        summary: 'Joint decisions on a plan, with every party’s comments',
        description:
          'The close or reopening awaiting agreement, every decision taken (approve, refuse, return, propose, agree or refuse a close or reopening) with its comment, and for a close dialog the open activities the caller may read and the plans of the commission they can be carried to. Nothing is told of an activity the caller may not read.',
        params: idParams,
        response: { 200: planDecisionsSchema, ...errorResponses },
      },
      handler: (req) => getPlanDecisions(ctx, requireActor(req), req.params.id),
    });

    const rolloverRule =
      'The plan must be adopted (approved, in execution or closed; 409 otherwise), the year after the one the plan starts in (400), and the commission must have no plan starting in that year among those the caller may read (409). Activities carried: the open ones (neither done nor cancelled), the postponed ones and the recurring ones, with their planned periods moved by the years between the plans at the same precision and brought within the new period; objectives with the proposed activities they serve; indicators with the last measurement as baseline and the target date moved. Only records the caller may read are proposed, listed or counted.';

    app.get('/plans/:id/rollover', {
      schema: {
        tags,
        summary: 'What a roll-over into next year’s draft plan would carry, for review',
        description: rolloverRule,
        params: idParams,
        querystring: rolloverQuerySchema,
        response: { 200: rolloverProposalSchema, ...errorResponses },
      },
      handler: (req) => proposeRollover(ctx, requireActor(req), req.params.id, req.query.year),
    });

    app.post('/plans/:id/rollover', {
      schema: {
        tags,
        summary: 'Create next year’s draft plan from this one, carrying the records chosen among those proposed',
        description: `${rolloverRule} By a planner of a party of the commission; the draft belongs to the caller’s party, and each record carried keeps its source’s classification, releasability and compartments and names the record it continues. One transaction through the same rules and audit entries as creating each record: a chosen record that is not proposed answers 400, one the caller may not write 403 naming it, and nothing is created.`,
        params: idParams,
        body: rolloverCreateSchema,
        response: { 201: rolloverResultSchema, ...errorResponses },
      },
      handler: async (req, reply) => reply.status(201).send(await rollOver(ctx, requireActor(req), req.params.id, req.body)),
    });

    app.post(
      '/plans/:id/decisions',
      decision(
        {
          summary: 'Refuse a proposed plan or return it to draft, saying why',
          description:
            'Any party of the commission. `refuse` keeps the plan proposed and the approvals of the other parties (the caller’s own is taken back); `return` sends it back to draft and withdraws every approval. The comment is required; the owner party is notified and reads it on the plan page.',
        },
        approvalDecisionSchema,
        (actor, id, input) => decideApproval(ctx, actor, id, input),
      ),
    );

    app.post(
      '/plans/:id/close',
      decision(
        {
          summary: 'Propose to close a plan in execution',
          description: `By a planner of the owner party, with one disposition per open activity the caller may read: \`carry\` (copied to \`successorPlanId\`, a plan of the commission in draft or proposed), \`cancel\` (with a reason) or \`block\` (the proposal is then refused, naming the blocking activities). Every party of the commission then agrees; the last agreement applies the dispositions and closes the plan, which every party may agree to reopen for ${REOPEN_DAYS} days.`,
        },
        planCloseProposalSchema,
        (actor, id, input) => proposeClose(ctx, actor, id, input),
      ),
    );

    app.post(
      '/plans/:id/close/decision',
      decision(
        {
          summary: 'Agree to, or refuse, the proposed close of a plan',
          description:
            'An agreement gives the dispositions of open activities the caller may read that the proposal has none for. A refusal needs a comment and drops the proposal. Any change of the plan’s content while its close is proposed withdraws the proposal.',
        },
        jointDecisionSchema,
        (actor, id, input) => decideJoint(ctx, actor, id, 'close', input),
      ),
    );

    app.post(
      '/plans/:id/reopen',
      decision(
        {
          summary: 'Propose to reopen a closed plan',
          description: `By a planner of any party of the commission, within ${REOPEN_DAYS} days of the close (\`reopenUntil\`); later it answers 400. Activities carried at the close stay in the successor plan.`,
        },
        planReopenProposalSchema,
        (actor, id, input) => proposeReopen(ctx, actor, id, input),
      ),
    );

    app.post(
      '/plans/:id/reopen/decision',
      decision(
        { summary: 'Agree to, or refuse, the proposed reopening of a plan' },
        jointDecisionSchema.omit({ dispositions: true, successorPlanId: true }),
        (actor, id, input) => decideJoint(ctx, actor, id, 'reopen', input),
      ),
    );

    app.get('/plans/:id/kpis', {
      schema: {
        tags,
        summary: 'Execution rate, timeliness and freshness of a plan',
        description: 'Computed over the activities the caller may read, overall and by domain, lead party and quarter.',
        params: idParams,
        querystring: kpiQuerySchema,
        response: { 200: kpiSchema, ...errorResponses },
      },
      handler: (req) => planKpis(ctx, requireActor(req), req.params.id, req.query),
    });
  };
