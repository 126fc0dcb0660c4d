import { useTranslation } from 'react-i18next';
import { CLASSIFICATIONS, type Classification, levelOf } from '../../../src/domain/labels.js';
import { useSession } from '../signed-in-user.js';
import { CheckGroup } from './check-group.js';
import { Field } from './field.js';

/** The security label a writer gives a new record; the owner party is always the writer's. */
export interface LabelDraft {
  classification: Classification;
  releasableTo: string[];
  compartments: string[];
}

/**
 * Classification, releasability and compartments of a record being created.
 * Only levels up to the writer's clearance and the writer's own compartments
 * are offered, since the API refuses a label that would hide the record from
 * its own writer, the signed-in user.
 */
export function LabelFields({
  value,
  onChange,
  parties,
  errors,
}: {
  value: LabelDraft;
  onChange: (v: LabelDraft) => void;
  /** The parties the record may be released to: the commission's, the writer's own left out. */
  parties: readonly string[];
  errors: (path: string) => string[];
}) {
  const { t } = useTranslation();
  const { user } = useSession();
  const levels = CLASSIFICATIONS.filter((c) => levelOf(c) <= levelOf(user.clearance));
  const others = parties.filter((p) => p !== user.party);
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
      <CheckGroup
        legend={t('labelFields.releasableTo')}
        options={others.map((p) => ({ value: p, label: <span dir="ltr">{p}</span> }))}
        value={value.releasableTo}
        onChange={(releasableTo) => onChange({ ...value, releasableTo })}
        errors={errors('releasableTo')}
        empty={t('labelFields.noPartners')}
      />
      <CheckGroup
        legend={t('labelFields.compartments')}
        options={user.compartments.map((c) => ({ value: c, label: <span dir="ltr">{c}</span> }))}
        value={value.compartments}
        onChange={(compartments) => onChange({ ...value, compartments })}
        errors={errors('compartments')}
        empty={t('labelFields.noCompartments')}
      />
    </fieldset>
  );
}
