import { type Classification, canRead, classificationAt, type Label, levelOf } from '../domain/labels.js';
import { issue, problem } from '../domain/problems.js';
import type { LabelColumns } from '../store/database.js';
import type { LabelCodec } from '../store/label-codec.js';
import type { Actor } from './context.js';

/**
 * The label of a record an actor writes: owned by the actor's party, and never
 * above what the actor may read, so nobody can write what they could not see.
 */
export function labelFor(
  codec: LabelCodec,
  actor: Actor,
  input: {
    classification?: Classification | undefined;
    releasableTo?: string[] | undefined;
    compartments?: string[] | undefined;
  },
  fallback?: Label,
): { label: Label; columns: LabelColumns } {
  const label: Label = {
    ownerParty: fallback?.ownerParty ?? actor.party,
    classification: input.classification ?? fallback?.classification ?? 'UNCLASSIFIED',
    releasableTo: [...new Set(input.releasableTo ?? fallback?.releasableTo ?? [])].sort(),
    compartments: [...new Set(input.compartments ?? fallback?.compartments ?? [])].sort(),
  };
  const columns = codec.encode(label);
  if (!canRead(actor, { ...label, ownerParty: actor.party }))
    throw problem('label.above_clearance', {}, [issue('classification', 'label.at_most', { classification: actor.clearance })]);
  return { label, columns };
}

/**
 * The label of what reveals both `a` and `b` (an edit's old and new values):
 * readable only by those who may read both, so that lowering a record never
 * shows its old content to a reader of the new label alone. Both belong to one owner.
 */
export function labelOfBoth(a: Label, b: Label): Label {
  return {
    ownerParty: a.ownerParty,
    classification: classificationAt(Math.max(levelOf(a.classification), levelOf(b.classification))),
    releasableTo: a.releasableTo.filter((p) => b.releasableTo.includes(p)),
    compartments: [...new Set([...a.compartments, ...b.compartments])].sort(),
  };
}

/** Rejects party codes that no party has. */
export function assertKnownParties(codec: LabelCodec, parties: readonly string[], path: string) {
  const unknown = parties.filter((p) => !codec.knowsParty(p));
  if (unknown.length)
    throw problem('party.unknown', { party: unknown.join(', ') }, [
      issue(path, 'field.unknown_ids', { ids: unknown.join(', ') }),
    ]);
}

/** The version a write was based on: from the body or from If-Match. */
export function expectedVersion(bodyVersion: number | undefined, ifMatch: number | undefined): number {
  const v = bodyVersion ?? ifMatch;
  if (v === undefined) throw problem('request.version_required', {}, [issue('version', 'field.required')]);
  return v;
}
