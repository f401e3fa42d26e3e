// The gates of a schema's rule groups, checked once per event; equality, null and existence tests (and ORs of
// them) are settled by per-field lookups.
import type { ExistsExpr, Expr, MatchExpr } from '../../ir/expr.js';
import type { NullMatcher, NumberMatcher, StringMatcher } from '../../ir/matcher.js';
import type { EventPredicate } from '../compile-expr.js';
import { type EventView, type FieldPath, fieldPath } from '../event-view.js';
import type { GateLookupSpec } from '../native/screen-spec.js';
import type { GateConjunct } from './shared-conjuncts.js';
import {
  addId,
  type IdSink,
  lookUpValue,
  type ValueIndex,
  type ValueIndexBuilder,
  valueIndexOf,
  valueIndexSpec,
} from './value-index.js';

/** Indexed tests on one field, as they are collected: value → ids of the conjuncts it makes true. */
class FieldLookupBuilder implements ValueIndexBuilder {
  readonly numbers = new Map<number, number[]>();
  readonly folded = new Map<string, number[]>();
  readonly exact = new Map<string, number[]>();
  /** Conjuncts true when the field is missing or has a null value (`null` matchers). */
  readonly nulls: number[] = [];
  /** Conjuncts true when the field has a value (`exists`). */
  readonly present: number[] = [];

  constructor(readonly field: string) {}

  add(test: IndexedTest, id: number): void {
    if (test.kind === 'exists') return void this.present.push(id);
    const m = test.matcher;
    if (m.kind === 'null') this.nulls.push(id);
    else if (m.kind === 'number') addId(this.numbers, m.value, id);
    else if (m.caseSensitive) addId(this.exact, m.value, id);
    else addId(this.folded, m.value.toLowerCase(), id);
  }

  spec(): GateLookupSpec {
    return {
      field: this.field,
      ...valueIndexSpec(this),
      nulls: Int32Array.from(this.nulls),
      present: Int32Array.from(this.present),
    };
  }
}

/** Indexed tests on one field, as events are checked against them (from a `GateLookupSpec`). */
interface FieldLookup extends ValueIndex {
  path: FieldPath;
  nulls: Int32Array;
  present: Int32Array;
}

/** A test a field lookup settles: equality with a string or number, null, existence (no transform). */
type IndexedTest = ExistsExpr | (MatchExpr & { matcher: NumberMatcher | NullMatcher | StringMatcher });

function isIndexedTest(expr: Expr): expr is IndexedTest {
  if (expr.kind === 'exists') return true;
  if (expr.kind !== 'match' || expr.transform) return false;
  const m = expr.matcher;
  return m.kind === 'number' || m.kind === 'null' || (m.kind === 'string' && m.op === 'equals');
}

/** The tests of a conjunct that is one indexed test or an OR of them (true when any is), else undefined. */
function indexedTests(expr: Expr): IndexedTest[] | undefined {
  if (isIndexedTest(expr)) return [expr];
  if (expr.kind !== 'or') return undefined;
  const tests: IndexedTest[] = [];
  for (const child of expr.children) {
    const inner = indexedTests(child);
    if (!inner) return undefined;
    tests.push(...inner);
  }
  return tests;
}

/**
 * Whether a gate conjunct is settled by field lookups: one equality, null or existence test, or an OR of them. Other
 * conjuncts stay out of gates: gates only narrow the rules evaluated, and each rule's predicate tests all of its
 * conditions; evaluating such conjuncts for every event (exclusions like `not user.name: "root"`, ~25 per event with
 * the Elastic rules) cost more than the rules they kept from being evaluated.
 */
export function isIndexable(expr: Expr): boolean {
  return indexedTests(expr) !== undefined;
}

/** Numbers the indexable gate conjuncts (see `isIndexable`) and collects their lookups, as plain data. */
export class GateTableBuilder {
  private readonly ids = new Map<EventPredicate, number>();
  /** One lookup per field tested. */
  private readonly lookups: FieldLookupBuilder[] = [];

  /** The id of an indexable conjunct, the same for every rule sharing it. */
  id(conjunct: GateConjunct): number {
    let id = this.ids.get(conjunct.predicate);
    if (id !== undefined) return id;
    const tests = indexedTests(conjunct.expr);
    if (!tests) throw new Error('gate conjuncts are equality, null or existence tests');
    id = this.ids.size;
    this.ids.set(conjunct.predicate, id);
    for (const test of tests) {
      let lookup = this.lookups.find((l) => l.field === test.field);
      if (!lookup) {
        lookup = new FieldLookupBuilder(test.field);
        this.lookups.push(lookup);
      }
      lookup.add(test, id);
    }
    return id;
  }

  /** Number of conjunct ids given out. */
  get conjuncts(): number {
    return this.ids.size;
  }

  /** The lookups as plain data (for `GateTable`, and native screening). */
  lookupSpecs(): GateLookupSpec[] {
    return this.lookups.map((lookup) => lookup.spec());
  }
}

/** The gate conjuncts true for an event, settled from one read of each field the lookups test. */
export class GateTable implements IdSink {
  /** One lookup per field tested (a list: `begin` walks it for every event). */
  private readonly lookups: FieldLookup[];
  /** Per id: the stamp of the last event it was true for. */
  private readonly stamps: Uint32Array;
  private stamp = 0;
  /** Conjuncts found true by the last `begin`. */
  readonly trueIds: Int32Array;
  trueCount = 0;

  /** The table of `conjuncts` ids looked up as `lookups` give (see `GateTableBuilder`). */
  constructor(lookups: readonly GateLookupSpec[], conjuncts: number) {
    this.lookups = lookups.map((spec) => ({
      path: fieldPath(spec.field),
      ...valueIndexOf(spec),
      nulls: spec.nulls,
      present: spec.present,
    }));
    this.stamps = new Uint32Array(conjuncts);
    this.trueIds = new Int32Array(conjuncts);
  }

  /** Marks the conjuncts true for the current event (once each). */
  meet(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (this.stamps[id] === this.stamp) continue;
      this.stamps[id] = this.stamp;
      this.trueIds[this.trueCount++] = id;
    }
  }

  /**
   * Starts a new event: settles every conjunct from one read of each of its fields (those no lookup makes true are
   * false, without a write per conjunct: rule sets have thousands).
   */
  begin(view: EventView): void {
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.trueCount = 0;
    for (let l = 0; l < this.lookups.length; l++) {
      const lookup = this.lookups[l]!;
      const values = view.valuesAt(lookup.path);
      if (values.length === 0) {
        this.meet(lookup.nulls);
        continue;
      }
      this.meet(lookup.present);
      for (let v = 0; v < values.length; v++) {
        const value = values[v];
        if (value === null) this.meet(lookup.nulls);
        lookUpValue(lookup, value, view, this);
      }
    }
  }

  /** Whether the conjunct is true for the current event. */
  holds(id: number): boolean {
    return this.stamps[id] === this.stamp;
  }
}
