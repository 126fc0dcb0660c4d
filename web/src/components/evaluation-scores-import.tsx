import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import type { EvaluationRecord } from '../api/types.js';
import { issueText } from '../i18n/problems.js';
import { Alert } from './field.js';
import { TableHead } from './table-head.js';
import { useActionFeedback } from './use-action-feedback.js';

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
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  // What an upload said is of the file sent: choosing another file drops it, problems and all.
  const chosen = file ? JSON.stringify([file.name, file.size, file.lastModified]) : '';
  const { failure, issues, notice, run, clear, setFailure } = useActionFeedback<true>(chosen);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      clear();
      return setFailure(t('import.chooseFile'));
    }
    setBusy(true);
    await run(async () => {
      onSaved(await api.importEvaluationScores(programmeId, file));
      return true;
    });
    setBusy(false);
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="evaluation-import-heading">
      <h2 id="evaluation-import-heading">{t('evaluation.documents.upload')}</h2>
      <p className="muted">{t('evaluation.documents.uploadHint')}</p>
      <div className="field">
        <label htmlFor={inputId}>{t('import.file')}</label>
        <input
          id={inputId}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      {failure && <Alert kind="error">{failure}</Alert>}
      {issues.length > 0 && (
        <table className="mini-table import-problems">
          <caption>{t('import.problems', { count: issues.length })}</caption>
          <TableHead columns={[t('import.sheet'), t('import.row'), t('import.column'), t('import.message')]} />
          <tbody>
            {issues.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the problems are shown as answered, never reordered, and two may be alike.
              <tr key={i}>
                <td>{p.sheet ?? t('common.none')}</td>
                <td>{p.row ?? t('common.none')}</td>
                <td dir="auto">{p.column ?? t('common.none')}</td>
                <td>{issueText(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notice && <Alert kind="success">{t('evaluation.documents.uploaded')}</Alert>}
      <button type="submit" className="button primary" disabled={busy}>
        {t('evaluation.documents.uploadSubmit')}
      </button>
    </form>
  );
}
