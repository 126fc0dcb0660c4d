/**
 * The criteria tree in numbers: nodes in depth-first order (node 0 the
 * root), each with its parent, its local weight among its siblings, and, for
 * a leaf, its column in the matrix of offers' priorities (m offers × L leaves,
 * row order). Overall scores are additive: the sum over leaves of the leaf's
 * global weight (the product of local weights down to it) times the offer's
 * priority on it.
 */
export type Hierarchy = {
  /** Per node, its parent; -1 for the root. Parents come before their children. */
  parent: Int32Array;
  /** Per node, its weight among its siblings (siblings sum to 1); 1 for the root. */
  local: Float64Array;
  /** Per node, its leaf column, or -1. */
  leaf: Int32Array;
  /** Per node, its children in order. */
  children: number[][];
  /** Number of leaves (columns). */
  leaves: number;
};

/** Per node, its global weight: the product of the local weights from the root down to it. */
export function globalWeights(h: Hierarchy): Float64Array {
  const n = h.parent.length;
  const g = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const p = h.parent[x] as number;
    g[x] = p < 0 ? 1 : (g[p] as number) * (h.local[x] as number);
  }
  return g;
}

/**
 * Per node and offer, the offer's score within the node's subtree (its
 * children's scores weighted by their local weights; a leaf's is the offer's
 * priority): `[x·m + a]`. The root's is the overall score.
 */
export function subtreeScores(h: Hierarchy, priorities: ArrayLike<number>, m: number): Float64Array {
  const n = h.parent.length;
  const u = new Float64Array(n * m);
  for (let x = n - 1; x >= 0; x--) {
    const column = h.leaf[x] as number;
    if (column >= 0) {
      for (let a = 0; a < m; a++) u[x * m + a] = priorities[a * h.leaves + column] as number;
      continue;
    }
    for (const c of h.children[x] as number[]) {
      const wc = h.local[c] as number;
      for (let a = 0; a < m; a++) u[x * m + a] = (u[x * m + a] as number) + wc * (u[c * m + a] as number);
    }
  }
  return u;
}

/** Ranks (0 = first) by descending score; a tie ranks the earlier offer first. */
export function ranksOf(scores: ArrayLike<number>): Int32Array {
  const m = scores.length;
  const ranks = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const si = scores[i] as number;
    let r = 0;
    for (let l = 0; l < m; l++) {
      const sl = scores[l] as number;
      if (sl > si || (sl === si && l < i)) r += 1;
    }
    ranks[i] = r;
  }
  return ranks;
}

export type FlipPoint = {
  /** The node whose local weight varies (its siblings keep their proportions). */
  node: number;
  weight: number;
  /** The offer ranked first at the current weights. */
  first: number;
  /** Below this weight another offer (`by`) ranks first; null if none does down to 0. */
  below: { weight: number; by: number } | null;
  /** Above this weight another offer (`by`) ranks first; null if none does up to 1. */
  above: { weight: number; by: number } | null;
};

/**
 * One-way flip points: for every criterion (every node but the root), the
 * nearest local weights below and above its current one at which the first
 * place changes, when that weight alone varies over [0, 1] and its siblings
 * share the rest in their current proportions (equally, if they now have
 * none). Every score is then linear in the weight, so each flip point is where
 * the first offer's line crosses another's. A criterion without siblings has
 * none.
 */
export function flipPoints(h: Hierarchy, priorities: ArrayLike<number>, m: number): FlipPoint[] {
  const u = subtreeScores(h, priorities, m);
  const g = globalWeights(h);
  const total = u.subarray(0, m);
  const first = ranksOf(total).indexOf(0);
  const out: FlipPoint[] = [];
  const q = new Float64Array(m);
  for (let x = 1; x < h.parent.length; x++) {
    const p = h.parent[x] as number;
    const siblings = (h.children[p] as number[]).filter((s) => s !== x);
    if (siblings.length === 0) continue;
    const wx = h.local[x] as number;
    const gp = g[p] as number;
    // Q_a: the siblings' mean score, weighted as they now share the rest.
    const rest = 1 - wx;
    for (let a = 0; a < m; a++) {
      let s = 0;
      if (rest > 1e-12) {
        for (const y of siblings) s += (h.local[y] as number) * (u[y * m + a] as number);
        s /= rest;
      } else {
        for (const y of siblings) s += u[y * m + a] as number;
        s /= siblings.length;
      }
      q[a] = s;
    }
    // S_a(t) = C_a + gp·(t·U_a(x) + (1 − t)·Q_a), C_a the part outside the parent.
    const line = (a: number) => {
      const c = (total[a] as number) - gp * (u[p * m + a] as number);
      const ux = u[x * m + a] as number;
      const qa = q[a] as number;
      return { intercept: c + gp * qa, slope: gp * (ux - qa) };
    };
    const lf = line(first);
    let below: FlipPoint['below'] = null;
    let above: FlipPoint['above'] = null;
    for (let b = 0; b < m; b++) {
      if (b === first) continue;
      const lb = line(b);
      const alpha = lf.intercept - lb.intercept;
      const beta = lf.slope - lb.slope;
      if (beta === 0) continue;
      const t = -alpha / beta;
      if (beta < 0 && t >= wx && t <= 1) {
        if (!above || t < above.weight) above = { weight: t, by: b };
      } else if (beta > 0 && t <= wx && t >= 0) {
        if (!below || t > below.weight) below = { weight: t, by: b };
      }
    }
    out.push({ node: x, weight: wx, first, below, above });
  }
  return out;
}
