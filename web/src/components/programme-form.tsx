import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import type { Programme } from '../api/types.js';
import { Alert } from './field.js';
import { FormActions } from './form-actions.js';
import { useActionFeedback } from './use-action-feedback.js';

/** What a form that writes part of a programme is given: the programme, where its answer goes, and how it closes. */
export interface ProgrammeFormProps {
  programme: Programme;
  onChanged: (p: Programme) => void;
  reload: () => void;
  onClose: () => void;
}

/**
 * The state of a form that writes part of a programme (or of another
 * versioned record that answers itself whole, an industrial project): the input is checked
 * with the API's own schema first, in the reader's language, then sent as it
 * was typed (amounts stay decimal strings); the API answers the whole
 * programme, which replaces the page's. A refusal is said through the
 * catalogue's code, beside its fields, until the reader changes them or the
 * programme reads otherwise; a 409 reads the programme again, keeping the
 * message that says why.
 */
export function useProgrammeWrite<I extends object, R extends { id: string; version: number } = Programme>(
  programme: R,
  schema: z.ZodType,
  input: I,
  onChanged: (p: R) => void,
  reload: () => void,
) {
  const feedback = useActionFeedback<string>(JSON.stringify([programme.id, programme.version]), input);
  const [busy, setBusy] = useState(false);

  /** Sends `body` (by default the form's input) when the schema takes it; `done` is said as a notice. */
  function send(call: (body: I) => Promise<R>, opts: { body?: I; done?: string; after?: () => void } = {}) {
    const body = opts.body ?? input;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      feedback.clear();
      feedback.setIssues(issuesOf(parsed.error.issues));
      return;
    }
    setBusy(true);
    void feedback
      .run(
        async () => {
          onChanged(await call(body));
          opts.after?.();
          return opts.done ?? null;
        },
        (outcome, err) => {
          if (outcome === 'done') return true;
          const stale = err instanceof ProblemError && err.isConflict;
          if (stale) reload();
          return stale;
        },
      )
      .finally(() => setBusy(false));
  }

  return { ...feedback, busy, send, field: (path: string) => issuesAt(feedback.issues, path) };
}

/** What the last write of a form said: its refusal or its notice. */
export function WriteFeedback({ failure, notice }: { failure: string | null; notice: string | null }) {
  return (
    <>
      {failure && <Alert kind="error">{failure}</Alert>}
      {notice && <Alert kind="success">{notice}</Alert>}
    </>
  );
}

/**
 * A small form that writes part of a programme, opened within the page: its
 * heading, what it explains, its refusal, its fields, and its buttons (send,
 * off while sending, and close without sending).
 */
export function ProgrammeInlineForm({
  id,
  heading,
  level: Heading = 'h4',
  className,
  explain,
  write,
  onSubmit,
  save,
  onClose,
  children,
}: {
  /** The heading's id, which names the form. */
  id: string;
  heading: string;
  level?: 'h3' | 'h4';
  className?: string;
  explain?: ReactNode;
  write: { failure: string | null; busy: boolean };
  onSubmit: () => void;
  save: string;
  onClose: () => void;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <form
      className={className ? `form inline-form ${className}` : 'form inline-form'}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      noValidate
      aria-labelledby={id}
    >
      <Heading id={id}>{heading}</Heading>
      {explain}
      <WriteFeedback failure={write.failure} notice={null} />
      {children}
      <FormActions save={save} cancel={t('programmes.form.cancel')} onCancel={onClose} disabled={write.busy} small />
    </form>
  );
}

/** A whole number typed in a field (a quantity, a share, jobs), kept as typed until the schema reads it. */
export function CountInput({
  value,
  onChange,
  min = 0,
  max,
  ...control
}: {
  value: string;
  onChange: (value: string) => void;
  min?: number;
  max?: number;
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}) {
  return (
    <input
      {...control}
      type="number"
      inputMode="numeric"
      min={min}
      max={max}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** One line of a list of details: what it is, and its value. */
export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
