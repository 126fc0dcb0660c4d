import { useTranslation } from 'react-i18next';

/** The head of a table of changes: each field's value before and after, after `first` (what changed) when given. */
export function ChangeTableHead({ first }: { first?: string }) {
  const { t } = useTranslation();
  return (
    <thead>
      <tr>
        {first && <th scope="col">{first}</th>}
        <th scope="col">{t('history.field')}</th>
        <th scope="col">{t('history.before')}</th>
        <th scope="col">{t('history.after')}</th>
      </tr>
    </thead>
  );
}
