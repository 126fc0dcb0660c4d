import { useTranslation } from 'react-i18next';
import { canPlan } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import type { ImportResult, WorkPlan } from '../api/types.js';
import { currentLanguage } from '../i18n/index.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { WorkbookUpload } from './workbook-upload.js';

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
  return (
    <WorkbookUpload<ImportResult>
      headingId="import-heading"
      heading={t('import.title')}
      hint={t('import.hint')}
      upload={(file) => api.importWorkbook(file)}
      done={(result) => (
        <>
          {t('import.done', {
            created: result.created.activities,
            updated: result.updated.activities,
            unchanged: result.unchanged.activities,
          })}{' '}
          <Link to={`/plans/${result.planId}`}>{t('import.openPlan')}</Link>
        </>
      )}
      submit={(busy) => (busy ? t('import.importing') : t('import.submit'))}
    />
  );
}
