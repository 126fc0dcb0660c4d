import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldIssue, ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';

/** No input: the refusal goes only with another action or a new reading. */
const NO_INPUT = {};

/**
 * What a panel of actions says after one of them: a refusal (with its field
 * errors) or a notice, about the record as it stood. It is said until it stops
 * being true: when another action starts, and when the record reads again
 * with other facts (`facts`, e.g. the versions of what the panel shows),
 * except for the one reading that the action itself asked for (`reloads`),
 * which shows what it did. A refusal also goes as the reader changes what
 * was refused (`input`, as for `useRefusal`).
 */
export function useActionFeedback<N>(facts: string, input: object = NO_INPUT) {
  const { t } = useTranslation();
  const { failure, setFailure, issues, setIssues } = useRefusal(input);
  const [notice, setNotice] = useState<N | null>(null);
  // Whether the next change of facts is the reading the last action asked for.
  const awaitingReload = useRef(false);
  const seen = useRef(facts);

  useEffect(() => {
    if (facts === seen.current) return;
    seen.current = facts;
    if (awaitingReload.current) {
      awaitingReload.current = false;
      return;
    }
    setFailure(null);
    setIssues([]);
    setNotice(null);
  }, [facts, setFailure, setIssues]);

  /** Forgets what was said: another action starts. */
  function clear() {
    awaitingReload.current = false;
    setFailure(null);
    setIssues([]);
    setNotice(null);
  }

  /**
   * Says a refusal about a reading the panel asks for at the same time (both
   * in one event), so that this reading keeps it.
   */
  function refuseOver(reading: () => void, text: string) {
    clear();
    awaitingReload.current = true;
    reading();
    setFailure(text);
  }

  /**
   * Runs an action, saying nothing of the one before; what it resolves to is
   * the notice, a refusal the failure (and its field errors). `reloads` when
   * the action makes the record read again: on success, or on a refusal that
   * reads it too.
   */
  async function run(
    action: () => Promise<N | null>,
    reloads: (outcome: 'done' | 'refused', err?: unknown) => boolean = () => false,
  ) {
    clear();
    try {
      const said = await action();
      awaitingReload.current = reloads('done');
      setNotice(said);
    } catch (err) {
      awaitingReload.current = reloads('refused', err);
      setFailure(problemText(err, t('common.unexpectedError')));
      setIssues(err instanceof ProblemError ? err.errors : []);
    }
  }

  return { failure, notice, issues, run, clear, refuseOver, setFailure, setIssues };
}

/**
 * A form's refusal (its message and field errors), forgotten as the reader
 * changes what was refused: any change of `input` drops the message, and a
 * field's errors go with a change of that field (a top-level key of `input`,
 * and every path under it).
 */
export function useRefusal(input: object) {
  const [failure, setFailure] = useState<string | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const text = JSON.stringify(input);
  const last = useRef(input as Record<string, unknown>);
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers pass a new object on every render; only a change of its content counts.
  useEffect(() => {
    const before = last.current;
    const now = input as Record<string, unknown>;
    last.current = now;
    const changed = Object.keys({ ...before, ...now }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(now[k]));
    if (changed.length === 0) return;
    setFailure(null);
    setIssues((list) => {
      const kept = list.filter((i) => !changed.some((k) => i.path === k || i.path.startsWith(`${k}.`)));
      return kept.length === list.length ? list : kept;
    });
  }, [text]);
  return { failure, setFailure, issues, setIssues };
}
