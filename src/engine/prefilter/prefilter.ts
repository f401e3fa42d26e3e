// Per-schema prefilter: the compiled rules an event may satisfy, from its gates and one scan of each needed value.
import type { Expr } from '../../ir/expr.js';
import type { RegexMatcher } from '../../ir/matcher.js';
import { re2Flags } from '../../util/safe-regex.js';
import { type EventView, type FieldPath, fieldPath } from '../event-view.js';
import { valueText } from '../match-value.js';
import { ValueMemo } from '../value-memo.js';
import { AhoCorasick, type HitSink } from './aho-corasick.js';
import { fieldClasses, SymbolTable } from './alphabet.js';
import { atomCostModel } from './atom-cost.js';
import { narrowAtoms } from './atom-window.js';
import { type AnyAtom, exprNeeds, isPattern } from './atoms.js';
import { FieldNode, walkFields } from './field-trie.js';
import { GateTable } from './gates.js';
import { GroupGates } from './group-gates.js';
import { type PatternPayloads, PatternSets } from './pattern-sets.js';
import type { GateConjunct } from './shared-conjuncts.js';

/** Longest atom kept: longer ones are cut to their most distinctive window. */
const MAX_ATOM = 8;

interface FieldScanner {
  automaton: AhoCorasick;
  classes: Uint8Array;
  /** Groups with atoms here: the values need no scan when none of their gates holds. */
  groups: Int32Array;
  /** Event stamp and answer of the last `wanted` check. */
  checked: number;
  wanted: boolean;
  /** Regexes of pattern atoms in this field, if any. */
  regexes: PatternSets | undefined;
  /**
   * Payloads found in recently scanned values; none for small automata without regexes (scanning is cheaper than
   * a look-up).
   */
  memo: ValueMemo<Int32Array> | undefined;
}

/** Values remembered per field scanner. */
const SCAN_MEMO = 2048;
/** Shorter values are scanned again: a memo look-up costs about as much as scanning a short text. */
const MEMO_MIN_TEXT = 16;
/**
 * Smaller automata are scanned again: their tables stay in the CPU cache, so a scan costs about what hashing the
 * text for a memo look-up does.
 */
const MEMO_MIN_STATES = 1024;
const NO_HITS = new Int32Array(0);

/** Atom text → the needs it meets, per field (null: any value, for keyword search). */
type AtomsByField = Map<string | null, Map<string, number[]>>;

function groupAtoms(needs: readonly AnyAtom[][]): AtomsByField {
  const byField: AtomsByField = new Map();
  needs.forEach((need, id) => {
    for (const atom of need) {
      if (isPattern(atom)) continue;
      const atoms = byField.get(atom.field) ?? new Map<string, number[]>();
      byField.set(atom.field, atoms);
      const list = atoms.get(atom.text) ?? [];
      if (list[list.length - 1] !== id) list.push(id);
      atoms.set(atom.text, list);
    }
  });
  for (const [field, atoms] of byField) {
    const narrowed = narrowAtoms([...atoms.keys()], MAX_ATOM);
    const merged = new Map<string, Set<number>>();
    for (const [text, list] of atoms) {
      const key = narrowed.get(text) ?? text;
      const slots = merged.get(key) ?? new Set<number>();
      for (const slot of list) slots.add(slot);
      merged.set(key, slots);
    }
    byField.set(field, new Map([...merged].map(([text, slots]) => [text, [...slots]])));
  }
  return byField;
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

/** Collects the payloads of one scan. */
class HitList implements HitSink {
  readonly payloads: number[] = [];

  hit(payload: number): void {
    this.payloads.push(payload);
  }

  /** The payloads collected since the last call. */
  take(): Int32Array {
    if (!this.payloads.length) return NO_HITS;
    const out = Int32Array.from(this.payloads);
    this.payloads.length = 0;
    return out;
  }
}

export class Prefilter implements HitSink {
  private readonly gates: GroupGates;
  /** Per group of rules with the same gate: the slots evaluated whenever the gate holds (no needed atom). */
  private readonly always: Int32Array[] = [];
  /** Group of each slot. */
  private readonly groupOf: Int32Array;
  private readonly passed: Uint8Array;
  private readonly symbols: SymbolTable;
  private readonly fields = new FieldNode<FieldScanner>();
  private readonly globs: { path: FieldPath; scanner: FieldScanner }[] = [];
  /**
   * Per group: the scanner of its keyword atoms (fieldless search, every value of the event), if it has any. One
   * per group, so an event scans only the atoms of rules whose gate holds (a Windows process event: NotPetya's
   * `\perfc.dat`, not every keyword of every Windows log).
   */
  private readonly keywords: (FieldScanner | undefined)[] = [];
  /** Branch of each need; slot of each branch and how many needs it has (see `exprNeeds`). */
  private readonly branchOfNeed: Int32Array;
  private readonly slotOfBranch: Int32Array;
  private readonly required: Uint8Array;
  /** Event stamps: of each need's last hit, of each branch's first met need (with the needs met since), of slots found. */
  private readonly needMarks: Uint32Array;
  private readonly branchMarks: Uint32Array;
  private readonly met: Uint8Array;
  private readonly marks: Uint32Array;
  private readonly found: Int32Array;
  private count = 0;
  private stamp = 0;
  private readonly hitList = new HitList();
  /** The event being looked at (pattern sets read its UTF-8 bytes, which regex tests then reuse). */
  private view: EventView | undefined;

  /**
   * Per compiled slot: the rule's mapped expression and its gate (see `ruleGates`); `tokens`: from `tokenShares`
   * over the rule set.
   */
  constructor(
    detections: readonly Expr[],
    gates: readonly (GateConjunct[][] | null)[],
    tokens: ReadonlyMap<string, number>,
  ) {
    const cost = atomCostModel(detections, tokens);
    const gated = new Set(gates.flatMap((gate) => gate?.flat().map((conjunct) => conjunct.expr) ?? []));
    const slotNeeds = detections.map((expr) => exprNeeds(expr, cost, gated));
    const table = new GateTable();
    const bySignature = new Map<string, { branches: number[][] | null; slots: number[] }>();
    gates.forEach((gate, slot) => {
      const branches =
        gate?.map((branch) => [...new Set(branch.map((c) => table.id(c)))].sort((a, b) => a - b)) ?? null;
      const signature = branches ? JSON.stringify(branches) : '';
      const entry = bySignature.get(signature) ?? { branches, slots: [] };
      entry.slots.push(slot);
      bySignature.set(signature, entry);
    });
    this.groupOf = new Int32Array(slotNeeds.length);
    const groups = [...bySignature.values()];
    groups.forEach(({ slots }, index) => {
      for (const slot of slots) this.groupOf[slot] = index;
      this.always.push(Int32Array.from(slots.filter((slot) => slotNeeds[slot] === null)));
    });
    this.gates = new GroupGates(
      groups.map((g) => g.branches),
      table,
    );
    this.passed = this.gates.passed;
    const branches = slotNeeds.flatMap((branchList, slot) =>
      (branchList ?? []).map((needs) => ({ slot, needs })),
    );
    const needs = branches.flatMap((branch) => branch.needs);
    this.branchOfNeed = Int32Array.from(branches.flatMap(({ needs }, index) => needs.map(() => index)));
    this.slotOfBranch = Int32Array.from(branches, (branch) => branch.slot);
    this.required = Uint8Array.from(branches, (branch) => branch.needs.length);
    const byField = groupAtoms(needs);
    const patternsByField = groupPatterns(needs);
    this.symbols = new SymbolTable([...byField.values()].flatMap((atoms) => [...atoms.keys()]));
    for (const field of new Set([...byField.keys(), ...patternsByField.keys()])) {
      if (field === null) continue;
      const scanner = this.scanner(byField.get(field) ?? new Map(), patternsByField.get(field));
      if (field.includes('*')) this.globs.push({ path: fieldPath(field), scanner });
      else this.fields.add(field).target = scanner;
    }
    for (const [group, atoms] of this.atomsByGroup(byField.get(null))) {
      const scanner = this.scanner(atoms, undefined);
      scanner.memo = undefined; // scanned value by value, without look-ups
      this.keywords[group] = scanner;
    }
    this.needMarks = new Uint32Array(needs.length);
    this.branchMarks = new Uint32Array(branches.length);
    this.met = new Uint8Array(branches.length);
    this.marks = new Uint32Array(slotNeeds.length);
    this.found = new Int32Array(slotNeeds.length);
  }

  /** Atom text → needs, split by the group of each need's rule. */
  private atomsByGroup(atoms: Map<string, number[]> | undefined): Map<number, Map<string, number[]>> {
    const byGroup = new Map<number, Map<string, number[]>>();
    for (const [text, needs] of atoms ?? []) {
      for (const need of needs) {
        const group = this.groupOf[this.slotOfBranch[this.branchOfNeed[need]!]!]!;
        const groupAtoms = byGroup.get(group) ?? new Map<string, number[]>();
        byGroup.set(group, groupAtoms);
        const list = groupAtoms.get(text);
        if (list) list.push(need);
        else groupAtoms.set(text, [need]);
      }
    }
    return byGroup;
  }

  private scanner(atoms: Map<string, number[]>, regexes: PatternPayloads[] | undefined): FieldScanner {
    const { classes, width } = fieldClasses(this.symbols, [...atoms.keys()]);
    const patterns = [...atoms].map(([text, payloads]) => ({
      classes: Array.from({ length: text.length }, (_, i) => classes[this.symbols.of(text.charCodeAt(i))]!),
      payloads,
    }));
    const automaton = new AhoCorasick(patterns, width);
    const groups = new Set(
      [...atoms.values(), ...(regexes ?? []).map((r) => r.payloads)].flatMap((ids) =>
        ids.map((id) => this.groupOf[this.slotOfBranch[this.branchOfNeed[id]!]!]!),
      ),
    );
    return {
      automaton,
      classes,
      groups: Int32Array.from(groups),
      checked: 0,
      wanted: false,
      regexes: regexes && new PatternSets(regexes),
      memo: automaton.states >= MEMO_MIN_STATES || regexes ? new ValueMemo(SCAN_MEMO) : undefined,
    };
  }

  /** Marks a slot as a candidate (once per event) if its group's gate holds. */
  private candidate(slot: number): void {
    if (this.marks[slot] === this.stamp || !this.passed[this.groupOf[slot]!]) return;
    this.marks[slot] = this.stamp;
    this.found[this.count++] = slot;
  }

  /** Counts a need as met (once per event); its slot is a candidate once all needs of one of its branches are. */
  hit(need: number): void {
    if (this.needMarks[need] === this.stamp) return;
    this.needMarks[need] = this.stamp;
    const branch = this.branchOfNeed[need]!;
    const required = this.required[branch]!;
    if (required > 1) {
      if (this.branchMarks[branch] !== this.stamp) {
        this.branchMarks[branch] = this.stamp;
        this.met[branch] = 1;
        return;
      }
      if (++this.met[branch]! < required) return;
    }
    this.candidate(this.slotOfBranch[branch]!);
  }

  /** Whether some group with atoms in the scanner's field has its gate holding (worked out once per event). */
  private wanted(scanner: FieldScanner): boolean {
    if (scanner.checked !== this.stamp) {
      scanner.checked = this.stamp;
      scanner.wanted = false;
      const groups = scanner.groups;
      for (let i = 0; i < groups.length; i++) {
        if (this.passed[groups[i]!]) {
          scanner.wanted = true;
          break;
        }
      }
    }
    return scanner.wanted;
  }

  private readonly scan = (scanner: FieldScanner, value: unknown): void => {
    if (!this.wanted(scanner)) return;
    const text = valueText(value);
    if (text === undefined) return;
    const memo = scanner.memo;
    if (memo === undefined || text.length < MEMO_MIN_TEXT) {
      scanner.automaton.scan(text, this.symbols.symbols, scanner.classes, this);
      scanner.regexes?.match(this.view!.utf8(text), this);
      return;
    }
    let payloads = memo.get(text);
    if (payloads === undefined) {
      scanner.automaton.scan(text, this.symbols.symbols, scanner.classes, this.hitList);
      scanner.regexes?.match(this.view!.utf8(text), this.hitList);
      payloads = this.hitList.take();
      memo.set(text, payloads);
    }
    for (let i = 0; i < payloads.length; i++) this.hit(payloads[i]!);
  };

  /** Scans every text value of the event for a group's keyword atoms, each value on its own. */
  private scanKeywords(scanner: FieldScanner, view: EventView): void {
    const values = view.allValues();
    const { automaton, classes } = scanner;
    const symbols = this.symbols.symbols;
    for (let i = 0; i < values.length; i++) {
      const text = valueText(values[i]);
      if (text !== undefined) automaton.scan(text, symbols, classes, this);
    }
  }

  /** Slots of the compiled rules that may be true for the event, unordered; valid until the next call. */
  candidates(view: EventView): Int32Array {
    if (++this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.needMarks.fill(0);
      this.branchMarks.fill(0);
      this.stamp = 1;
    }
    this.count = 0;
    this.view = view;
    const gates = this.gates;
    gates.evaluate(view);
    for (let i = 0; i < gates.openCount; i++) {
      const group = gates.open[i]!;
      const always = this.always[group]!;
      for (let a = 0; a < always.length; a++) this.candidate(always[a]!);
      const keyword = this.keywords[group];
      if (keyword !== undefined) this.scanKeywords(keyword, view);
    }
    walkFields(view.raw, this.fields, this.scan);
    for (const { path, scanner } of this.globs)
      for (const value of view.valuesAt(path)) this.scan(scanner, value);
    return this.found.subarray(0, this.count);
  }
}
