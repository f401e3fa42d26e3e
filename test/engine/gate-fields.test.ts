// Gate fields worth a lookup per event: a field is left out where every branch has a selective key without it.
import { describe, expect, it } from 'vitest';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { lookupGates } from '../../src/engine/prefilter/gate-fields.js';
import type { GateConjunct } from '../../src/engine/prefilter/shared-conjuncts.js';

/** One conjunct object per test, as `sharedConjuncts` gives every rule sharing it the same predicate. */
const conjuncts = new Map<string, GateConjunct>();
function equals(field: string, value: string): GateConjunct {
  const key = `${field}=${value}`;
  let conjunct = conjuncts.get(key);
  if (!conjunct) {
    const expr = {
      kind: 'match',
      field,
      matcher: { kind: 'string', op: 'equals', value, caseSensitive: false },
    } as const;
    conjunct = { expr, predicate: compileExpr(expr, 'boolean') };
    conjuncts.set(key, conjunct);
  }
  return conjunct;
}

const fieldsOf = (gate: GateConjunct[][] | null) =>
  gate?.map((branch) => branch.map((c) => (c.expr.kind === 'match' ? c.expr.field : c.expr.kind)));

describe('lookupGates', () => {
  it('keeps fields that key branches selectively and leaves out those beside a selective key', () => {
    // 300 process rules each keyed by its own name: `category` alone keys too many branches, so `name` stays.
    const process = Array.from({ length: 300 }, (_, i) => [
      [equals('category', 'process'), equals('name', `p${i}`)],
    ]);
    // Kubernetes rules: `dataset` is shared by few branches, a key as good as `verb`.
    const kubernetes = Array.from({ length: 10 }, (_, i) => [
      [equals('dataset', 'k8s'), equals('verb', `v${i}`)],
    ]);
    // Rules with arguments beside a process name shared by few branches.
    const args = Array.from({ length: 5 }, (_, i) => [
      [equals('category', 'process'), equals('name', 'p0'), equals('args', `a${i}`)],
    ]);
    // A rule whose only gate field is little shared keeps it: a branch keeps its most shared field.
    const alone = [[equals('scope', 'cluster')]];
    const gates = lookupGates([...process, ...kubernetes, ...args, alone, null]);
    expect(fieldsOf(gates[0]!)).toEqual([['category', 'name']]);
    expect(fieldsOf(gates[300]!)).toEqual([['dataset']]);
    expect(fieldsOf(gates[310]!)).toEqual([['category', 'name']]);
    expect(fieldsOf(gates[315]!)).toEqual([['scope']]);
    expect(gates[316]).toBeNull();
  });

  it('keeps only conjuncts lookups settle', () => {
    const not = { kind: 'not', child: equals('user', 'root').expr } as const;
    const exclusion = { expr: not, predicate: compileExpr(not, 'boolean') };
    expect(fieldsOf(lookupGates([[[equals('channel', 'Security'), exclusion]]])[0]!)).toEqual([['channel']]);
  });
});
