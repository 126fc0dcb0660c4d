import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { offerCodeText } from '../../../src/domain/evaluation/offer-code.js';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { EvaluationRecord } from '../api/types.js';
import { Bidi } from '../components/bidi.js';
import { Breadcrumb } from '../components/breadcrumb.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { EvaluationCriteriaForm, EvaluationCriteriaTree } from '../components/evaluation-criteria-form.js';
import { designOf } from '../components/evaluation-design.js';
import { EvaluationEvaluators } from '../components/evaluation-evaluators.js';
import { EvaluationInputsForm } from '../components/evaluation-inputs-form.js';
import { EvaluationLabelForm } from '../components/evaluation-label-form.js';
import { EvaluationMethodForm } from '../components/evaluation-method-form.js';
import {
  EvaluationAcceptability,
  EvaluationCriteria,
  EvaluationFlipPoints,
  EvaluationRanking,
} from '../components/evaluation-result.js';
import { EvaluationScoresImport } from '../components/evaluation-scores-import.js';
import { Alert } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { formatDateTime, localized } from '../i18n/format.js';
import { currentLanguage } from '../i18n/index.js';
import { issueText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import '../components/evaluation.css';

const STATE_TEXT = {
  open: 'evaluation.state.open',
  frozen: 'evaluation.state.frozen',
  closed: 'evaluation.state.closed',
} as const;

/**
 * The evaluation of a programme's offers: its criteria with their weights and
 * consistency, the ranking, the flip points and the rank acceptabilities, each
 * evaluator's inputs; while it is open, for the programme's planners the
 * criteria tree and the method to edit, and for the signed-in evaluator their
 * own grids and scores.
 */
export default function EvaluationPage({ programmeId }: { programmeId: string }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  const loaded = useLoad(() => Promise.all([api.programme(programmeId), api.evaluation(programmeId)]), [programmeId]);
  const [fresh, setFresh] = useState<EvaluationRecord | null>(null);
  const programme = loaded.data?.[0];
  const own = loaded.data?.[1].label;
  // The banner carries the evaluation's own label too, when it has one stricter than its programme's.
  usePageLabels(programme ? (own?.own ? [programme, own] : [programme]) : []);
  if (loaded.state === 'failed') return <LoadError error={loaded.error} />;
  if (!loaded.data || !programme) return <p className="muted">{t('common.loading')}</p>;
  const read = loaded.data[1];
  const record = fresh && fresh.version >= read.version ? fresh : read;
  const design = designOf(record);
  // The evaluation names offers by a neutral code ("O2"): read in the reader's language, with the supplier and
  // system beside it where the reader may read them.
  const offerCode = (id: string) => {
    const name = record.offers.find((o) => o.id === id)?.name;
    return name === undefined ? id : offerCodeText(name, (n) => t('evaluation.offerCode', { n }));
  };
  const offerName = (id: string) => {
    const offer = programme.offers.find((o) => o.id === id);
    const who = [offer?.supplier?.name, offer?.system?.name].filter(Boolean).join(', ');
    return who ? t('evaluation.offerWith', { offer: offerCode(id), who }) : offerCode(id);
  };
  const me = record.evaluators.find((e) => e.userId === user.id);
  const planner = canPlan(user, programme.ownerParty);
  const title = localized(programme.title);
  const result = record.result;
  const props = result && { record, result, design, offerName };

  return (
    <div className="page evaluation-page">
      <Breadcrumb
        trail={[
          { to: '/programmes', label: t('programmes.title') },
          { to: `/programmes/${programmeId}`, label: <Bidi lang={title.lang}>{title.text}</Bidi> },
        ]}
      />
      <header className="card record-header">
        <RecordMarking label={programme} />
        <div className="record-header-body">
          <h1>{t('evaluation.title')}</h1>
          <div className="meta-row">
            <span className={`badge evaluation-${record.state}`}>{t(STATE_TEXT[record.state])}</span>
            <span>{t('evaluation.version', { version: record.version, date: formatDateTime(record.updatedAt) })}</span>
            {record.method && <span>{t('evaluation.method', { aggregation: record.method.aggregation })}</span>}
          </div>
          {record.label.own && (
            <div className="evaluation-own-label">
              <p>{t('evaluation.labelForm.stricter')}</p>
              <RecordMarking label={record.label} />
            </div>
          )}
          {record.frozen && <p>{t('evaluation.frozenAt', { date: formatDateTime(record.frozen.at) })}</p>}
          {record.hash && (
            <p className="hash">
              {t('evaluation.hash')} <code>{record.hash}</code>
            </p>
          )}
        </div>
      </header>
      {record.missing.length > 0 && (
        <section className="card" aria-labelledby="evaluation-missing-heading">
          <h2 id="evaluation-missing-heading">{t('evaluation.missing')}</h2>
          <ul>
            {record.missing.map((m) => (
              <li key={`${m.path}-${m.message}`}>{issueText(m)}</li>
            ))}
          </ul>
        </section>
      )}
      {record.refusal && (
        <Alert kind="error">
          {record.refusal.errors.length ? record.refusal.errors.map(issueText).join(' · ') : record.refusal.detail}
        </Alert>
      )}
      {planner && record.state === 'open' ? (
        <EvaluationCriteriaForm record={record} onSaved={setFresh} />
      ) : (
        !result && <EvaluationCriteriaTree record={record} />
      )}
      {planner && record.state === 'open' && <EvaluationMethodForm record={record} onSaved={setFresh} />}
      {planner && <EvaluationLabelForm record={record} programme={programme} onSaved={setFresh} />}
      {me && record.state === 'open' && record.criteria && (
        <EvaluationInputsForm
          // A new tree starts the form anew; a new method keeps what the evaluator is typing.
          key={`${me.userId}|${design.leaves.join()}|${design.pairwise.map((n) => `${n.node}:${n.children.join()}`).join()}`}
          record={record}
          evaluator={me}
          offerName={offerCode}
          onSaved={setFresh}
        />
      )}
      {me && record.state === 'open' && record.criteria && (
        <EvaluationScoresImport programmeId={programmeId} onSaved={setFresh} />
      )}
      {props ? (
        <>
          <EvaluationRanking {...props} />
          <EvaluationCriteria {...props} />
          <div className="two-columns">
            <EvaluationFlipPoints {...props} />
            <EvaluationAcceptability {...props} />
          </div>
        </>
      ) : (
        <p className="muted">{t('evaluation.noResult')}</p>
      )}
      <EvaluationEvaluators record={record} design={design} offerName={offerName} offerCode={offerCode} />
      <section className="card" aria-labelledby="evaluation-documents-heading">
        <h2 id="evaluation-documents-heading">{t('evaluation.documents.title')}</h2>
        <ul className="document-links">
          <li>
            <a href={`/api/programmes/${programmeId}/evaluation/report.pdf?lang=${lang}`} download>
              {t('evaluation.documents.report')}
            </a>
          </li>
          <li>
            <a href={`/api/programmes/${programmeId}/evaluation/scores.xlsx?lang=${lang}`} download>
              {t('evaluation.documents.workbook')}
            </a>{' '}
            <span className="muted">{t('evaluation.documents.workbookHint')}</span>
          </li>
        </ul>
      </section>
    </div>
  );
}
