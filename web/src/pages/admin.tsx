import { useTranslation } from 'react-i18next';
import { canAdminister, isSecurityOfficer } from '../../../src/domain/policy.js';
import { ApiTokens } from '../components/api-tokens.js';
import { AuditLog } from '../components/audit-log.js';
import { CalendarAddress } from '../components/calendar-address.js';
import { ChangePasswordForm } from '../components/change-password-form.js';
import { EmailAddressForm } from '../components/email-address.js';
import { administers } from '../components/layout.js';
import { RaisesPanel } from '../components/raises-panel.js';
import { UsersPanel } from '../components/users-panel.js';
import { useSession } from '../signed-in-user.js';

/** The reader's own access (tokens, calendar), their party's users for admins, and the audit log for security officers. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="page admin-page">
      <div className="page-head">
        <h1>{administers(user) ? t('admin.title') : t('admin.accountTitle')}</h1>
      </div>
      <div className="two-columns">
        <ApiTokens />
        <div className="stack">
          <section className="card" aria-labelledby="calendar-address-heading">
            <h2 id="calendar-address-heading">{t('calendarAddress.title')}</h2>
            <p className="muted">{t('calendarAddress.hint')}</p>
            <CalendarAddress />
          </section>
          <EmailAddressForm />
          <ChangePasswordForm />
        </div>
      </div>
      {canAdminister(user, user.party) && <UsersPanel />}
      {isSecurityOfficer(user) && <RaisesPanel />}
      {isSecurityOfficer(user) && <AuditLog />}
    </div>
  );
}
