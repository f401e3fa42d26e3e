// The gate table's per-field lookups settle equality, null and existence tests (and ORs of them, across fields)
// exactly as the compiled predicates do.
import { describe, expect, it } from 'vitest';
import { Prng } from '../../bench/prng.js';
import { compileExpr } from '../../src/engine/compile-expr.js';
import { EventView, type JsonObject } from '../../src/engine/event-view.js';
import { GateTable, GateTableBuilder, isIndexable } from '../../src/engine/prefilter/gates.js';
import { GroupGates, groupByGate } from '../../src/engine/prefilter/group-gates.js';
import type { Expr } from '../../src/ir/expr.js';
import type { LogicMode } from '../../src/ir/rule.js';

const FIELDS = ['EventID', 'Channel', 'proc.name', 'Other'];
const TEXTS = ['Sysmon', 'SYSMON', 'Security', 'ſecurity', 'İx', '12', ' 1'];

function test(rng: Prng): Expr {
  const field = rng.pick(FIELDS);
  const r = rng.float();
  if (r < 0.15) return { kind: 'exists', field };
  if (r < 0.3) return { kind: 'match', field, matcher: { kind: 'null' } };
  if (r < 0.55) return { kind: 'match', field, matcher: { kind: 'number', value: rng.pick([1, 12, 0]) } };
  return {
    kind: 'match',
    field,
    matcher: { kind: 'string', op: 'equals', value: rng.pick(TEXTS), caseSensitive: rng.chance(0.3) },
  };
}

/** One test, or an OR of two to four (nested ORs sometimes), on one field or several. */
function conjunct(rng: Prng): Expr {
  if (rng.chance(0.3)) return test(rng);
  const children = Array.from({ length: rng.int(2, 4) }, () => test(rng));
  if (rng.chance(0.3)) children.push({ kind: 'or', children: [test(rng), test(rng)] });
  return { kind: 'or', children };
}

function value(rng: Prng): unknown {
  const r = rng.float();
  if (r < 0.4) return rng.pick(TEXTS);
  if (r < 0.6) return rng.pick([1, 12, 0, -0, 1.5, '0x1']);
  if (r < 0.7) return null;
  if (r < 0.8) return rng.chance(0.5);
  if (r < 0.9) return [rng.pick(TEXTS), rng.pick([1, 12, null])];
  return [];
}

function event(rng: Prng): JsonObject {
  const out: JsonObject = {};
  if (rng.chance(0.7)) out.EventID = value(rng);
  if (rng.chance(0.7)) out.Channel = value(rng);
  if (rng.chance(0.4)) out.proc = { name: value(rng) };
  if (rng.chance(0.3)) out['proc.name'] = value(rng);
  if (rng.chance(0.4)) out.Other = { '#text': value(rng) };
  return out;
}

describe('GateTable', () => {
  for (const mode of ['boolean', 'ternary'] as LogicMode[]) {
    it(`settles indexed conjuncts as their predicates do (${mode} logic)`, () => {
      const rng = new Prng(mode === 'boolean' ? 21 : 22);
      let trueCount = 0;
      for (let round = 0; round < 50; round++) {
        const builder = new GateTableBuilder();
        const conjuncts = Array.from({ length: 12 }, () => {
          const expr = conjunct(rng);
          return { expr, predicate: compileExpr(expr, mode) };
        });
        const ids = conjuncts.map((c) => builder.id(c));
        const table = new GateTable(builder.lookupSpecs(), builder.conjuncts);
        for (let n = 0; n < 60; n++) {
          const view = new EventView(event(rng));
          table.begin(view);
          const listed = new Set(table.trueIds.subarray(0, table.trueCount));
          conjuncts.forEach(({ expr, predicate }, i) => {
            const expected = predicate(view) === true;
            const id = ids[i]!;
            expect(listed.has(id), `${JSON.stringify(expr)} on ${JSON.stringify(view.raw)}`).toBe(expected);
            expect(table.holds(id), `${JSON.stringify(expr)} on ${JSON.stringify(view.raw)}`).toBe(expected);
            if (expected) trueCount++;
          });
        }
      }
      expect(trueCount).toBeGreaterThan(5_000);
    });
  }
});

/** A gate conjunct of an expression, compiled as rules compile it. */
function gateConjunct(expr: Expr) {
  return { expr, predicate: compileExpr(expr, 'boolean') };
}

describe('groupByGate', () => {
  const channel = gateConjunct({
    kind: 'match',
    field: 'Channel',
    matcher: { kind: 'string', op: 'equals', value: 'Security', caseSensitive: false },
  });
  const notRoot = gateConjunct({
    kind: 'not',
    child: {
      kind: 'match',
      field: 'User',
      matcher: { kind: 'string', op: 'equals', value: 'root', caseSensitive: true },
    },
  });

  it('gates groups on their lookup-settled conjuncts only; a branch with none leaves the group ungated', () => {
    expect(isIndexable(channel.expr)).toBe(true);
    expect(isIndexable(notRoot.expr)).toBe(false);
    expect(() => new GateTableBuilder().id(notRoot)).toThrow(/equality, null or existence/);
    const grouping = groupByGate([[[channel, notRoot]], [[channel], [notRoot]], null]);
    const { groupOf } = grouping;
    const gates = new GroupGates(grouping.gates);
    const open = (event: JsonObject) => {
      gates.evaluate(new EventView(event));
      return [0, 1, 2].map((slot) => gates.passed[groupOf[slot]!]);
    };
    // The exclusion is left to the rule's own predicate: the gate holds on the channel alone.
    expect(open({ Channel: 'security', User: 'root' })).toEqual([1, 1, 1]);
    expect(open({ Channel: 'System', User: 'alice' })).toEqual([0, 1, 1]);
    expect(groupOf[1]).toBe(groupOf[2]);
  });
});
