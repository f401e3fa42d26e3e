// Shared conjuncts: equal conjuncts of several rules share one predicate; conjuncts that are merely alike do not.
import { describe, expect, it } from 'vitest';
import { EventView } from '../../src/engine/event-view.js';
import { sharedConjuncts } from '../../src/engine/prefilter/shared-conjuncts.js';
import type { Expr } from '../../src/ir/expr.js';

function equals(field: string, value: string): Expr {
  return { kind: 'match', field, matcher: { kind: 'string', op: 'equals', value, caseSensitive: false } };
}

function rule(...conjuncts: Expr[]): { detection: Expr; logic: 'boolean' } {
  return { detection: { kind: 'and', children: conjuncts }, logic: 'boolean' };
}

describe('sharedConjuncts', () => {
  it('gives equal conjuncts of different rules one predicate', () => {
    const a = equals('Channel', 'Security');
    const b = equals('Channel', 'Security'); // equal, not the same object
    const given = sharedConjuncts([rule(a, equals('x', '1')), rule(b, equals('y', '2'))]);
    expect(given.get(a)).toBeDefined();
    expect(given.get(a)).toBe(given.get(b));
  });

  it('keeps conjuncts apart that differ only inside their texts', () => {
    // Same field and length, differing only in the second character (CJK, which has no case), which a text's
    // fingerprint does not read at this length: alike to any cheap comparison.
    const values = Array.from(
      { length: 300 },
      (_, i) => `a${String.fromCharCode(0x4e00 + i)}${'b'.repeat(31)}`,
    );
    const conjuncts = values.map((value) => equals('CommandLine', value));
    const again = equals('CommandLine', values[7]!);
    const given = sharedConjuncts([...conjuncts.map((c) => rule(c)), rule(again)]);
    expect(new Set(conjuncts.map((c) => given.get(c))).size).toBe(values.length);
    expect(given.get(again)).toBe(given.get(conjuncts[7]!));
    const event = new EventView({ CommandLine: values[42] });
    expect(conjuncts.filter((c) => given.get(c)!(event) === true)).toEqual([conjuncts[42]]);
  });
});
