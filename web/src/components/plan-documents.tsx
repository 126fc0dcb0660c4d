import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { ImportResult, WorkPlan } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { issueText } from '../i18n/problems.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { Alert } from './field.js';
import { TableHead } from './table-head.js';
import { useActionFeedback } from './use-action-feedback.js';

/** Every document of the plan in the reader's language, and the workbook to edit offline and bring back. */
export function PlanDocuments({ plan }: { plan: WorkPlan }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const lang = currentLanguage();
  const links = [
    { href: `/api/plans/${plan.id}/documents/plan.pdf?lang=${lang}`, label: t('documents.planPdf') },
    { href: `/api/plans/${plan.id}/documents/report.pdf?lang=${lang}`, label: t('documents.reportPdf') },
    { href: `/api/plans/${plan.id}/export.xlsx`, label: t('documents.workbook') },
    { href: `/api/plans/${plan.id}/export`, label: t('documents.exchange') },
  ];
  return (
    <div className="stack">
      <section className="card" aria-labelledby="documents-heading">
        <h2 id="documents-heading">{t('documents.title')}</h2>
        <ul className="document-links">
          {links.map((l) => (
            <li key={l.href}>
              <a href={l.href} download>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      </section>
      {canPlan(user, user.party) && <WorkbookImport />}
    </div>
  );
}

/** Brings a workbook back: all or nothing, each problem shown with its sheet, row and column. */
function WorkbookImport() {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  // What an import said is of the file sent: choosing another file drops it, problems and all.
  const chosen = file ? JSON.stringify([file.name, file.size, file.lastModified]) : '';
  const { failure, issues: problems, notice: result, run, clear, setFailure } = useActionFeedback<ImportResult>(chosen);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      clear();
      return setFailure(t('import.chooseFile'));
    }
    setBusy(true);
    await run(() => api.importWorkbook(file));
    setBusy(false);
  }

  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="import-heading">
      <h2 id="import-heading">{t('import.title')}</h2>
      <p className="muted">{t('import.hint')}</p>
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
      {problems.length > 0 && (
        <table className="mini-table import-problems">
          <caption>{t('import.problems', { count: problems.length })}</caption>
          <TableHead columns={[t('import.sheet'), t('import.row'), t('import.column'), t('import.message')]} />
          <tbody>
            {problems.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the import's problems are shown as answered, never reordered, and two may be alike.
              <tr key={i}>
                <td>{p.sheet ?? t('common.none')}</td>
                <td>{p.row ?? t('common.none')}</td>
                <td>{p.column ?? t('common.none')}</td>
                <td>{issueText(p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && (
        <Alert kind="success">
          {t('import.done', {
            created: result.created.activities,
            updated: result.updated.activities,
            unchanged: result.unchanged.activities,
          })}{' '}
          <Link to={`/plans/${result.planId}`}>{t('import.openPlan')}</Link>
        </Alert>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('import.importing') : t('import.submit')}
      </button>
    </form>
  );
}
