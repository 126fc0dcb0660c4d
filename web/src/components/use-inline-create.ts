import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';
import { useRefusal } from './use-action-feedback.js';

/**
 * The state of a form that adds a record inside the page it belongs to (an
 * objective to a plan's results, an indicator to an objective): the input is
 * checked with the API's own schema first, then sent; the API's refusals show
 * beside their fields until the reader changes them, and on success the page
 * is told, instead of a new page opening.
 */
export function useInlineCreate<S extends z.ZodType>(schema: S, input: object) {
  const { t } = useTranslation();
  // A refusal is of the input sent: changing a field drops the message, and that field's errors.
  const { issues, setIssues, failure, setFailure } = useRefusal(input);
  const [busy, setBusy] = useState(false);

  /**
   * Sends `input` once the schema takes it, and gives `onCreated` the answer.
   * With `staysBusy` the form stays busy after a success, as when the page it
   * opens replaces it.
   */
  async function create<R>(
    input: unknown,
    send: (data: z.output<S>) => Promise<R>,
    onCreated: (created: R) => void,
    { staysBusy = false } = {},
  ) {
    setFailure(null);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    try {
      const created = await send(parsed.data);
      if (!staysBusy) setBusy(false);
      onCreated(created);
    } catch (err) {
      if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
      } else setFailure(t('common.unexpectedError'));
      setBusy(false);
    }
  }

  return { failure, busy, issues, field: (path: string) => issuesAt(issues, path), create };
}
