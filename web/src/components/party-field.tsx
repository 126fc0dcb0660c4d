import { Field } from './field.js';

/** A field that picks one of the commission's parties (a host, a lead, who answers for an action). */
export function PartyField({
  label,
  value,
  onChange,
  parties,
  errors,
}: {
  label: string;
  value: string;
  onChange: (party: string) => void;
  parties: readonly string[];
  errors: readonly string[];
}) {
  return (
    <Field label={label} errors={errors}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {parties.map((party) => (
            <option key={party} value={party}>
              {party}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
