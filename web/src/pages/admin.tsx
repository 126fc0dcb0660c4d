import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS } from '../../../src/domain/labels.js';
import { ROLES, userCreateSchema } from '../../../src/domain/user.schema.js';
import { api } from '../api/client.js';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { AuditEntry, User } from '../api/types.js';
import { CalendarAddress } from '../components/calendar-address.js';
import { Alert, Field } from '../components/field.js';
import { LoadError } from '../components/load-error.js';
import { formatDateTime } from '../i18n/format.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** The reader's own access (tokens, calendar), their party's users for admins, and the audit log for security officers. */
export default function AdminPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  return (
    <div className="page admin-page">
      <div className="page-head">
        <h1>{t('admin.title')}</h1>
      </div>
      <div className="two-columns">
        <Tokens />
        <section className="card" aria-labelledby="calendar-address-heading">
          <h2 id="calendar-address-heading">{t('calendarAddress.title')}</h2>
          <p className="muted">{t('calendarAddress.hint')}</p>
          <CalendarAddress />
        </section>
      </div>
      {user.roles.includes('admin') && <Users />}
      {user.roles.includes('security_officer') && <AuditLog />}
    </div>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    if (!name.trim()) return setErrors([t('admin.tokenNameRequired')]);
    setErrors([]);
    try {
      const token = await api.createToken(name.trim());
      setCreated(token);
      setName('');
    } catch (err) {
      setFailure(err instanceof ProblemError ? err.detail || err.title : t('common.unexpectedError'));
    }
  }
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">{t('admin.tokens')}</h2>
      <p className="muted">{t('admin.tokensHint')}</p>
      {failure && <Alert kind="error">{failure}</Alert>}
      {created && (
        <Alert kind="success">
          <p>{t('admin.tokenShownOnce', { name: created.name })}</p>
          <input readOnly className="secret" dir="ltr" value={created.token} aria-label={t('admin.tokenValue')} />
        </Alert>
      )}
      <Field label={t('admin.tokenName')} errors={errors}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <button type="submit" className="button primary">
        {t('admin.createToken')}
      </button>
    </form>
  );
}

function Users() {
  const { t } = useTranslation();
  const users = useLoad(() => api.users(), []);
  return (
    <section className="card" aria-labelledby="users-heading">
      <h2 id="users-heading">{t('admin.users')}</h2>
      {users.state === 'failed' && <LoadError error={users.error} />}
      {users.state === 'ready' && (
        <table className="mini-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.displayName')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.clearance')}</th>
              <th scope="col">{t('admin.compartments')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u: User) => (
              <tr key={u.id}>
                <td dir="ltr">{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>{t(`classification.${u.clearance}`)}</td>
                <td>{u.compartments.join(', ') || t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
  const [roles, setRoles] = useState<Set<User['roles'][number]>>(new Set(['viewer']));
  const [clearance, setClearance] = useState<User['clearance']>('UNCLASSIFIED');
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setAdded(null);
    const input = { username, displayName, password, party: user.party, roles: [...roles], clearance, compartments: [] };
    const parsed = userCreateSchema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    try {
      const created = await api.addUser(parsed.data);
      setAdded(created.username);
      setUsername('');
      setDisplayName('');
      setPassword('');
      onAdded();
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(err.detail || err.title);
      } else setFailure(t('common.unexpectedError'));
    }
  }

  return (
    <form className="form add-user" onSubmit={submit} noValidate aria-labelledby="add-user-heading">
      <h3 id="add-user-heading">{t('admin.addUser', { party: user.party })}</h3>
      {failure && <Alert kind="error">{failure}</Alert>}
      {added && <Alert kind="success">{t('admin.userAdded', { username: added })}</Alert>}
      <div className="field-row">
        <Field label={t('admin.username')} errors={issuesAt(issues, 'username')}>
          {(p) => <input {...p} dir="ltr" autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} />}
        </Field>
        <Field label={t('admin.displayName')} errors={issuesAt(issues, 'displayName')}>
          {(p) => <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field label={t('admin.password')} errors={issuesAt(issues, 'password')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('admin.clearance')} errors={issuesAt(issues, 'clearance')}>
          {(p) => (
            <select {...p} value={clearance} onChange={(e) => setClearance(e.target.value as User['clearance'])}>
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {t(`classification.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="field-group">
        <legend>{t('admin.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              checked={roles.has(r)}
              onChange={() =>
                setRoles((s) => {
                  const next = new Set(s);
                  if (next.has(r)) next.delete(r);
                  else next.add(r);
                  return next;
                })
              }
            />
            {t(`role.${r}`)}
          </label>
        ))}
        {issuesAt(issues, 'roles').length > 0 && <p className="field-error">{issuesAt(issues, 'roles').join(' · ')}</p>}
      </fieldset>
      <button type="submit" className="button primary">
        {t('admin.add')}
      </button>
    </form>
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
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{t('admin.audit')}</h2>
      {loaded.state === 'failed' && <LoadError error={loaded.error} />}
      <div className="table-scroll audit-scroll" role="region" aria-label={t('admin.audit')} tabIndex={0}>
        <table className="mini-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.auditSeq')}</th>
              <th scope="col">{t('admin.auditAt')}</th>
              <th scope="col">{t('admin.auditParty')}</th>
              <th scope="col">{t('admin.auditAction')}</th>
              <th scope="col">{t('admin.auditEntity')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actorParty ?? t('common.none')}</td>
                <td dir="ltr">{e.action}</td>
                <td dir="ltr">{e.entityType}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {loaded.state === 'ready' && loaded.data.nextCursor && (
        <button type="button" className="button ghost" onClick={() => setCursor(loaded.data.nextCursor ?? undefined)}>
          {t('admin.more')}
        </button>
      )}
    </section>
  );
}
