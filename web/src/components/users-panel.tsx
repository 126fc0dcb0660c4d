import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayManage } from '../../../src/domain/grants.js';
import { api } from '../api/client.js';
import type { ManagedUser } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { AddUserForm } from './add-user-form.js';
import { LoadError } from './load-error.js';
import { RecordTable } from './record-table.js';
import { raiseText, UserEditForm } from './user-edit-form.js';

/** The users of the administrator's party: each one's access, edited in place when within the administrator's reach. */
export function UsersPanel() {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const users = useLoad(() => api.users(), []);
  const compartments = useLoad(() => api.compartments(), []);
  const [editing, setEditing] = useState<string | null>(null);
  const edited = users.state === 'ready' ? users.data.items.find((u) => u.id === editing) : undefined;
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">{t('admin.users')}</h2>
      {users.state === 'failed' && <LoadError error={users.error} />}
      {users.state === 'ready' && (
        <div className="table-scroll">
          <RecordTable
            className="mini-table users-table"
            records={users.data.items}
            keyOf={(u) => u.id}
            rowClass={(u) => (u.active ? undefined : 'inactive')}
            columns={[
              { head: t('admin.username'), cell: (u) => u.username, dir: 'ltr' },
              { head: t('admin.displayName'), cell: (u) => u.displayName },
              { head: t('admin.roles'), cell: (u) => u.roles.map((r) => t(`role.${r}`)).join(', ') },
              {
                head: t('admin.clearance'),
                cell: (u) => (
                  <>
                    {t(`classification.${u.clearance}`)}
                    {u.pendingRaise && (
                      <span className="muted"> ({t('admin.raisePending', { what: raiseText(u.pendingRaise, t) })})</span>
                    )}
                  </>
                ),
              },
              { head: t('admin.compartments'), cell: (u) => u.compartments.join(', ') || t('common.none') },
              { head: t('admin.state'), cell: (u) => (u.active ? t('admin.active') : t('admin.inactive')) },
              {
                head: t('admin.actions'),
                cell: (u: ManagedUser) =>
                  mayManage(me, u) ? (
                    <button
                      type="button"
                      className="button ghost"
                      aria-label={t('admin.editUser', { username: u.username })}
                      aria-expanded={editing === u.id}
                      onClick={() => setEditing(editing === u.id ? null : u.id)}
                    >
                      {t('admin.edit')}
                    </button>
                  ) : (
                    <span className="muted">{t('admin.beyondReach')}</span>
                  ),
              },
            ]}
          />
        </div>
      )}
      {edited && (
        <UserEditForm
          key={edited.id}
          user={edited}
          self={edited.id === me.id}
          compartments={compartments.state === 'ready' ? compartments.data.items : []}
          onChanged={users.reload}
          onClose={() => setEditing(null)}
        />
      )}
      <AddUserForm onAdded={users.reload} />
    </section>
  );
}
