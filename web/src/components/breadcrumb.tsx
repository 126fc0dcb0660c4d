import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../router.js';

/** One page on the way back up from the current one. */
export interface Crumb {
  to: string;
  label: ReactNode;
}

/**
 * The way back from a page: the dashboard, then each page of `trail` in turn, the nearest last. A page the
 * reader could not open is left out of the trail by the caller, so that every link leads somewhere.
 */
export function Breadcrumb({ trail = [] }: { trail?: readonly Crumb[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
      <Link to="/">{t('nav.dashboard')}</Link>
      {trail.map((crumb) => (
        <Fragment key={crumb.to}>
          <span aria-hidden="true">/</span>
          <Link to={crumb.to}>{crumb.label}</Link>
        </Fragment>
      ))}
    </nav>
  );
}
