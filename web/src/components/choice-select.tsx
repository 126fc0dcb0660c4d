/**
 * A list that picks one of a fixed set of values (a kind, a role), each shown
 * by its text in the reader's language; given a Field's control props. Only
 * the choices are offered, so the value picked is always one of them.
 */
export function ChoiceSelect<C extends string>({
  choices,
  text,
  value,
  onChange,
  ...control
}: {
  choices: readonly C[];
  text: Record<C, string>;
  value: C;
  onChange: (choice: C) => void;
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value as C)}>
      {choices.map((c) => (
        <option key={c} value={c}>
          {text[c]}
        </option>
      ))}
    </select>
  );
}
