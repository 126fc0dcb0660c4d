import { useTranslation } from 'react-i18next';
import { ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';
import { Alert } from './field.js';

/** Why a page could not load, in the reader's terms; a hidden record reads as not found. */
export function LoadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ProblemError && error.status === 404) return <Alert kind="error">{t('common.notFound')}</Alert>;
  if (error instanceof ProblemError) return <Alert kind="error">{problemText(error)}</Alert>;
  return <Alert kind="error">{t('common.unexpectedError')}</Alert>;
}
