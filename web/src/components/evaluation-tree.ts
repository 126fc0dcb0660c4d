import type { CriteriaDesign } from '../../../src/domain/evaluation/workspace.js';

/**
 * The criteria tree as the planners edit it: a list of criteria, each naming
 * its parent, siblings in the order they come in the list; for each node with
 * sub-criteria (and for the top) whether they are weighted here, with the
 * weights as typed, or pairwise by every evaluator. The design the API takes
 * lists each criterion after its parent: `designOfTree` writes the tree out
 * depth first, and `orderOf` gives each criterion its index in that list,
 * where the API's field errors point (`criteria.items.3.name`).
 */
export type WeightingKind = 'direct' | 'pairwise';

export interface TreeItem {
  id: string;
  name: string;
  parent: string | null;
  kind: WeightingKind;
  /** The weights of its sub-criteria as typed, by id; blank where none is given. */
  weights: Record<string, string>;
}

export interface TreeDraft {
  kind: WeightingKind;
  weights: Record<string, string>;
  items: TreeItem[];
}

export function treeDraftOf(design: CriteriaDesign | null): TreeDraft {
  const weightsOf = (w: CriteriaDesign['weighting'] | undefined) =>
    w?.kind === 'direct' ? Object.fromEntries(Object.entries(w.weights).map(([id, v]) => [id, String(v)])) : {};
  return {
    kind: design?.weighting.kind ?? 'pairwise',
    weights: weightsOf(design?.weighting),
    items: (design?.items ?? []).map((i) => ({
      id: i.id,
      name: i.name,
      parent: i.parent,
      kind: i.weighting?.kind ?? 'pairwise',
      weights: weightsOf(i.weighting),
    })),
  };
}

export const childrenOf = (draft: TreeDraft, parent: string | null) => draft.items.filter((i) => i.parent === parent);

/** The criteria depth first, each with its number ("2.1") and its index in the design's list. */
export function orderOf(draft: TreeDraft): { item: TreeItem; number: string; index: number; depth: number }[] {
  const out: { item: TreeItem; number: string; index: number; depth: number }[] = [];
  const walk = (parent: string | null, prefix: string, depth: number) =>
    childrenOf(draft, parent).forEach((item, i) => {
      const number = `${prefix}${i + 1}`;
      out.push({ item, number, index: out.length, depth });
      walk(item.id, `${number}.`, depth + 1);
    });
  walk(null, '', 0);
  return out;
}

/** A weight as typed: blank is no weight (the API names it missing), anything else a number, NaN if it is none. */
const weightOf = (text: string) => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));

function weighting(kind: WeightingKind, weights: Record<string, string>, children: readonly string[]) {
  if (kind === 'pairwise') return { kind } as const;
  const given = children.flatMap((id) => {
    const w = weightOf(weights[id] ?? '');
    return w === undefined ? [] : [[id, w] as const];
  });
  return { kind, weights: Object.fromEntries(given) };
}

/** The design the API takes: every criterion after its parent, a weighting for each one with sub-criteria. */
export function designOfTree(draft: TreeDraft): CriteriaDesign {
  const ids = (parent: string | null) => childrenOf(draft, parent).map((c) => c.id);
  return {
    weighting: weighting(draft.kind, draft.weights, ids(null)),
    items: orderOf(draft).map(({ item }) => {
      const children = ids(item.id);
      return {
        id: item.id,
        name: item.name,
        parent: item.parent,
        ...(children.length > 0 && { weighting: weighting(item.kind, item.weights, children) }),
      };
    }),
  };
}

/** The shares of the weights given among `children`: null where a weight is missing or no number, or none is above 0. */
export function normalised(weights: Record<string, string>, children: readonly string[]): Map<string, number> | null {
  const values = children.map((id) => weightOf(weights[id] ?? ''));
  if (values.some((v) => v === undefined || !Number.isFinite(v) || v < 0)) return null;
  const sum = (values as number[]).reduce((a, b) => a + b, 0);
  if (sum <= 0) return null;
  return new Map(children.map((id, i) => [id, (values[i] as number) / sum]));
}

/** An id not yet in the tree: c1, c2… */
function freshId(draft: TreeDraft): string {
  const taken = new Set(draft.items.map((i) => i.id));
  let n = draft.items.length + 1;
  while (taken.has(`c${n}`)) n++;
  return `c${n}`;
}

/** A new, unnamed criterion last among the sub-criteria of `parent` (null: the top). */
export function addCriterion(draft: TreeDraft, parent: string | null): TreeDraft {
  const item: TreeItem = { id: freshId(draft), name: '', parent, kind: 'pairwise', weights: {} };
  return { ...draft, items: [...draft.items, item] };
}

export function renameCriterion(draft: TreeDraft, id: string, name: string): TreeDraft {
  return { ...draft, items: draft.items.map((i) => (i.id === id ? { ...i, name } : i)) };
}

/** Removes a criterion, its sub-criteria, and the weight its parent gave it. */
export function removeCriterion(draft: TreeDraft, id: string): TreeDraft {
  const gone = new Set([id]);
  // A sub-criterion added later may come before its parent's own later sub-criteria in the list: repeat until stable.
  let size = 0;
  while (size !== gone.size) {
    size = gone.size;
    for (const i of draft.items) if (i.parent !== null && gone.has(i.parent)) gone.add(i.id);
  }
  const drop = (w: Record<string, string>) => Object.fromEntries(Object.entries(w).filter(([k]) => !gone.has(k)));
  return {
    ...draft,
    weights: drop(draft.weights),
    items: draft.items.filter((i) => !gone.has(i.id)).map((i) => ({ ...i, weights: drop(i.weights) })),
  };
}

/** Swaps a criterion with its previous (-1) or next (+1) sibling; nothing at either end. */
export function moveCriterion(draft: TreeDraft, id: string, by: -1 | 1): TreeDraft {
  const item = draft.items.find((i) => i.id === id);
  if (!item) return draft;
  const siblings = childrenOf(draft, item.parent);
  const other = siblings[siblings.indexOf(item) + by];
  if (!other) return draft;
  const a = draft.items.indexOf(item);
  const b = draft.items.indexOf(other);
  const items = [...draft.items];
  items[a] = other;
  items[b] = item;
  return { ...draft, items };
}

/** Sets how the sub-criteria of `node` (null: the top) are weighted, or one weight given there. */
export function setWeighting(
  draft: TreeDraft,
  node: string | null,
  change: { kind?: WeightingKind; weight?: { child: string; text: string } },
): TreeDraft {
  const apply = <T extends { kind: WeightingKind; weights: Record<string, string> }>(w: T): T => ({
    ...w,
    kind: change.kind ?? w.kind,
    weights: change.weight ? { ...w.weights, [change.weight.child]: change.weight.text } : w.weights,
  });
  if (node === null) return apply(draft);
  return { ...draft, items: draft.items.map((i) => (i.id === node ? apply(i) : i)) };
}
