import { useTranslation } from 'react-i18next';
import { Field } from './field.js';

interface TextFieldProps {
  /** The language the text is written in, which the label names. */
  lang: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly string[];
}

/** A new record's title, written in `lang`. */
export function TitleField({ lang, value, onChange, errors }: TextFieldProps) {
  const { t } = useTranslation();
  return (
    <Field label={t('edit.titleIn', { lang: lang.toUpperCase() })} errors={errors}>
      {(p) => <input {...p} dir="auto" value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

/** A new record's description, written in `lang`, over `rows` lines. */
export function DescriptionField({ lang, value, onChange, errors, rows }: TextFieldProps & { rows: number }) {
  const { t } = useTranslation();
  return (
    <Field label={t('edit.descriptionIn', { lang: lang.toUpperCase() })} errors={errors}>
      {(p) => <textarea {...p} dir="auto" rows={rows} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}
