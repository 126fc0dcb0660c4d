import type { EvaluationRecord } from '../api/types.js';

/** The criteria list read as a tree: the nodes evaluators compare pairwise, the leaves they assess, names and depths. */
export interface Design {
  pairwise: { node: string | null; children: string[] }[];
  leaves: string[];
  name: (id: string) => string;
  depth: (id: string) => number;
}

export function designOf(record: EvaluationRecord): Design {
  const items = record.criteria?.items ?? [];
  const childrenOf = (node: string | null) => items.filter((i) => i.parent === node).map((i) => i.id);
  const pairwise: Design['pairwise'] = [];
  if (record.criteria?.weighting.kind === 'pairwise') pairwise.push({ node: null, children: childrenOf(null) });
  for (const i of items)
    if (i.weighting?.kind === 'pairwise' && childrenOf(i.id).length > 0)
      pairwise.push({ node: i.id, children: childrenOf(i.id) });
  const byId = new Map(items.map((i) => [i.id, i]));
  const depth = (id: string): number => {
    const parent = byId.get(id)?.parent;
    return parent ? 1 + depth(parent) : 0;
  };
  return {
    pairwise,
    leaves: items.filter((i) => childrenOf(i.id).length === 0).map((i) => i.id),
    name: (id) => byId.get(id)?.name ?? id,
    depth,
  };
}
