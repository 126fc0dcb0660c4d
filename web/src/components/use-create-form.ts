import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';
import { navigate } from '../router.js';
import { useRefusal } from './use-action-feedback.js';

/**
 * The state of a form that creates a record: the input is checked with the
 * API's own schema first, then sent; the API's refusals show beside their
 * fields until the reader changes them, and the new record's page opens on
 * success.
 */
export function useCreateForm<S extends z.ZodType>(schema: S, input: object) {
  const { t } = useTranslation();
  // A refusal is of the input sent: changing a field drops the message, and that field's errors.
  const { issues, setIssues, failure, setFailure } = useRefusal(input);
  const [busy, setBusy] = useState(false);

  async function create(input: unknown, send: (data: z.output<S>) => Promise<{ id: string }>, pageOf: (id: string) => string) {
    setFailure(null);
    const parsed = schema.safeParse(input);
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    try {
      const created = await send(parsed.data);
      navigate(pageOf(created.id));
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
