import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayGrant, mayManage } from '../../../src/domain/grants.js';
import { canAdminister, isSecurityOfficer } from '../../../src/domain/policy.js';
import { passwordChangeSchema, userCreateSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { ApiToken, AuditEntry, ClearanceRequest, ManagedUser, User } from '../api/types.js';
import { CalendarAddress } from '../components/calendar-address.js';
import { RecordMarking, usePageLabels } from '../components/classification-banner.js';
import { Alert, Field } from '../components/field.js';
import { administers } from '../components/layout.js';
import { LoadError } from '../components/load-error.js';
import { ScrollRegion } from '../components/scroll-region.js';
import { TableHead } from '../components/table-head.js';
import { revokeToken, TokenTable } from '../components/token-table.js';
import { useActionFeedback } from '../components/use-action-feedback.js';
import { raiseText, UserEditForm } from '../components/user-edit-form.js';
import { ClearanceField, PasswordField, RolesField } from '../components/user-fields.js';
import { formatDateTime } from '../i18n/format.js';
import { problemText } from '../i18n/problems.js';
import { useSession } from '../signed-in-user.js';
import { useLoad } from '../use-load.js';

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
        <Tokens />
        <div className="stack">
          <section className="card" aria-labelledby="calendar-address-heading">
            <h2 id="calendar-address-heading">{t('calendarAddress.title')}</h2>
            <p className="muted">{t('calendarAddress.hint')}</p>
            <CalendarAddress />
          </section>
          <ChangePassword />
        </div>
      </div>
      {canAdminister(user, user.party) && <Users />}
      {isSecurityOfficer(user) && <Raises />}
      {isSecurityOfficer(user) && <AuditLog />}
    </div>
  );
}

type TokenNotice = { created: { name: string; token: string } } | { revoked: string };

function Tokens() {
  const { t } = useTranslation();
  const tokens = useLoad(() => api.tokens(), []);
  const [name, setName] = useState('');
  // Said until another action, until the tokens read otherwise, or (a refused name) until the name changes.
  const { failure, notice, issues, run, clear, setIssues } = useActionFeedback<TokenNotice>(
    JSON.stringify(tokens.data?.items.map((tk) => tk.id) ?? null),
    { name },
  );
  const created = notice && 'created' in notice ? notice.created : null;
  const revoked = notice && 'revoked' in notice ? notice.revoked : null;
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      clear();
      return setIssues([{ path: 'name', message: t('admin.tokenNameRequired') }]);
    }
    await run(
      async () => {
        const token = await api.createToken(name.trim());
        setName('');
        tokens.reload();
        return { created: token };
      },
      (outcome) => outcome === 'done',
    );
  }
  const revoke = (token: ApiToken) =>
    run(
      async () => {
        const name = await revokeToken(token, tokens.reload);
        return name === null ? null : { revoked: name };
      },
      () => true,
    );
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('admin.tokens')}</h2>
      <p className="muted">{t('admin.tokensHint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {revoked && <Alert kind="success">{t('admin.tokenRevoked', { name: revoked })}</Alert>}
      {tokens.state === 'failed' && <LoadError error={tokens.error} />}
      {tokens.state === 'ready' && <TokenTable tokens={tokens.data.items} onRevoke={revoke} />}
      {created && (
        <Alert kind="success">
          <p>{t('admin.tokenShownOnce', { name: created.name })}</p>
          <input readOnly className="secret" dir="ltr" value={created.token} aria-label={t('admin.tokenValue')} />
        </Alert>
      )}
      <Field label={t('admin.tokenName')} errors={issuesAt(issues, 'name')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary">
        {t('admin.createToken')}
      </button>
    </form>
  );
}

/** A signed-in user changes their own password, giving the current one. */
function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(false);
    setFailure(null);
    const parsed = passwordChangeSchema.safeParse({ currentPassword: current, newPassword: next });
    const found = parsed.success ? [] : issuesOf(parsed.error.issues);
    if (next !== repeat) found.push({ path: 'repeat', message: t('admin.passwordsDiffer') });
    if (!parsed.success || found.length) return setIssues(found);
    setIssues([]);
    try {
      await api.changePassword(parsed.data);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
      } else setFailure(t('common.unexpectedError'));
    }
  }
  return (
    <form className="card form change-password" onSubmit={submit} noValidate aria-labelledby="my-password-heading">
      <h2 id="my-password-heading">{t('admin.myPassword')}</h2>
      {failure && <Alert kind="error">{failure}</Alert>}
      {done && <Alert kind="success">{t('admin.passwordChanged')}</Alert>}
      <PasswordField
        label={t('admin.currentPassword')}
        value={current}
        onChange={setCurrent}
        errors={issuesAt(issues, 'currentPassword')}
        autoComplete="current-password"
      />
      <PasswordField label={t('admin.newPassword')} value={next} onChange={setNext} errors={issuesAt(issues, 'newPassword')} />
      <PasswordField label={t('admin.repeatPassword')} value={repeat} onChange={setRepeat} errors={issuesAt(issues, 'repeat')} />
      <button type="submit" className="button primary">
        {t('admin.changePassword')}
      </button>
    </form>
  );
}

function Users() {
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
          <table className="mini-table users-table">
            <TableHead
              columns={[
                t('admin.username'),
                t('admin.displayName'),
                t('admin.roles'),
                t('admin.clearance'),
                t('admin.compartments'),
                t('admin.state'),
                t('admin.actions'),
              ]}
            />
            <tbody>
              {users.data.items.map((u: ManagedUser) => (
                <tr key={u.id} className={u.active ? undefined : 'inactive'}>
                  <td dir="ltr">{u.username}</td>
                  <td>{u.displayName}</td>
                  <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>
                    {t(`classification.${u.clearance}`)}
                    {u.pendingRaise && (
                      <span className="muted"> ({t('admin.raisePending', { what: raiseText(u.pendingRaise, t) })})</span>
                    )}
                  </td>
                  <td>{u.compartments.join(', ') || t('common.none')}</td>
                  <td>{u.active ? t('admin.active') : t('admin.inactive')}</td>
                  <td>
                    {mayManage(me, u) ? (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
      <AddUser onAdded={users.reload} />
    </section>
  );
}

function AddUser({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<User['roles'][number][]>(['viewer']);
  const [clearance, setClearance] = useState<User['clearance']>('UNCLASSIFIED');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [awaiting, setAwaiting] = useState<ClearanceRequest | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setAdded(null);
    const input = { username, displayName, password, party: user.party, roles, clearance, compartments: [] };
    const parsed = userCreateSchema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    try {
      const created = await api.addUser(parsed.data);
      setAdded(created.username);
      setAwaiting(created.pendingRaise);
      setUsername('');
      setDisplayName('');
      setPassword('');
      onAdded();
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
      } else setFailure(t('common.unexpectedError'));
    }
  }

  return (
    <form className="form add-user" onSubmit={submit} noValidate aria-labelledby="add-user-heading">
      <h3 id="add-user-heading">{t('admin.addUser', { party: user.party })}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      {added && <Alert kind="success">{t('admin.userAdded', { username: added })}</Alert>}
      {added && awaiting && <Alert kind="info">{t('admin.raiseAwaiting', { what: raiseText(awaiting, t) })}</Alert>}
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

/** Raises of clearance or compartments of the party awaiting a security officer: the second person of the two-person rule. */
function Raises() {
  const { t } = useTranslation();
  const raises = useLoad(() => api.clearanceRequests(), []);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function decide(r: ClearanceRequest, decision: 'confirm' | 'refuse') {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await api.decideRaise(r.id, decision);
      setDone(t(decision === 'confirm' ? 'admin.raiseConfirmed' : 'admin.raiseRefused', { username: r.username }));
      raises.reload();
    } catch (err) {
      setFailure(problemText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="card" aria-labelledby="raises-heading">
      <h2 id="raises-heading">{t('admin.raises')}</h2>
      <p className="muted">{t('admin.raisesHint')}</p>
      {raises.state === 'failed' && <LoadError error={raises.error} />}
      {failure && <Alert kind="error">{failure}</Alert>}
      {done && (
        <div role="status">
          <Alert kind="success">{done}</Alert>
        </div>
      )}
      {raises.state === 'ready' && raises.data.items.length === 0 && <p>{t('admin.noRaises')}</p>}
      {raises.state === 'ready' && raises.data.items.length > 0 && (
        <table className="mini-table raises-table">
          <TableHead columns={[t('admin.username'), t('admin.raiseTo'), t('admin.askedBy'), t('admin.actions')]} />
          <tbody>
            {raises.data.items.map((r) => (
              <tr key={r.id}>
                <td dir="ltr">{r.username}</td>
                <td>{raiseText(r, t)}</td>
                <td dir="ltr">
                  {r.requestedBy} · {formatDateTime(r.requestedAt)}
                </td>
                <td>
                  <button type="button" className="button primary" disabled={busy} onClick={() => void decide(r, 'confirm')}>
                    {t('admin.confirmRaise')}
                  </button>{' '}
                  <button type="button" className="button ghost" disabled={busy} onClick={() => void decide(r, 'refuse')}>
                    {t('admin.refuseRaise')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AuditLog() {
  const { t } = useTranslation();
  // Pages by the cursor they were read from, so that reading one twice shows it once.
  const [pages, setPages] = useState<Map<string, AuditEntry[]>>(new Map());
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const loaded = useLoad(async () => {
    const page = await api.audit(cursor);
    setPages((p) => new Map(p).set(cursor ?? '', page.items));
    return page;
  }, [cursor]);
  const entries = [...pages.values()].flat();
  // The page is marked as the most sensitive entry it lists; a name no party knows marks nothing.
  const owned = entries.flatMap((e) => (e.ownerParty === null ? [] : [{ ...e, ownerParty: e.ownerParty }]));
  usePageLabels(owned);
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('admin.audit')}</h2>
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      <ScrollRegion className="table-scroll audit-scroll" label={t('admin.audit')}>
        <table className="mini-table">
          <TableHead
            columns={[
              t('admin.auditSeq'),
              t('admin.auditMarking'),
              t('admin.auditAt'),
              t('admin.auditParty'),
              t('admin.auditAction'),
              t('admin.auditEntity'),
            ]}
          />
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>
                  {e.ownerParty === null ? (
                    <abbr className="record-marking portion level-UNCLASSIFIED" title={t(`classification.${e.classification}`)}>
                      ({t(`classificationShort.${e.classification}`)})
                    </abbr>
                  ) : (
                    <RecordMarking label={{ ...e, ownerParty: e.ownerParty }} compact />
                  )}
                </td>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actorParty ?? t('common.none')}</td>
                <td dir="ltr">{e.action}</td>
                <td dir="ltr">{e.entityType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {loaded.state === 'ready' && loaded.data.nextCursor && (
        <button type="button" className="button ghost" onClick={() => setCursor(loaded.data.nextCursor ?? undefined)}>
          {t('admin.more')}
        </button>
      )}
    </section>
  );
}
