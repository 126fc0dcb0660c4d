import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { type FieldIssue, issuesAt, issuesOf, ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';
import { navigate } from '../router.js';

/**
 * The state of a form that creates a record: the input is checked with the
 * API's own schema first, then sent; the API's refusals show beside their
 * fields, and the new record's page opens on success.
 */
export function useCreateForm<S extends z.ZodType>(schema: S) {
  const { t } = useTranslation();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
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

  return { failure, busy, field: (path: string) => issuesAt(issues, path), create };
}
