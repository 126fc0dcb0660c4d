import type { ReactNode, Ref } from 'react';

/**
 * A named region that scrolls on its own (a wide or long table, the
 * timeline). It takes the keyboard's focus so that a reader without a
 * pointer can scroll it with the arrow keys, as WCAG 2.1.1 asks of any
 * scrolling content; the name says what the focus landed on.
 */
export function ScrollRegion({
  label,
  className,
  ref,
  children,
}: {
  label: string;
  className: string;
  ref?: Ref<HTMLElement>;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable for keyboard scrolling (WCAG 2.1.1)
    <section className={className} aria-label={label} ref={ref} tabIndex={0}>
      {children}
    </section>
  );
}
