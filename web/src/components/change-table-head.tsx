import { useTranslation } from 'react-i18next';
import { TableHead } from './table-head.js';

/** The head of a table of changes: each field's value before and after, after `first` (what changed) when given. */
export function ChangeTableHead({ first }: { first?: string }) {
  const { t } = useTranslation();
  return <TableHead columns={[first ?? false, t('history.field'), t('history.before'), t('history.after')]} />;
}
