import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS } from '../../../src/domain/labels.js';
import { ROLES } from '../../../src/domain/user.schema.js';
import type { User } from '../api/types.js';
import { CheckGroup } from './check-group.js';
import { Field } from './field.js';

type Role = User['roles'][number];
type Clearance = User['clearance'];

/** A user's clearance, as a new user is added and a user is changed: levels the administrator may not grant are shown but not offered. */
export function ClearanceField({
  value,
  onChange,
  errors,
  offered,
}: {
  value: Clearance;
  onChange: (value: Clearance) => void;
  errors: readonly string[];
  offered: (level: Clearance) => boolean;
}) {
  const { t } = useTranslation();
  return (
    <Field label={t('admin.clearance')} errors={errors}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as Clearance)}>
          {CLASSIFICATIONS.map((c) => (
            <option key={c} value={c} disabled={!offered(c)}>
              {t(`classification.${c}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A user's roles, as a new user is added and a user is changed: roles the administrator may not grant are shown but not offered. */
export function RolesField({
  value,
  onChange,
  errors,
  offered,
}: {
  value: readonly Role[];
  onChange: (value: Role[]) => void;
  errors: readonly string[];
  offered: (role: Role) => boolean;
}) {
  const { t } = useTranslation();
  return (
    <CheckGroup
      legend={t('admin.roles')}
      options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`), disabled: !offered(r) }))}
      value={value}
      onChange={onChange}
      errors={errors}
    />
  );
}

/** A password typed in: one being chosen (`new-password`, the default) or the one in use, for the browser's password manager. */
export function PasswordField({
  label,
  hint,
  value,
  onChange,
  errors,
  autoComplete = 'new-password',
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly string[];
  autoComplete?: 'new-password' | 'current-password';
}) {
  return (
    <Field label={label} hint={hint} errors={errors}>
      {(p) => (
        <input {...p} type="password" autoComplete={autoComplete} value={value} onChange={(e) => onChange(e.target.value)} />
      )}
    </Field>
  );
}
