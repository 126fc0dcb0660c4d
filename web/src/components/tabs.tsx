import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';

/**
 * Tabs as assistive technology expects them: arrow keys move between tabs
 * (mirrored right to left), Home and End jump, and only the chosen panel is drawn.
 */
export function Tabs<K extends string>({
  label,
  tabs,
  chosen,
  onChoose,
  children,
}: {
  label: string;
  tabs: { key: K; label: string }[];
  chosen: K;
  onChoose: (k: K) => void;
  children: ReactNode;
}) {
  const id = useId();
  const refs = useRef(new Map<K, HTMLButtonElement>());
  const keys = tabs.map((t) => t.key);
  function onKeyDown(e: KeyboardEvent) {
    const rtl = document.documentElement.dir === 'rtl';
    const i = keys.indexOf(chosen);
    const step = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
    let next: K | undefined;
    if (step) next = keys[(i + step + keys.length) % keys.length];
    else if (e.key === 'Home') next = keys[0];
    else if (e.key === 'End') next = keys.at(-1);
    if (!next) return;
    e.preventDefault();
    onChoose(next);
    refs.current.get(next)?.focus();
  }
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tablist" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.key}
            ref={(el) => {
              if (el) refs.current.set(t.key, el);
            }}
            type="button"
            role="tab"
            id={`${id}-${t.key}`}
            aria-selected={t.key === chosen}
            aria-controls={`${id}-panel`}
            tabIndex={t.key === chosen ? 0 : -1}
            onClick={() => onChoose(t.key)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-${chosen}`} className="tabpanel">
        {children}
      </div>
    </div>
  );
}
