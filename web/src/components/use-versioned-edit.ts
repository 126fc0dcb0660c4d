import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldIssue, issuesOf, ProblemError } from '../api/problem.js';
import { problemText } from '../i18n/problems.js';
import { useRefusal } from './use-action-feedback.js';

/** The part of a zod schema used here, so that any record's patch schema fits. */
interface PatchSchema {
  safeParse(
    value: unknown,
  ): { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface VersionedEditOptions<R extends { version: number }, D extends object, P extends object> {
  /** The record as the page has it; a newer version passed in replaces the values the reader has not started to change. */
  record: R;
  draftOf: (record: R) => D;
  /** What the reader changed from `base`, as a patch of `onto` without its version; no keys when nothing changed. */
  patchOf: (base: D, draft: D, onto: R) => P;
  schema: PatchSchema;
  /** Issues found before the schema is asked, worded in the reader's language (a field left blank, a number that is not one). */
  check?: (draft: D) => FieldIssue[];
  /** Sends the patch with the version it applies to; resolves to the saved record when the API returns it. */
  save: (patch: P, version: number) => Promise<R | undefined>;
  /** Reads the record again after a 409; undefined when it is gone. */
  reload: () => Promise<R | undefined>;
  /** Whether a newer version may still be changed: a 409 for one that may not is a plain refusal, not a conflict. */
  editable?: (latest: R) => boolean;
  onSaved: (updated: R | undefined) => void;
  /** The reader took the newer version, to reapply the change to it or instead of the change. */
  onNewer?: (latest: R) => void;
  /** The message when the reader submits without changing anything. */
  nothingChanged?: string;
}

/**
 * The state of a form that edits a record with optimistic concurrency: the
 * values read (`base`) and the reader's `draft`; only what changed is sent,
 * checked first with the record's patch schema, with the version read. On a
 * 409 the newer version is read: if it differs and may still be changed, the
 * form offers to reapply the change to it or to discard the change; any other
 * refusal shows the API's field errors and message.
 */
export function useVersionedEdit<R extends { version: number }, D extends object, P extends object>(
  o: VersionedEditOptions<R, D, P>,
) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(o.record);
  const [base, setBase] = useState(() => o.draftOf(o.record));
  const [draft, setDraft] = useState(base);
  // A refusal is of the draft sent: changing a field drops the message, and that field's errors.
  const { issues, setIssues, failure, setFailure } = useRefusal(draft);
  const [saved, setSaved] = useState(false);
  const [conflict, setConflict] = useState<{ latest: R; patch: P } | null>(null);
  const [busy, setBusy] = useState(false);
  const untouched = JSON.stringify(base) === JSON.stringify(draft);

  const reset = (record: R) => {
    const fresh = o.draftOf(record);
    setCurrent(record);
    setBase(fresh);
    setDraft(fresh);
  };
  // A change made elsewhere on the page (a postponement) shows here unless the reader is editing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a newer version of the record counts, not the reader's edits or a new object of the same version.
  useEffect(() => {
    if (o.record.version <= current.version) return;
    if (untouched) reset(o.record);
    else setCurrent(o.record);
  }, [o.record.version]);

  const set = (change: Partial<D>) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...change }));
  };

  async function send(onto: R, patch: P) {
    const parsed = o.schema.safeParse({ ...patch, version: onto.version });
    if (!parsed.success) return setIssues(issuesOf(parsed.error.issues));
    setIssues([]);
    setBusy(true);
    setFailure(null);
    try {
      const updated = await o.save(patch, onto.version);
      setConflict(null);
      setSaved(true);
      if (updated) reset(updated);
      o.onSaved(updated);
    } catch (err) {
      // A conflict is a newer version only if there is one; the same version refused (a taken code, a frozen record) is a plain refusal.
      const latest = err instanceof ProblemError && err.isConflict ? await o.reload().catch(() => undefined) : undefined;
      if (latest && latest.version !== onto.version && (o.editable?.(latest) ?? true)) setConflict({ latest, patch });
      else if (err instanceof ProblemError) {
        setIssues(err.errors);
        setFailure(problemText(err));
      } else setFailure(t('common.unexpectedError'));
    } finally {
      setBusy(false);
    }
  }

  /** Sends the reader's change; `change` is a last edit made by the button that sends it (which of two ways to send). */
  function submit(e?: FormEvent, change?: Partial<D>) {
    e?.preventDefault();
    setSaved(false);
    const sent = change ? { ...draft, ...change } : draft;
    if (change) setDraft(sent);
    const local = o.check?.(sent) ?? [];
    if (local.length > 0) {
      setFailure(null);
      return setIssues(local);
    }
    const patch = o.patchOf(base, sent, current);
    if (Object.keys(patch).length === 0) return setFailure(o.nothingChanged ?? t('edit.nothingChanged'));
    void send(current, patch);
  }

  /** The reader's change, made again on top of the newer version. */
  function reapply() {
    if (!conflict) return;
    const { latest } = conflict;
    setCurrent(latest);
    o.onNewer?.(latest);
    void send(latest, o.patchOf(base, draft, latest));
  }

  function discard() {
    if (!conflict) return;
    reset(conflict.latest);
    setConflict(null);
    o.onNewer?.(conflict.latest);
  }

  return { current, draft, set, issues, failure, saved, conflict, busy, submit, reapply, discard };
}
