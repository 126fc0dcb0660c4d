import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { canAdminister, isSecurityOfficer, type Writer } from '../../../src/domain/policy.js';
import { api } from '../api/client.js';
import { currentLanguage, type Language } from '../i18n/index.js';
import { Link } from '../router.js';
import { useSession } from '../signed-in-user.js';
import { PageBanner } from './classification-banner.js';
import { LanguageSwitcher } from './language-switcher.js';
import { NotificationBell } from './notification-bell.js';

/**
 * Whether the reader administers something on the administration page: its
 * party's users (an administrator) or clearances and the audit log (a
 * security officer). Everyone else finds there only their own access, their
 * tokens, calendar address and password, under the name "My account".
 */
export const administers = (user: Writer) => canAdminister(user, user.party) || isSecurityOfficer(user);

/** The frame of a signed-in page: banners, header with navigation, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  // The language the user reads in is saved for the notifications e-mailed to them: when they choose one, and on
  // signing in when none was saved yet. Saving is a convenience of the page: a failure leaves the page as it is.
  const save = (language: Language) => void api.setOwnLanguage(language).catch(() => undefined);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per signed-in user.
  useEffect(() => {
    api.ownLanguage().then(
      (saved) => saved.language === null && save(currentLanguage()),
      () => undefined,
    );
  }, [user.id]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('layout.skipToContent')}
      </a>
      <PageBanner position="top" />
      <header className="app-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label={t('layout.navigation')}>
          <Link to="/">{t('nav.dashboard')}</Link>
          <Link to="/programmes">{t('nav.programmes')}</Link>
          <Link to="/industry">{t('nav.industry')}</Link>
          <Link to="/offsets">{t('nav.offsets')}</Link>
          <Link to="/search">{t('nav.search')}</Link>
          {isSecurityOfficer(user) && <Link to="/exchange">{t('nav.exchange')}</Link>}
          <Link to="/received">{t('nav.received')}</Link>
          <Link to="/admin">{administers(user) ? t('nav.admin') : t('nav.account')}</Link>
        </nav>
        <div className="header-end">
          <span className="who">
            {user.displayName} <span className="party-tag">{user.party}</span>
          </span>
          <NotificationBell />
          <LanguageSwitcher onChosen={save} />
          <button type="button" className="button ghost" onClick={signOut}>
            {t('layout.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <PageBanner position="bottom" />
    </div>
  );
}

/** The frame of the sign-in page: banners and the language switcher only. */
export function BareLayout({ children }: { children: ReactNode }) {
  return (
    <div className="shell bare">
      <PageBanner position="top" />
      <div className="bare-tools">
        <LanguageSwitcher />
      </div>
      <main id="main">{children}</main>
      <PageBanner position="bottom" />
    </div>
  );
}
