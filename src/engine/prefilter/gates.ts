// The gates of a schema's rule groups, checked once per event; equality tests go through per-field lookups.
import type { EventPredicate } from '../compile-expr.js';
import type { EventView } from '../event-view.js';
import { parseNumber, valueText } from '../match-value.js';
import type { GateConjunct } from './shared-conjuncts.js';

const UNKNOWN = 0;
const TRUE = 1;
const FALSE = 2;

/** Equality conjuncts on one field: value → ids of the conjuncts it satisfies. */
class FieldLookup {
  readonly ids: number[] = [];
  readonly numbers = new Map<number, number[]>();
  readonly folded = new Map<string, number[]>();
  readonly exact = new Map<string, number[]>();

  constructor(readonly field: string) {}

  add(table: Map<number, number[]> | Map<string, number[]>, key: number | string, id: number): void {
    const map = table as Map<number | string, number[]>;
    map.set(key, [...(map.get(key) ?? []), id]);
    this.ids.push(id);
  }
}

export class GateTable {
  private readonly predicates: EventPredicate[] = [];
  private readonly ids = new Map<EventPredicate, number>();
  private readonly lookups = new Map<string, FieldLookup>();
  private state = new Uint8Array(0);
  private view: EventView | undefined;
  /** Equality conjuncts found true by the last `begin`. */
  trueIds = new Int32Array(0);
  trueCount = 0;
  private readonly indexed = new Set<number>();

  /** The id of a conjunct (the same for every rule sharing it). */
  id(conjunct: GateConjunct): number {
    let id = this.ids.get(conjunct.predicate);
    if (id !== undefined) return id;
    id = this.predicates.length;
    this.predicates.push(conjunct.predicate);
    this.ids.set(conjunct.predicate, id);
    this.state = new Uint8Array(this.predicates.length);
    this.trueIds = new Int32Array(this.predicates.length);
    const { expr } = conjunct;
    if (expr.kind !== 'match' || expr.transform) return id;
    const m = expr.matcher;
    const lookup = this.lookups.get(expr.field) ?? new FieldLookup(expr.field);
    if (m.kind === 'number') lookup.add(lookup.numbers, m.value, id);
    else if (m.kind === 'string' && m.op === 'equals')
      lookup.add(
        m.caseSensitive ? lookup.exact : lookup.folded,
        m.caseSensitive ? m.value : m.value.toLowerCase(),
        id,
      );
    else return id;
    this.lookups.set(expr.field, lookup);
    this.indexed.add(id);
    return id;
  }

  /** Whether `begin` settles the conjunct (an equality test) and lists it in `trueIds` when true. */
  isIndexed(id: number): boolean {
    return this.indexed.has(id);
  }

  private setTrue(ids: readonly number[] | undefined): void {
    for (const id of ids ?? []) {
      if (this.state[id] === TRUE) continue;
      this.state[id] = TRUE;
      this.trueIds[this.trueCount++] = id;
    }
  }

  /** Starts a new event: settles every equality conjunct from one read of its field. */
  begin(view: EventView): void {
    this.view = view;
    const state = this.state;
    state.fill(UNKNOWN);
    this.trueCount = 0;
    for (const lookup of this.lookups.values()) {
      for (const id of lookup.ids) state[id] = FALSE;
      for (const value of view.values(lookup.field)) {
        const number = lookup.numbers.size ? parseNumber(value) : undefined;
        if (number !== undefined) this.setTrue(lookup.numbers.get(number));
        const text = valueText(value);
        if (text === undefined) continue;
        if (lookup.exact.size) this.setTrue(lookup.exact.get(text));
        if (lookup.folded.size) this.setTrue(lookup.folded.get(view.lower(text)));
      }
    }
  }

  /** Whether the conjunct is true for the current event. */
  holds(id: number): boolean {
    let s = this.state[id]!;
    if (s === UNKNOWN) {
      s = this.predicates[id]!(this.view!) === true ? TRUE : FALSE;
      this.state[id] = s;
    }
    return s === TRUE;
  }
}
