import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { criteriaDesignSchema, designIssues } from '../src/domain/evaluation/workspace.js';
import * as tree from '../web/src/components/evaluation-tree.js';

const empty = tree.treeDraftOf(null);
let d: tree.TreeDraft = empty;
/** Adds a named criterion under `parent` to the draft `d` and gives back its id. */
const add = (parent: string | null, name: string) => {
  d = tree.addCriterion(d, parent);
  const id = d.items[d.items.length - 1]?.id as string;
  d = tree.renameCriterion(d, id, name);
  return id;
};

describe("the planners' criteria tree editor", () => {
  it('writes a tree with a pairwise top and a directly weighted node as a design the domain accepts', () => {
    d = empty;
    const tech = add(null, 'Technique');
    const price = add(null, 'Prix');
    const range = add(tech, 'Portée');
    const rate = add(tech, 'Cadence');
    d = tree.setWeighting(d, tech, { kind: 'direct' });
    d = tree.setWeighting(d, tech, { weight: { child: range, text: '3' } });
    d = tree.setWeighting(d, tech, { weight: { child: rate, text: '1,5' } });
    const design = tree.designOfTree(d);
    expect(design).toEqual({
      weighting: { kind: 'pairwise' },
      items: [
        { id: tech, name: 'Technique', parent: null, weighting: { kind: 'direct', weights: { [range]: 3, [rate]: 1.5 } } },
        { id: range, name: 'Portée', parent: tech },
        { id: rate, name: 'Cadence', parent: tech },
        { id: price, name: 'Prix', parent: null },
      ],
    });
    expect(criteriaDesignSchema.safeParse(design).success).toBe(true);
    expect(designIssues(design, undefined)).toEqual([]);
    // Read back from the API, the same tree.
    expect(tree.designOfTree(tree.treeDraftOf(design))).toEqual(design);
    expect(tree.normalised(d.items[0]?.weights ?? {}, [range, rate])).toEqual(
      new Map([
        [range, 2 / 3],
        [rate, 1 / 3],
      ]),
    );
  });

  it('numbers the criteria depth first, at the index the API points its errors at', () => {
    d = empty;
    const a = add(null, 'A');
    add(null, 'B');
    add(a, 'A1');
    expect(tree.orderOf(d).map((o) => [o.item.name, o.number, o.index])).toEqual([
      ['A', '1', 0],
      ['A1', '1.1', 1],
      ['B', '2', 2],
    ]);
  });

  it('moves a criterion among its siblings with its sub-criteria, and not past either end', () => {
    d = empty;
    const a = add(null, 'A');
    const b = add(null, 'B');
    add(a, 'A1');
    const down = tree.moveCriterion(d, a, 1);
    expect(tree.orderOf(down).map((o) => o.number + o.item.name)).toEqual(['1B', '2A', '2.1A1']);
    expect(tree.moveCriterion(d, a, -1)).toBe(d);
    expect(tree.moveCriterion(down, a, 1)).toBe(down);
    expect(tree.moveCriterion(down, b, 1)).toEqual(d);
  });

  it('removes a criterion with its sub-criteria and the weight its parent gave it', () => {
    d = empty;
    const a = add(null, 'A');
    const a1 = add(a, 'A1');
    const a2 = add(a, 'A2');
    add(a1, 'A1x');
    d = tree.setWeighting(d, a, { kind: 'direct', weight: { child: a1, text: '2' } });
    const left = tree.removeCriterion(d, a1);
    expect(left.items.map((i) => i.name)).toEqual(['A', 'A2']);
    expect(left.items[0]?.weights).toEqual({});
    expect(tree.removeCriterion(d, a).items).toEqual([]);
    expect(tree.orderOf(left).map((o) => o.item.id)).toEqual([a, a2]);
  });

  it('leaves a blank weight out, so that the domain names it missing, and shows no shares until all are numbers', () => {
    d = empty;
    const a = add(null, 'A');
    const b = add(null, 'B');
    d = tree.setWeighting(d, null, { kind: 'direct', weight: { child: a, text: '1' } });
    expect(tree.designOfTree(d).weighting).toEqual({ kind: 'direct', weights: { [a]: 1 } });
    expect(designIssues(tree.designOfTree(d), undefined).map((i) => i.code)).toContain('evaluation.no_weight');
    expect(tree.normalised(d.weights, [a, b])).toBeNull();
    expect(tree.normalised({ [a]: '0', [b]: '0' }, [a, b])).toBeNull();
    expect(tree.normalised({ [a]: 'x', [b]: '1' }, [a, b])).toBeNull();
  });

  it('gives, after any edits, a design listing each criterion once and after its parent', () => {
    const op = fc.oneof(
      fc.record({ op: fc.constant('add' as const), at: fc.nat(20), top: fc.boolean() }),
      fc.record({ op: fc.constant('remove' as const), at: fc.nat(20) }),
      fc.record({ op: fc.constant('move' as const), at: fc.nat(20), by: fc.constantFrom(-1 as const, 1 as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        d = empty;
        for (const o of ops) {
          const target = d.items.length ? d.items[o.at % d.items.length]?.id : undefined;
          if (o.op === 'add') d = tree.addCriterion(d, o.top || !target ? null : target);
          else if (target && o.op === 'remove') d = tree.removeCriterion(d, target);
          else if (target && o.op === 'move') d = tree.moveCriterion(d, target, o.by);
        }
        const items = tree.designOfTree(d).items;
        expect(items.length).toBe(d.items.length);
        expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
        items.forEach((item, i) => {
          if (item.parent !== null) expect(items.findIndex((p) => p.id === item.parent)).toBeLessThan(i);
        });
      }),
    );
  });
});
