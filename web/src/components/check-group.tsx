import type { ReactNode } from 'react';

/** `list` with `item` added, or taken out if it was in; sorted, so that a draft compares equal whatever the order of clicks. */
export const toggled = <V extends string>(list: readonly V[], item: V): V[] =>
  (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]).sort();

/**
 * A group of checkboxes that picks some of a list (parties, roles,
 * compartments), with its errors beneath it; `empty` is said when there is
 * nothing to pick.
 */
export function CheckGroup<V extends string>({
  legend,
  options,
  value,
  onChange,
  errors = [],
  empty,
  hint,
  className = 'field-group',
}: {
  legend: string;
  options: readonly { value: V; label: ReactNode; disabled?: boolean }[];
  value: readonly V[];
  onChange: (value: V[]) => void;
  errors?: readonly string[];
  empty?: string;
  hint?: string;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {options.length === 0 && empty && <p className="muted">{empty}</p>}
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={value.includes(o.value)}
            disabled={o.disabled}
            onChange={() => onChange(toggled(value, o.value))}
          />
          {o.label}
        </label>
      ))}
      {hint && <p className="field-hint">{hint}</p>}
      {errors.length > 0 && (
        <p className="field-error" role="alert">
          {errors.join(' · ')}
        </p>
      )}
    </fieldset>
  );
}
