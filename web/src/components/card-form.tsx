import type { FormEvent, ReactNode } from 'react';

/**
 * A form in a card, named by its heading: the heading's `id` labels the form,
 * so that assistive technology announces the form by it. The browser's own
 * validation is off; the form checks its input with the API's schema.
 */
export function CardForm({
  id,
  heading,
  className,
  onSubmit,
  children,
}: {
  id: string;
  heading: string;
  className?: string;
  onSubmit: (e: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <form className={className ? `card form ${className}` : 'card form'} onSubmit={onSubmit} noValidate aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {children}
    </form>
  );
}
