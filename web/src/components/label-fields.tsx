import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS, type Classification, levelOf } from '../../../src/domain/labels.js';
import type { User } from '../api/types.js';
import { Field } from './field.js';

/** The security label a writer gives a new record; the owner party is always the writer's. */
export interface LabelDraft {
  classification: Classification;
  releasableTo: string[];
  compartments: string[];
}

export const toggled = (list: readonly string[], item: string) =>
  (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]).sort();

/**
 * Classification, releasability and compartments of a record being created.
 * Only levels up to the writer's clearance and the writer's own compartments
 * are offered, since the API refuses a label that would hide the record from
 * its own writer.
 */
export function LabelFields({
  value,
  onChange,
  user,
  parties,
  errors,
}: {
  value: LabelDraft;
  onChange: (v: LabelDraft) => void;
  user: User;
  /** The parties the record may be released to: the commission's, the writer's own left out. */
  parties: readonly string[];
  errors: (path: string) => string[];
}) {
  const { t } = useTranslation();
  const levels = CLASSIFICATIONS.filter((c) => levelOf(c) <= levelOf(user.clearance));
  const others = parties.filter((p) => p !== user.party);
  const fieldErrors = (path: string) => {
    const messages = errors(path);
    return (
      messages.length > 0 && (
        <p className="field-error" role="alert">
          {messages.join(' · ')}
        </p>
      )
    );
  };
  return (
    <fieldset className="field-group label-fields">
      <legend>{t('labelFields.heading')}</legend>
      <Field label={t('labelFields.classification')} errors={errors('classification')}>
        {(p) => (
          <select
            {...p}
            value={value.classification}
            onChange={(e) => onChange({ ...value, classification: e.target.value as Classification })}
          >
            {levels.map((c) => (
              <option key={c} value={c}>
                {t(`classification.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="field-group">
        <legend>{t('labelFields.releasableTo')}</legend>
        {others.length === 0 && <p className="muted">{t('labelFields.noPartners')}</p>}
        {others.map((p) => (
          <label key={p} className="check">
            <input
              type="checkbox"
              checked={value.releasableTo.includes(p)}
              onChange={() => onChange({ ...value, releasableTo: toggled(value.releasableTo, p) })}
            />
            <span dir="ltr">{p}</span>
          </label>
        ))}
        {fieldErrors('releasableTo')}
      </fieldset>
      <fieldset className="field-group">
        <legend>{t('labelFields.compartments')}</legend>
        {user.compartments.length === 0 && <p className="muted">{t('labelFields.noCompartments')}</p>}
        {user.compartments.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              checked={value.compartments.includes(c)}
              onChange={() => onChange({ ...value, compartments: toggled(value.compartments, c) })}
            />
            <span dir="ltr">{c}</span>
          </label>
        ))}
        {fieldErrors('compartments')}
      </fieldset>
    </fieldset>
  );
}
