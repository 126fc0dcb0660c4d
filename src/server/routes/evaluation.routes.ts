import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import {
  addEvaluator,
  getEvaluation,
  getEvaluationById,
  openEvaluation,
  recordEvaluatorInputs,
  setEvaluationLabel,
  updateEvaluation,
} from '../../app/evaluation.usecases.js';
import { idSchema } from '../../domain/common.schema.js';
import { evaluationLabelWriteSchema } from '../../domain/evaluation/evaluation-label.js';
import {
  evaluationPatchSchema,
  evaluationRecordSchema,
  evaluatorAddSchema,
  evaluatorInputsWriteSchema,
} from '../../domain/evaluation/workspace.js';
import { requireActor } from '../auth.js';
import { errorResponses, idParams, sendRecord } from '../http.js';

const evaluatorParams = z.object({ id: idSchema, userId: idSchema }).strict();
const answers = (status: 200 | 201) => ({ [status]: evaluationRecordSchema, ...errorResponses });

/** The comparative evaluation of a programme's offers: readable by the programme's readers who may also read its own label, if any. */
export const evaluationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['Procurement programmes'];

    app.get('/programmes/:id/evaluation', {
      schema: {
        tags,
        summary: "The evaluation of a programme's offers, with its result",
        description:
          "The criteria, the method, each evaluator's inputs, and the result computed from them (ranking, TOPSIS, flip points, SMAA-2) with its hash; while inputs are missing, `missing` lists them, coded, and `result` is null. Once frozen at selection, the result and hash are those frozen, and `frozen.document` is what any reader recomputes.",
        params: idParams,
        response: answers(200),
      },
      handler: async (req, reply) => sendRecord(reply, await getEvaluation(ctx, requireActor(req), req.params.id)),
    });

    app.get('/evaluations/:id', {
      schema: {
        tags,
        summary: 'An evaluation of offers by its own id',
        params: idParams,
        response: answers(200),
      },
      handler: async (req, reply) => sendRecord(reply, await getEvaluationById(ctx, requireActor(req), req.params.id)),
    });

    app.post('/programmes/:id/evaluation', {
      schema: {
        tags,
        summary: 'Open the evaluation of a programme in evaluation that has none',
        description:
          "The evaluation opens by itself when the programme moves to evaluation; this opens it for a programme that moved there before. The programme's planners.",
        params: idParams,
        response: answers(201),
      },
      handler: async (req, reply) => sendRecord(reply, await openEvaluation(ctx, requireActor(req), req.params.id), 201),
    });

    app.patch('/programmes/:id/evaluation', {
      schema: {
        tags,
        summary: "Set the evaluation's criteria or method",
        description:
          "The programme's planners, while the programme is in evaluation. `criteria` is the whole list, each criterion after its parent; a node's sub-criteria are weighted directly or pairwise, in which case every evaluator compares them. Give the `version` you read: a stale one answers 409.",
        params: idParams,
        body: evaluationPatchSchema,
        response: answers(200),
      },
      handler: async (req, reply) => sendRecord(reply, await updateEvaluation(ctx, requireActor(req), req.params.id, req.body)),
    });

    app.put('/programmes/:id/evaluation/label', {
      schema: {
        tags,
        summary: 'Give the evaluation a label of its own, or read it as its programme again',
        description:
          "The programme's planners, at any state of the evaluation. With a label of its own (owned by the programme's owner party, at least as strict as the programme's: as high a classification, released to no other party, every compartment of the programme; `evaluation.label_looser` otherwise, and within what you may read), the evaluation, its scores, report, workbook and recomputation are read only by those who may read both labels; everyone else gets the evaluation's 404, writes included, while the programme stays readable. Evaluators must read it too to be added. `label: null` takes it back to the programme's label. Give the `version` you read: a stale one answers 409.",
        params: idParams,
        body: evaluationLabelWriteSchema,
        response: answers(200),
      },
      handler: async (req, reply) => sendRecord(reply, await setEvaluationLabel(ctx, requireActor(req), req.params.id, req.body)),
    });

    app.post('/programmes/:id/evaluation/evaluators', {
      schema: {
        tags,
        summary: 'Add an evaluator',
        description:
          "The programme's planners add an enabled planner or contributor of a party the programme is released to (its owner or a releasable-to party) who may read the programme. Any other user id, known or not, answers the same 400 `evaluation.not_an_evaluator`, so the answer says nothing more of the user than whether they may evaluate this programme.",
        params: idParams,
        body: evaluatorAddSchema,
        response: answers(201),
      },
      handler: async (req, reply) => sendRecord(reply, await addEvaluator(ctx, requireActor(req), req.params.id, req.body), 201),
    });

    app.put('/programmes/:id/evaluation/evaluators/:userId/inputs', {
      schema: {
        tags,
        summary: 'Record your inputs as an evaluator',
        description:
          'Only your own: your comparison matrices of the criteria weighted pairwise and your assessment of the offers on each leaf criterion, all at once, replacing those recorded. Give the `version` of your inputs you read: a stale one answers 409. Your inputs carry their own version and leave the version of the evaluation as it is, so saves of other evaluators and changes of the planners are not refused for them. Every reader of the programme sees them; they are audited.',
        params: evaluatorParams,
        body: evaluatorInputsWriteSchema,
        response: answers(200),
      },
      handler: async (req, reply) =>
        sendRecord(reply, await recordEvaluatorInputs(ctx, requireActor(req), req.params.id, req.params.userId, req.body)),
    });
  };
