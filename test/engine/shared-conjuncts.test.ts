// Shared conjuncts: equal conjuncts of several rules share one predicate; conjuncts alike only by fingerprint do not.
import { describe, expect, it } from 'vitest';
import { EventView } from '../../src/engine/event-view.js';
import { sharedConjuncts } from '../../src/engine/prefilter/shared-conjuncts.js';
import type { Expr } from '../../src/ir/expr.js';
import { fingerprint } from '../../src/util/fingerprint.js';

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

  it('keeps conjuncts apart that only share a fingerprint', () => {
    // Same length and the same first, middle and last characters: the fingerprints are equal.
    const a = equals('CommandLine', 'aXbcd');
    const b = equals('CommandLine', 'aYbcd');
    expect(fingerprint(a)).toBe(fingerprint(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    const given = sharedConjuncts([rule(a), rule(b), rule(equals('CommandLine', 'aXbcd'))]);
    const predicateA = given.get(a)!;
    const predicateB = given.get(b)!;
    expect(predicateA).not.toBe(predicateB);
    const event = new EventView({ CommandLine: 'aYbcd' });
    expect(predicateA(event)).toBe(false);
    expect(predicateB(event)).toBe(true);
  });
});

describe('fingerprint', () => {
  it('is equal for equal values and differs with length, keys, order and kind', () => {
    const value = { kind: 'or', children: [{ n: 1, s: 'text' }, [true, null]] };
    expect(fingerprint(structuredClone(value))).toBe(fingerprint(value));
    expect(fingerprint({ ...value, children: [...value.children].reverse() })).not.toBe(fingerprint(value));
    expect(fingerprint('text!')).not.toBe(fingerprint('text'));
    expect(fingerprint({ a: 1 })).not.toBe(fingerprint({ b: 1 }));
    expect(fingerprint(1)).not.toBe(fingerprint('1'));
  });
});
