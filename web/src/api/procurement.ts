import type { EvaluationLabelWrite } from '../../../src/domain/evaluation/evaluation-label.js';
import { answer, client } from './client.js';
import type { ContractAmendmentInput, ExchangeRateInput, ProgrammeMeasuresQuery, ProgrammePatchInput } from './types.js';

const id = (value: string) => ({ params: { path: { id: value } } });

/**
 * The calls only the procurement pages make, kept out of the module that
 * sign-in and the dashboard load, so that their scripts stay within budget.
 */
export const procurementApi = {
  updateProgramme: (programmeId: string, patch: ProgrammePatchInput) =>
    answer(client.PATCH('/api/programmes/{id}', { ...id(programmeId), body: patch })),
  deleteOffer: (programmeId: string, offerId: string) =>
    answer(client.DELETE('/api/programmes/{id}/offers/{offerId}', { params: { path: { id: programmeId, offerId } } })),
  addContractAmendment: (programmeId: string, input: ContractAmendmentInput) =>
    answer(client.POST('/api/programmes/{id}/contract/amendments', { ...id(programmeId), body: input })),
  exchangeRates: (query: { currency?: string; on?: string } = {}) =>
    answer(client.GET('/api/exchange-rates', { params: { query } })),
  /** The evaluation's own label, or `label: null` to read it as its programme again. */
  setEvaluationLabel: (programmeId: string, body: EvaluationLabelWrite) =>
    answer(client.PUT('/api/programmes/{id}/evaluation/label', { ...id(programmeId), body })),
  addExchangeRate: (input: ExchangeRateInput) => answer(client.POST('/api/exchange-rates', { body: input })),
  programmeMeasures: (query: ProgrammeMeasuresQuery) => answer(client.GET('/api/programme-measures', { params: { query } })),
};
