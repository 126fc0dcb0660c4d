import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { issueText } from '../i18n/problems.js';
import { Alert } from './field.js';
import { TableHead } from './table-head.js';
import { useActionFeedback } from './use-action-feedback.js';

/**
 * A workbook brought back through the API: all or nothing, each problem
 * shown with its sheet, row and column, and what the upload did once it
 * went through. What an upload said is of the file sent: choosing another
 * file drops it, problems and all.
 */
export function WorkbookUpload<R>({
  headingId,
  heading,
  hint,
  upload,
  done,
  submit,
}: {
  headingId: string;
  heading: string;
  hint: string;
  /** Sends the file; what it resolves to is said by `done`. */
  upload: (file: File) => Promise<R>;
  done: (result: R) => ReactNode;
  /** The send button's text, while the file is sent or not. */
  submit: (busy: boolean) => string;
}) {
  const { t } = useTranslation();
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = file ? JSON.stringify([file.name, file.size, file.lastModified]) : '';
  const { failure, issues, notice, run, clear, setFailure } = useActionFeedback<{ result: R }>(chosen);

  async function send(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      clear();
      return setFailure(t('import.chooseFile'));
    }
    setBusy(true);
    await run(async () => ({ result: await upload(file) }));
    setBusy(false);
  }

  return (
    <form className="card form" onSubmit={send} noValidate aria-labelledby={headingId}>
      <h2 id={headingId}>{heading}</h2>
      <p className="muted">{hint}</p>
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
      {notice && <Alert kind="success">{done(notice.result)}</Alert>}
      <button type="submit" className="button primary" disabled={busy}>
        {submit(busy)}
      </button>
    </form>
  );
}
