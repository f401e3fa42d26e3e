// Equality tests indexed by value: the ids an event value makes true, read as number and string matchers read it.
import type { EventView } from '../event-view.js';
import { parseNumber, valueText } from '../match-value.js';
import { idEntries, type ValueIndexSpec } from '../native/screen-spec.js';

/** Ids of equality tests, by the value that makes them true. */
export interface ValueIndex {
  numbers: ReadonlyMap<number, ArrayLike<number>>;
  exact: ReadonlyMap<string, ArrayLike<number>>;
  /** Keyed by lower-cased text. */
  folded: ReadonlyMap<string, ArrayLike<number>>;
}

/** A value index as it is built (see `addId`). */
export interface ValueIndexBuilder extends ValueIndex {
  numbers: Map<number, number[]>;
  exact: Map<string, number[]>;
  folded: Map<string, number[]>;
}

export function emptyValueIndex(): ValueIndexBuilder {
  return { numbers: new Map(), exact: new Map(), folded: new Map() };
}

/** Adds an id under a key (not again right after itself). */
export function addId<K>(map: Map<K, number[]>, key: K, id: number): void {
  const ids = map.get(key);
  if (!ids) map.set(key, [id]);
  else if (ids[ids.length - 1] !== id) ids.push(id);
}

/** Receives the ids a value makes true. */
export interface IdSink {
  meet(ids: ArrayLike<number>): void;
}

/** Gives `sink` each list of ids the value makes true: numbers (numeric strings too), exact and folded texts. */
export function lookUpValue(index: ValueIndex, value: unknown, view: EventView, sink: IdSink): void {
  if (index.numbers.size) {
    const number = parseNumber(value);
    const ids = number === undefined ? undefined : index.numbers.get(number);
    if (ids) sink.meet(ids);
  }
  if (!index.exact.size && !index.folded.size) return;
  const text = valueText(value);
  if (text === undefined) return;
  const exact = index.exact.size ? index.exact.get(text) : undefined;
  if (exact) sink.meet(exact);
  const folded = index.folded.size ? index.folded.get(view.lower(text)) : undefined;
  if (folded) sink.meet(folded);
}

/** The index as plain pairs, for native screening. */
export function valueIndexSpec(index: ValueIndexBuilder): ValueIndexSpec {
  return {
    numbers: idEntries(index.numbers),
    exact: idEntries(index.exact),
    folded: idEntries(index.folded),
  };
}

/** The index of plain pairs (see `valueIndexSpec`). */
export function valueIndexOf(spec: ValueIndexSpec): ValueIndex {
  return { numbers: new Map(spec.numbers), exact: new Map(spec.exact), folded: new Map(spec.folded) };
}
