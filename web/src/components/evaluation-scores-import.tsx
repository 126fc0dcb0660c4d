import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { EvaluationRecord } from '../api/types.js';
import { WorkbookUpload } from './workbook-upload.js';

/**
 * The signed-in evaluator's scores brought back from the evaluation's
 * workbook: all or nothing, through the same rules as the form; each problem
 * shown with its sheet, row and column, and nothing recorded then.
 */
export function EvaluationScoresImport({
  programmeId,
  onSaved,
}: {
  programmeId: string;
  onSaved: (record: EvaluationRecord) => void;
}) {
  const { t } = useTranslation();
  return (
    <WorkbookUpload
      headingId="evaluation-import-heading"
      heading={t('evaluation.documents.upload')}
      hint={t('evaluation.documents.uploadHint')}
      upload={async (file) => onSaved(await api.importEvaluationScores(programmeId, file))}
      done={() => t('evaluation.documents.uploaded')}
      submit={() => t('evaluation.documents.uploadSubmit')}
    />
  );
}
