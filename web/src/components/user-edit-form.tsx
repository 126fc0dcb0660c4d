import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayGrant } from '../../../src/domain/grants.js';
import { passwordResetSchema, userPatchSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { issuesAt, issuesOf } from '../api/problem.js';
import type { ApiToken, ClearanceRequest, ManagedUser, UserPatch } from '../api/types.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';
import { CheckGroup } from './check-group.js';
import { EditFeedback } from './conflict-panel.js';
import { Alert, Field } from './field.js';
import { FormActions } from './form-actions.js';
import { LoadError } from './load-error.js';
import { revokeToken, TokenTable } from './token-table.js';
import { useActionFeedback } from './use-action-feedback.js';
import { useVersionedEdit } from './use-versioned-edit.js';
import { ClearanceField, PasswordField, RolesField } from './user-fields.js';

type Role = ManagedUser['roles'][number];

interface Draft {
  displayName: string;
  roles: Role[];
  clearance: ManagedUser['clearance'];
  compartments: string[];
  active: boolean;
}

const draftOf = (u: ManagedUser): Draft => ({
  displayName: u.displayName,
  roles: [...u.roles].sort(),
  clearance: u.clearance,
  compartments: [...u.compartments].sort(),
  active: u.active,
});

/** Only the fields the administrator changed. */
function patchOf(before: Draft, d: Draft): Omit<UserPatch, 'version'> {
  const patch: Omit<UserPatch, 'version'> = {};
  if (d.displayName.trim() !== before.displayName) patch.displayName = d.displayName.trim();
  if (d.roles.join() !== before.roles.join()) patch.roles = d.roles;
  if (d.clearance !== before.clearance) patch.clearance = d.clearance;
  if (d.compartments.join() !== before.compartments.join()) patch.compartments = d.compartments;
  if (d.active !== before.active) patch.active = d.active;
  return patch;
}

/** What a raise asks for, as the page shows it: the level and the compartments added. */
export const raiseText = (r: ClearanceRequest, t: (key: string) => string) =>
  [r.clearance ? t(`classification.${r.clearance}`) : null, ...r.compartments].filter(Boolean).join(', ');

/**
 * Changes a user of the administrator's party. Sends only what changed, with
 * the version it was read at; if another administrator changed the user
 * meanwhile, says so and lets the reader apply the same changes to the newer
 * version or drop them.
 */
export function UserEditForm({
  user,
  self,
  compartments,
  onChanged,
  onClose,
}: {
  user: ManagedUser;
  self: boolean;
  compartments: readonly { code: string; name: string }[];
  onChanged: (u: ManagedUser) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const edit = useVersionedEdit({
    record: user,
    draftOf,
    patchOf: (before, d) => patchOf(before, d),
    schema: userPatchSchema,
    save: (patch, version) => api.updateUser(user.id, { ...patch, version }),
    reload: () => api.user(user.id),
    onSaved: (u) => {
      if (u) onChanged(u);
    },
    onNewer: onChanged,
    nothingChanged: t('admin.nothingChanged'),
  });
  const { current, draft, set, issues, busy, submit } = edit;

  const field = (path: string) => issuesAt(issues, path);
  const headingId = `edit-user-${user.id}`;
  return (
    <div className="user-edit">
      <form className="form" onSubmit={submit} noValidate aria-labelledby={headingId}>
        <h3 id={headingId}>{t('admin.editUser', { username: user.username })}</h3>
        <EditFeedback
          edit={edit}
          message="admin.conflict"
          reapplyLabel={t('admin.reapply')}
          discardLabel={t('admin.discard')}
          saved={t('admin.saved')}
        />
        {current.pendingRaise && (
          <Alert kind="info">{t('admin.raiseAwaiting', { what: raiseText(current.pendingRaise, t) })}</Alert>
        )}
        <div className="field-row">
          <Field label={t('admin.displayName')} errors={field('displayName')}>
            {(p) => <input {...p} value={draft.displayName} onChange={(e) => set({ displayName: e.target.value })} />}
          </Field>
          <ClearanceField
            value={draft.clearance}
            onChange={(clearance) => set({ clearance })}
            errors={field('clearance')}
            offered={(c) => c === current.clearance || mayGrant.clearance(me, c)}
          />
        </div>
        <RolesField
          value={draft.roles}
          onChange={(roles) => set({ roles })}
          errors={field('roles')}
          offered={(r) => current.roles.includes(r) || mayGrant.role(me, r)}
        />
        <CheckGroup
          legend={t('admin.compartments')}
          options={compartments.map((c) => ({
            value: c.code,
            label: <span dir="ltr">{c.code}</span>,
            disabled: !current.compartments.includes(c.code) && !mayGrant.compartment(me, c.code),
          }))}
          value={draft.compartments}
          onChange={(compartments) => set({ compartments })}
          errors={field('compartments')}
        />
        <fieldset className="field-group">
          <legend>{t('admin.state')}</legend>
          <label className="check">
            <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} />
            {t('admin.activeLabel')}
          </label>
          <p className="field-hint">{t('admin.deactivateHint')}</p>
          {field('active').length > 0 && (
            <p className="field-error" role="alert">
              {field('active').join(' · ')}
            </p>
          )}
        </fieldset>
        <FormActions save={t('admin.save')} cancel={t('admin.close')} onCancel={onClose} disabled={busy} />
      </form>
      {!self && <PasswordReset user={current} />}
      {!self && <UserTokens user={current} />}
    </div>
  );
}

/** The live API tokens of a user of the party, which the administrator may revoke. */
function UserTokens({ user }: { user: ManagedUser }) {
  const { t } = useTranslation();
  const tokens = useLoad(() => api.tokens(user.username), [user.username, user.version]);
  // Said until another revocation, or until the tokens read otherwise.
  const {
    failure,
    notice: revoked,
    run,
  } = useActionFeedback<string>(JSON.stringify(tokens.data?.items.map((tk) => tk.id) ?? null));
  const revoke = (token: ApiToken) =>
    run(
      () => revokeToken(token, tokens.reload),
      () => true,
    );
  const headingId = `user-tokens-${user.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h4 id={headingId}>{t('admin.userTokens', { username: user.username })}</h4>
      {failure && <Alert kind="error">{failure}</Alert>}
      {revoked && <Alert kind="success">{t('admin.tokenRevoked', { name: revoked })}</Alert>}
      {tokens.state === 'failed' && <LoadError error={tokens.error} />}
      {tokens.state === 'ready' && <TokenTable tokens={tokens.data.items} onRevoke={revoke} />}
    </section>
  );
}

/** An administrator gives a user of the party a new password. */
function PasswordReset({ user }: { user: ManagedUser }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  // Said until another try, or (a refused password) until the password changes.
  const { failure, issues, notice: done, run, clear, setIssues } = useActionFeedback<true>('', { password });
  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = passwordResetSchema.safeParse({ password });
    if (!parsed.success) {
      clear();
      return setIssues(issuesOf(parsed.error.issues));
    }
    await run(async () => {
      await api.resetPassword(user.id, parsed.data.password);
      setPassword('');
      return true;
    });
  }
  const headingId = `reset-password-${user.id}`;
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h4 id={headingId}>{t('admin.resetPassword')}</h4>
      {failure && <Alert kind="error">{failure}</Alert>}
      {done && <Alert kind="success">{t('admin.passwordReset', { username: user.username })}</Alert>}
      <PasswordField
        label={t('admin.newPassword')}
        hint={t('admin.resetPasswordHint')}
        value={password}
        onChange={setPassword}
        errors={issuesAt(issues, 'password')}
      />
      <button type="submit" className="button">
        {t('admin.resetPassword')}
      </button>
    </form>
  );
}
