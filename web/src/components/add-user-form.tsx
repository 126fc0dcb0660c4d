import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayGrant } from '../../../src/domain/grants.js';
import { userCreateSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { issuesAt, issuesOf } from '../api/problem.js';
import type { ClearanceRequest, User } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { Alert, Field } from './field.js';
import { useActionFeedback } from './use-action-feedback.js';
import { raiseText } from './user-edit-form.js';
import { ClearanceField, PasswordField, RolesField } from './user-fields.js';

/** An administrator adds a user to their own party, with the roles and clearance it may grant. */
export function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<User['roles'][number][]>(['viewer']);
  const [clearance, setClearance] = useState<User['clearance']>('UNCLASSIFIED');
  // The user added, said until the next attempt.
  const {
    failure,
    notice: added,
    issues,
    run,
    clear,
    setIssues,
  } = useActionFeedback<{ username: string; pendingRaise: ClearanceRequest | null }>('');

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = { username, displayName, password, party: user.party, roles, clearance, compartments: [] };
    const parsed = userCreateSchema.safeParse(input);
    if (!parsed.success) {
      clear();
      return setIssues(issuesOf(parsed.error.issues));
    }
    await run(async () => {
      const created = await api.addUser(parsed.data);
      setUsername('');
      setDisplayName('');
      setPassword('');
      onAdded();
      return created;
    });
  }

  return (
    <form className="form add-user" onSubmit={submit} noValidate aria-labelledby="add-user-heading">
      <h3 id="add-user-heading">{t('admin.addUser', { party: user.party })}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      {added && <Alert kind="success">{t('admin.userAdded', { username: added.username })}</Alert>}
      {added?.pendingRaise && <Alert kind="info">{t('admin.raiseAwaiting', { what: raiseText(added.pendingRaise, t) })}</Alert>}
      <div className="field-row">
        <Field label={t('admin.username')} errors={issuesAt(issues, 'username')}>
          {(p) => <input {...p} dir="ltr" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('admin.displayName')} errors={issuesAt(issues, 'displayName')}>
          {(p) => <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <PasswordField
          label={t('admin.password')}
          value={password}
          onChange={setPassword}
          errors={issuesAt(issues, 'password')}
        />
        <ClearanceField
          value={clearance}
          onChange={setClearance}
          errors={issuesAt(issues, 'clearance')}
          offered={(c) => mayGrant.clearance(user, c)}
        />
      </div>
      <RolesField value={roles} onChange={setRoles} errors={issuesAt(issues, 'roles')} offered={(r) => mayGrant.role(user, r)} />
      <button type="submit" className="button primary">
        {t('admin.add')}
      </button>
    </form>
  );
}
