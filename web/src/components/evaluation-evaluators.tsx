import { useTranslation } from 'react-i18next';
import type { EvaluationRecord } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import type { Design } from './evaluation-design.js';
import { decimal } from './evaluation-format.js';
import { saatyText } from './evaluation-pairwise.js';

/** Each evaluator's inputs, a table each: their criteria comparisons, then their assessment of the offers on each leaf. */
export function EvaluationEvaluators({
  record,
  design,
  offerName,
  offerCode = offerName,
}: {
  record: EvaluationRecord;
  design: Design;
  /** An offer as the column heads name it: its code read in the reader's language, its supplier where readable. */
  offerName: (id: string) => string;
  /** An offer named shortly, by its code alone, within a line of judgments. */
  offerCode?: (id: string) => string;
}) {
  const { t } = useTranslation();
  const offers = record.offers.map((o) => o.id);
  return (
    <section className="card" aria-labelledby="evaluation-evaluators-heading">
      <h2 id="evaluation-evaluators-heading">{t('evaluation.evaluators.title')}</h2>
      {record.evaluators.length === 0 && <p className="muted">{t('evaluation.evaluators.none')}</p>}
      {record.evaluators.map((e) => (
        <div key={e.userId} className="evaluator-inputs">
          <h3>
            {t('evaluation.evaluators.of', { name: e.name, party: e.party })}{' '}
            <span className="muted">
              {t('evaluation.evaluators.version', { version: e.version, date: formatDateTime(e.updatedAt) })}
            </span>
          </h3>
          {e.inputs.criteria.length > 0 && (
            <table className="evaluation-table judgments">
              <caption>{t('evaluation.evaluators.judgments')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('evaluation.evaluators.more')}</th>
                  <th scope="col">{t('evaluation.evaluators.than')}</th>
                  <th scope="col" className="num">
                    {t('evaluation.evaluators.times')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {e.inputs.criteria.flatMap((m) =>
                  m.judgments.map((j) => (
                    <tr key={`${m.node}-${j.a}-${j.b}`}>
                      <td dir="auto">{design.name(j.a)}</td>
                      <td dir="auto">{design.name(j.b)}</td>
                      <td className="num">{saatyText(j.value)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}
          <table className="evaluation-table">
            <caption className="visually-hidden">{t('evaluation.evaluators.of', { name: e.name, party: e.party })}</caption>
            <OffersHead offers={offers} offerName={offerName} />
            <tbody>
              {design.leaves.map((leaf) => {
                const a = e.inputs.assessments.find((x) => x.criterion === leaf);
                return (
                  <tr key={leaf}>
                    <th scope="row">
                      <span dir="auto">{design.name(leaf)}</span>
                    </th>
                    {a?.kind === 'pairwise' ? (
                      <td colSpan={offers.length}>
                        {a.judgments.map((j) => `${offerCode(j.a)} : ${offerCode(j.b)} = ${saatyText(j.value)}`).join(' · ')}
                      </td>
                    ) : (
                      offers.map((o) => (
                        <td key={o} className="num">
                          {a?.scores[o] === undefined ? '—' : decimal(a.scores[o])}
                        </td>
                      ))
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

/**
 * The head of a grid of the offers on each criterion: a column per offer,
 * after a blank one over how each criterion is assessed when the grid has it.
 */
export function OffersHead({
  offers,
  offerName,
  assessedBy = false,
}: {
  offers: readonly string[];
  offerName: (id: string) => string;
  assessedBy?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        <th scope="col">{t('evaluation.criterion')}</th>
        {assessedBy && <td />}
        {offers.map((o) => (
          <th key={o} scope="col" className="num">
            {offerName(o)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
