// The data native screening is given per schema: a prefilter's gates and plan, as plain arrays (see native/src/addon.cc).
import type { AutomatonTables } from '../prefilter/aho-corasick.js';
import type { GramTables } from '../prefilter/gram-index.js';

/** Equality tests indexed by value (see `ValueIndex`), as key and id-list pairs. */
export interface ValueIndexSpec {
  numbers: [number, Int32Array][];
  exact: [string, Int32Array][];
  folded: [string, Int32Array][];
}

/** Indexed gate conjuncts on one field (see `GateTable`). */
export interface GateLookupSpec extends ValueIndexSpec {
  field: string;
  nulls: Int32Array;
  present: Int32Array;
}

/** A branch of a group's gate keyed by conjunct `key`, with the conjuncts that must hold as well. */
export interface KeyedBranchSpec {
  key: number;
  group: number;
  rest: Int32Array;
}

/** The gates of a schema's rule groups (see `GroupGates`). */
export interface GatesSpec {
  /** Number of rule groups. */
  groups: number;
  conjuncts: number;
  lookups: GateLookupSpec[];
  keyed: KeyedBranchSpec[];
  ungated: Int32Array;
}

export interface ScannerSpec {
  field: string | null;
  group: number;
  classes: Uint8Array;
  automaton: AutomatonTables;
  grams: GramTables | undefined;
  separator: number;
  groups: Int32Array;
  regexes: { pattern: string; flags: string; payloads: Int32Array }[] | undefined;
  values: (ValueIndexSpec & { present: Int32Array }) | undefined;
  scansText: boolean;
  /** Remember the payloads found per text (see `ScannerPlan.memo`). */
  memo: boolean;
}

/** One schema's prefilter (see `Prefilter`). */
export interface ScreenSpec extends GatesSpec {
  always: Int32Array[];
  groupOf: Int32Array;
  slotOfBranch: Int32Array;
  confirmStart: Int32Array;
  confirms: Int32Array;
  needCount: number;
  symbols: Uint16Array;
  scanners: ScannerSpec[];
}

/** A map of id lists as pairs. */
export function idEntries<K>(map: ReadonlyMap<K, readonly number[]>): [K, Int32Array][] {
  return [...map].map(([key, ids]) => [key, Int32Array.from(ids)]);
}
