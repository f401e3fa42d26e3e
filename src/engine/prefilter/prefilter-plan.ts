// What a schema's prefilter looks for, as plain data: needs per rule branch and one automaton per field (costly to
// work out, cheap to share: the workers of a hunt use one plan).
import type { Expr } from '../../ir/expr.js';
import type { RegexMatcher } from '../../ir/matcher.js';
import { re2Flags } from '../../util/safe-regex.js';
import type { EventPredicate } from '../compile-expr.js';
import type { GatesSpec } from '../native/screen-spec.js';
import { type AutomatonTables, buildAutomaton } from './aho-corasick.js';
import { fieldClasses, SymbolTable } from './alphabet.js';
import { atomCostModel } from './atom-cost.js';
import { narrowAtoms } from './atom-window.js';
import { type AnyAtom, atomKey, exprNeeds, isPattern, isValue } from './atoms.js';
import { buildGramIndex, GRAM, type GramTables } from './gram-index.js';
import { groupByGate } from './group-gates.js';
import type { PatternPayloads } from './pattern-sets.js';
import { ruleGates } from './shared-conjuncts.js';
import { addId, emptyValueIndex, type ValueIndexBuilder } from './value-index.js';

/** Longest atom kept: longer ones are cut to their most distinctive window. */
const MAX_ATOM = 8;
/**
 * Smaller automata are scanned again rather than memoised: their tables stay in the CPU cache, so a scan costs about
 * what hashing the text for a memo look-up does.
 */
const MEMO_MIN_STATES = 1024;
/**
 * From this many patterns of GRAM classes or more, a field's long patterns go in a gram index and only its short ones
 * in its automaton. An automaton of all SigmaHQ command line atoms has 27,000 states: its tables left the CPU caches
 * between the events of a hunt, and a scan read memory at most characters. With 16, screening all SigmaHQ rules
 * took ~6 % less time per line than with 64, and ~15 % less than with 256 or with 1 (an index for every field with a
 * long pattern: each scan passes over the text three times, for the classes, the index and the automaton).
 */
const GRAM_MIN_PATTERNS = 16;

/** One automaton's atoms of a field (or, for keyword search, of one group's rules) and the regexes searched there. */
export interface ScannerPlan {
  /** The field scanned; null: every value of the event, for the keyword atoms of `group`'s rules. */
  field: string | null;
  /** For keyword scanners, the rule group (see `groupByGate`); -1 for field scanners. */
  group: number;
  /** Symbol → class of this automaton. */
  classes: Uint8Array;
  /** The field's patterns, or its short ones when the long ones are in `grams`. */
  automaton: AutomatonTables;
  grams: GramTables | undefined;
  /**
   * A control character in no atom, or -1: texts joined by it are scanned as one (native keyword search), since no
   * atom found can span two of them.
   */
  separator: number;
  /** Groups with atoms here: the values need no scan when none of their gates holds. */
  groups: Int32Array;
  regexes: PatternPayloads[] | undefined;
  /** Value atoms of this field, looked up in each value. */
  values: ValueLookups | undefined;
  /** Whether to remember the payloads found per value (costly scans). */
  memo: boolean;
}

/** Value atoms of one field (see `ValueAtom`): the needs each value meets. */
export interface ValueLookups extends ValueIndexBuilder {
  /** Needs met by any value. */
  present: number[];
}

/**
 * The payloads scanners report are need ids. A rule branch's needs (see `exprNeeds`) must all be met for its slot to
 * be a candidate; its cheapest need (the first) has the branch's own id, so payloads below the number of branches
 * name a branch. Its other needs are checked only once it is met: they get ids from the number of branches on, one
 * per distinct need, so that a need many branches share (`\powershell.exe` as image beside each rule's own command
 * line literal) is reported once per event, not once per branch.
 */
export interface PrefilterPlan {
  /** Group of each slot: slots with the same gate form a group. */
  groupOf: Int32Array;
  /** The groups' gates. */
  gates: GatesSpec;
  /** Slots with no need: evaluated whenever their gate holds. */
  unneeded: Int32Array;
  /** Slot of each branch. */
  slotOfBranch: Int32Array;
  /** Ids of the further needs of branch b: confirms[confirmStart[b] .. confirmStart[b + 1]). */
  confirmStart: Int32Array;
  confirms: Int32Array;
  /** Number of need ids: branches, then further needs. */
  needCount: number;
  /** Code unit → symbol (see SymbolTable). */
  symbols: Uint16Array;
  scanners: ScannerPlan[];
}

/** Atom text → the needs it meets, per field (null: any value, for keyword search). */
type AtomsByField = Map<string | null, Map<string, number[]>>;

function groupAtoms(needs: readonly AnyAtom[][]): AtomsByField {
  const byField: AtomsByField = new Map();
  needs.forEach((need, id) => {
    for (const atom of need) {
      if (isPattern(atom) || isValue(atom)) continue;
      let atoms = byField.get(atom.field);
      if (!atoms) {
        atoms = new Map();
        byField.set(atom.field, atoms);
      }
      const ids = atoms.get(atom.text);
      if (!ids) atoms.set(atom.text, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id);
    }
  });
  for (const [field, atoms] of byField) byField.set(field, narrowed(atoms));
  return byField;
}

/** A field's atoms with the long ones cut to their window (see `narrowAtoms`): atoms cut alike meet each one's needs. */
function narrowed(atoms: Map<string, number[]>): Map<string, number[]> {
  const windows = narrowAtoms([...atoms.keys()], MAX_ATOM);
  if (windows.size === 0) return atoms;
  const out = new Map<string, number[]>();
  for (const [text, ids] of atoms) {
    const key = windows.get(text) ?? text;
    const known = out.get(key);
    out.set(key, known ? unionOfSorted(known, ids) : ids);
  }
  return out;
}

/** The union of two ascending lists without repeats, ascending. */
function unionOfSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
}

/** Per field: the regexes of its pattern atoms (one entry per distinct regex) with the needs each meets. */
function groupPatterns(needs: readonly AnyAtom[][]): Map<string, PatternPayloads[]> {
  const byKey = new Map<string, { regex: RegexMatcher; payloads: number[] }>();
  const byField = new Map<string, PatternPayloads[]>();
  needs.forEach((need, id) => {
    for (const atom of need) {
      if (!isPattern(atom)) continue;
      const key = `${atom.field}\n${re2Flags(atom.regex.flags)}/${atom.regex.pattern}`;
      let entry = byKey.get(key);
      if (!entry) {
        entry = { regex: atom.regex, payloads: [] };
        byKey.set(key, entry);
        const list = byField.get(atom.field);
        if (list) list.push(entry);
        else byField.set(atom.field, [entry]);
      }
      if (entry.payloads[entry.payloads.length - 1] !== id) entry.payloads.push(id);
    }
  });
  return byField;
}

/** Per field: the value atoms looked up there, with the needs each meets. */
function groupValues(needs: readonly AnyAtom[][]): Map<string, ValueLookups> {
  const byField = new Map<string, ValueLookups>();
  needs.forEach((need, id) => {
    for (const atom of need) {
      if (!isValue(atom)) continue;
      let lookups = byField.get(atom.field);
      if (!lookups) {
        lookups = { ...emptyValueIndex(), present: [] };
        byField.set(atom.field, lookups);
      }
      const v = atom.value;
      if (v.kind === 'number') addId(lookups.numbers, v.number, id);
      else if (v.kind === 'text') addId(v.folded ? lookups.folded : lookups.exact, v.text, id);
      else if (lookups.present[lookups.present.length - 1] !== id) lookups.present.push(id);
    }
  });
  return byField;
}

/** Groups of the rules each need is a need of. */
type GroupsOfNeed = (need: number) => readonly number[];

/** Atom text → needs, split by the groups of each need's rules. */
function atomsByGroup(
  atoms: Map<string, number[]> | undefined,
  groupsOfNeed: GroupsOfNeed,
): Map<number, Map<string, number[]>> {
  const byGroup = new Map<number, Map<string, number[]>>();
  for (const [text, needs] of atoms ?? []) {
    for (const need of needs) {
      for (const group of groupsOfNeed(need)) {
        const groupAtoms = byGroup.get(group) ?? new Map<string, number[]>();
        byGroup.set(group, groupAtoms);
        const list = groupAtoms.get(text);
        if (list) list.push(need);
        else groupAtoms.set(text, [need]);
      }
    }
  }
  return byGroup;
}

/** The needs of the branches as payloads (see `PrefilterPlan`): each branch's first need, then the others. */
function numberNeeds(branches: readonly { slot: number; needs: AnyAtom[][] }[], groupOf: Int32Array) {
  const needs = branches.map((branch) => branch.needs[0]!);
  const groups: number[][] = branches.map((branch) => [groupOf[branch.slot]!]);
  const idOfNeed = new Map<string, number>();
  const confirmStart = [0];
  const confirms: number[] = [];
  for (const branch of branches) {
    for (const need of branch.needs.slice(1)) {
      const key = need.map(atomKey).sort().join('\n');
      let id = idOfNeed.get(key);
      if (id === undefined) {
        id = needs.length;
        idOfNeed.set(key, id);
        needs.push(need);
        groups.push([]);
      }
      const group = groupOf[branch.slot]!;
      if (!groups[id]!.includes(group)) groups[id]!.push(group);
      confirms.push(id);
    }
    confirmStart.push(confirms.length);
  }
  return {
    needs,
    groupsOfNeed: (need: number) => groups[need]!,
    confirmStart: Int32Array.from(confirmStart),
    confirms: Int32Array.from(confirms),
  };
}

/** The first control character (below U+0020) in none of the texts, or -1. */
function unusedControl(texts: Iterable<string>): number {
  const used = new Set<number>();
  for (const text of texts)
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) used.add(text.charCodeAt(i));
  for (let code = 0; code < 0x20; code++) if (!used.has(code)) return code;
  return -1;
}

function scannerPlan(
  target: { field: string | null; group: number },
  symbols: SymbolTable,
  atoms: Map<string, number[]>,
  regexes: PatternPayloads[] | undefined,
  values: ValueLookups | undefined,
  groupsOfNeed: GroupsOfNeed,
): ScannerPlan {
  const { classes, width } = fieldClasses(symbols, [...atoms.keys()]);
  const patterns = [...atoms].map(([text, payloads]) => {
    const patternClasses = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) patternClasses[i] = classes[symbols.of(text.charCodeAt(i))]!;
    return { classes: patternClasses, payloads };
  });
  const long = patterns.filter((pattern) => pattern.classes.length >= GRAM);
  const grams = long.length >= GRAM_MIN_PATTERNS ? buildGramIndex(long) : undefined;
  const automaton = buildAutomaton(
    grams ? patterns.filter((pattern) => pattern.classes.length < GRAM) : patterns,
    width,
  );
  const payloads = [
    ...atoms.values(),
    ...(regexes ?? []).map((r) => r.payloads),
    ...(values
      ? [...values.numbers.values(), ...values.exact.values(), ...values.folded.values(), values.present]
      : []),
  ];
  // Worked out before the object below: inside it (with the loops above), V8 dropped this function's optimised code
  // at the read of the state count ~110 times per SigmaHQ compile (`--trace-deopt`: insufficient type feedback).
  const costlyScan = grams !== undefined || automaton.states >= MEMO_MIN_STATES || regexes !== undefined;
  const groups = new Set<number>();
  for (const ids of payloads) for (const id of ids) for (const group of groupsOfNeed(id)) groups.add(group);
  return {
    ...target,
    classes,
    automaton,
    grams,
    separator: unusedControl(atoms.keys()),
    groups: Int32Array.from(groups),
    regexes,
    values,
    // Keyword scanners read every value of an event, without look-ups.
    memo: target.field !== null && costlyScan,
  };
}

/**
 * The plan for slots with these (mapped) detections and shared conjuncts (see `sharedConjuncts`): their gates (see
 * `ruleGates`), grouped (see `groupByGate`), and needs; `tokens`: from `tokenShares` over the rule set.
 */
export function planPrefilter(
  detections: readonly Expr[],
  given: ReadonlyMap<Expr, EventPredicate>,
  tokens: ReadonlyMap<string, number>,
): PrefilterPlan {
  const gates = ruleGates(detections, given);
  const { groupOf, gates: gatesOfGroups } = groupByGate(gates);
  const cost = atomCostModel(detections, tokens);
  const gated = new Set(gates.flatMap((gate) => gate?.flat().map((conjunct) => conjunct.expr) ?? []));
  const slotNeeds = detections.map((expr) => exprNeeds(expr, cost, gated));
  const branches = slotNeeds.flatMap((branchList, slot) =>
    (branchList ?? []).map((needs) => ({ slot, needs })),
  );
  const { needs, groupsOfNeed, confirmStart, confirms } = numberNeeds(branches, groupOf);
  const byField = groupAtoms(needs);
  const patternsByField = groupPatterns(needs);
  const valuesByField = groupValues(needs);
  const symbols = new SymbolTable([...byField.values()].flatMap((atoms) => [...atoms.keys()]));
  const scanners: ScannerPlan[] = [];
  for (const field of new Set([...byField.keys(), ...patternsByField.keys(), ...valuesByField.keys()])) {
    if (field === null) continue;
    const atoms = byField.get(field) ?? new Map();
    const target = { field, group: -1 };
    scanners.push(
      scannerPlan(target, symbols, atoms, patternsByField.get(field), valuesByField.get(field), groupsOfNeed),
    );
  }
  for (const [group, atoms] of atomsByGroup(byField.get(null), groupsOfNeed))
    scanners.push(scannerPlan({ field: null, group }, symbols, atoms, undefined, undefined, groupsOfNeed));
  return {
    groupOf,
    gates: gatesOfGroups,
    unneeded: Int32Array.from(slotNeeds.flatMap((branchList, slot) => (branchList === null ? [slot] : []))),
    slotOfBranch: Int32Array.from(branches, (branch) => branch.slot),
    confirmStart,
    confirms,
    needCount: needs.length,
    symbols: symbols.symbols,
    scanners,
  };
}

type Table = Uint8Array | Uint16Array | Uint32Array | Int32Array;

/** A copy of the array in shared memory (posted to another thread, it is shared rather than copied). */
function shared<T extends Table>(array: T): T {
  const copy = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
    new SharedArrayBuffer(array.byteLength),
  );
  copy.set(array);
  return copy;
}

/** Every typed array of the object in shared memory. */
function sharedTables<T extends object>(tables: T): T {
  return Object.fromEntries(
    Object.entries(tables).map(([key, value]) => [
      key,
      ArrayBuffer.isView(value) ? shared(value as Table) : value,
    ]),
  ) as T;
}

/** The plan with its large tables in shared memory, for all the workers of a hunt to read one copy. */
export function sharePlan(plan: PrefilterPlan): PrefilterPlan {
  return {
    ...plan,
    symbols: shared(plan.symbols),
    scanners: plan.scanners.map((scanner) => ({
      ...scanner,
      automaton: sharedTables(scanner.automaton),
      grams: scanner.grams && sharedTables(scanner.grams),
    })),
  };
}
