// Per-schema prefilter: the compiled rules an event may satisfy, from its gates and one scan of each needed value.
import { re2Flags } from '../../util/safe-regex.js';
import { type EventView, type FieldPath, fieldPath } from '../event-view.js';
import { valueText } from '../match-value.js';
import type { ScreenSpec } from '../native/screen-spec.js';
import { ValueMemo } from '../value-memo.js';
import { AhoCorasick, type HitSink } from './aho-corasick.js';
import { FieldNode, walkFields } from './field-trie.js';
import { GramIndex } from './gram-index.js';
import { GroupGates } from './group-gates.js';
import { PatternSets } from './pattern-sets.js';
import type { PrefilterPlan, ScannerPlan, ValueLookups } from './prefilter-plan.js';
import { type IdSink, lookUpValue, valueIndexSpec } from './value-index.js';

interface FieldScanner {
  automaton: AhoCorasick;
  /** The field's long patterns, when there are many (see `ScannerPlan.grams`). */
  grams: GramIndex | undefined;
  classes: Uint8Array;
  /** Groups with atoms here: the values need no scan when none of their gates holds. */
  groups: Int32Array;
  /** Event stamp and answer of the last `wanted` check. */
  checked: number;
  wanted: boolean;
  /** Regexes of pattern atoms in this field, if any. */
  regexes: PatternSets | undefined;
  /** Value atoms of this field, if any. */
  values: ValueLookups | undefined;
  /** Whether values are scanned for literals or patterns (not only looked up). */
  scansText: boolean;
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
const NO_HITS = new Int32Array(0);

/** Whether a scanner's values are scanned for literals or patterns (not only looked up). */
function scansText(plan: ScannerPlan): boolean {
  return plan.automaton.states > 1 || plan.grams !== undefined || plan.regexes !== undefined;
}

function fieldScanner(plan: ScannerPlan): FieldScanner {
  return {
    automaton: new AhoCorasick(plan.automaton),
    grams: plan.grams && new GramIndex(plan.grams),
    classes: plan.classes,
    groups: plan.groups,
    checked: 0,
    wanted: false,
    regexes: plan.regexes && new PatternSets(plan.regexes),
    values: plan.values,
    scansText: scansText(plan),
    memo: plan.memo ? new ValueMemo(SCAN_MEMO) : undefined,
  };
}

/** Reports the payloads of the scanner's patterns found in the text. */
function scanLiterals(scanner: FieldScanner, text: string, symbols: Uint16Array, sink: HitSink): void {
  scanner.automaton.scan(text, symbols, scanner.classes, sink);
  scanner.grams?.scan(text, symbols, scanner.classes, sink);
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

export class Prefilter implements HitSink, IdSink {
  private readonly gates: GroupGates;
  /** Per group of rules with the same gate: the slots evaluated whenever the gate holds (no needed atom). */
  private readonly always: Int32Array[];
  /** Group of each slot. */
  private readonly groupOf: Int32Array;
  private readonly passed: Uint8Array;
  /** Code unit → symbol (see SymbolTable). */
  private readonly symbols: Uint16Array;
  private readonly fields = new FieldNode<FieldScanner>();
  private readonly globs: { path: FieldPath; scanner: FieldScanner }[] = [];
  /**
   * Per group: the scanner of its keyword atoms (fieldless search, every value of the event), if it has any. One
   * per group, so an event scans only the atoms of rules whose gate holds (a Windows process event: NotPetya's
   * `\perfc.dat`, not every keyword of every Windows log).
   */
  private readonly keywords: (FieldScanner | undefined)[] = [];
  /** Need ids (see `PrefilterPlan`): below `branchCount` a branch's first need, from there on its further needs. */
  private readonly branchCount: number;
  private readonly slotOfBranch: Int32Array;
  private readonly confirmStart: Int32Array;
  private readonly confirms: Int32Array;
  /** Event stamps: of each branch whose first need is met, of each further need met, of slots found. */
  private readonly branchMarks: Uint32Array;
  private readonly confirmMarks: Uint32Array;
  private readonly marks: Uint32Array;
  /** Branches whose first need is met and that have further needs, to check once the event is scanned. */
  private readonly pending: Int32Array;
  private pendingCount = 0;
  private readonly found: Int32Array;
  private count = 0;
  private stamp = 0;
  private readonly hitList = new HitList();
  /** The event being looked at (pattern sets read its UTF-8 bytes, which regex tests then reuse). */
  private view: EventView | undefined;

  /** The plan's prefilter (see `planPrefilter`). */
  constructor(private readonly plan: PrefilterPlan) {
    this.groupOf = plan.groupOf;
    this.gates = new GroupGates(plan.gates);
    this.passed = this.gates.passed;
    const always = Array.from(this.passed, (): number[] => []);
    for (const slot of plan.unneeded) always[this.groupOf[slot]!]!.push(slot);
    this.always = always.map((slots) => Int32Array.from(slots));
    this.slotOfBranch = plan.slotOfBranch;
    this.branchCount = plan.slotOfBranch.length;
    this.confirmStart = plan.confirmStart;
    this.confirms = plan.confirms;
    this.symbols = plan.symbols;
    for (const scannerPlan of plan.scanners) {
      const scanner = fieldScanner(scannerPlan);
      const field = scannerPlan.field;
      if (field === null) this.keywords[scannerPlan.group] = scanner;
      else if (field.includes('*')) this.globs.push({ path: fieldPath(field), scanner });
      else this.fields.add(field).target = scanner;
    }
    this.branchMarks = new Uint32Array(this.branchCount);
    this.confirmMarks = new Uint32Array(plan.needCount - this.branchCount);
    this.pending = new Int32Array(this.branchCount);
    this.marks = new Uint32Array(this.groupOf.length);
    this.found = new Int32Array(this.groupOf.length);
  }

  /** The gates and plan as plain data, for native screening (see native/src/schema-screen.h). */
  screenSpec(): ScreenSpec {
    const { plan } = this;
    return {
      ...plan.gates,
      always: this.always,
      groupOf: this.groupOf,
      slotOfBranch: plan.slotOfBranch,
      confirmStart: plan.confirmStart,
      confirms: plan.confirms,
      needCount: plan.needCount,
      symbols: plan.symbols,
      scanners: plan.scanners.map((scanner) => ({
        field: scanner.field,
        group: scanner.group,
        classes: scanner.classes,
        automaton: scanner.automaton,
        grams: scanner.grams,
        separator: scanner.separator,
        groups: scanner.groups,
        regexes: scanner.regexes?.map(({ regex, payloads }) => ({
          pattern: regex.pattern,
          flags: re2Flags(regex.flags),
          payloads: Int32Array.from(payloads),
        })),
        values: scanner.values && {
          ...valueIndexSpec(scanner.values),
          present: Int32Array.from(scanner.values.present),
        },
        scansText: scansText(scanner),
        memo: scanner.memo,
      })),
    };
  }

  /** Whether the slot has no need: it is a candidate whenever its gate holds. */
  needsNoAtom(slot: number): boolean {
    return this.always[this.groupOf[slot]!]!.includes(slot);
  }

  /** Marks a slot as a candidate (once per event) if its group's gate holds. */
  private candidate(slot: number): void {
    if (this.marks[slot] === this.stamp || !this.passed[this.groupOf[slot]!]) return;
    this.marks[slot] = this.stamp;
    this.found[this.count++] = slot;
  }

  /**
   * Marks a need as met: a branch's first need makes its slot a candidate, or (with further needs) the branch
   * pending until the event is scanned; a further need is only marked.
   */
  hit(need: number): void {
    const branches = this.branchCount;
    if (need >= branches) {
      this.confirmMarks[need - branches] = this.stamp;
      return;
    }
    if (this.branchMarks[need] === this.stamp) return;
    this.branchMarks[need] = this.stamp;
    if (this.confirmStart[need] === this.confirmStart[need + 1]) this.candidate(this.slotOfBranch[need]!);
    else this.pending[this.pendingCount++] = need;
  }

  /** Whether every further need of the branch is met. */
  private confirmed(branch: number): boolean {
    const { confirms, confirmMarks, branchCount, stamp } = this;
    for (let i = this.confirmStart[branch]!; i < this.confirmStart[branch + 1]!; i++)
      if (confirmMarks[confirms[i]! - branchCount] !== stamp) return false;
    return true;
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

  /** Meets each of the needs. */
  meet(needs: ArrayLike<number>): void {
    for (let i = 0; i < needs.length; i++) this.hit(needs[i]!);
  }

  private readonly scan = (scanner: FieldScanner, value: unknown): void => {
    if (!this.wanted(scanner)) return;
    const values = scanner.values;
    if (values !== undefined) {
      this.meet(values.present);
      lookUpValue(values, value, this.view!, this);
    }
    if (!scanner.scansText) return;
    const text = valueText(value);
    if (text === undefined) return;
    const memo = scanner.memo;
    if (memo === undefined || text.length < MEMO_MIN_TEXT) {
      scanLiterals(scanner, text, this.symbols, this);
      scanner.regexes?.match(this.view!.utf8(text), this);
      return;
    }
    let payloads = memo.get(text);
    if (payloads === undefined) {
      scanLiterals(scanner, text, this.symbols, this.hitList);
      scanner.regexes?.match(this.view!.utf8(text), this.hitList);
      payloads = this.hitList.take();
      memo.set(text, payloads);
    }
    for (let i = 0; i < payloads.length; i++) this.hit(payloads[i]!);
  };

  /** Scans every text value of the event for a group's keyword atoms, each value on its own. */
  private scanKeywords(scanner: FieldScanner, view: EventView): void {
    const values = view.allValues();
    for (let i = 0; i < values.length; i++) {
      const text = valueText(values[i]);
      if (text !== undefined) scanLiterals(scanner, text, this.symbols, this);
    }
  }

  /** Slots of the compiled rules that may be true for the event, unordered; valid until the next call. */
  candidates(view: EventView): Int32Array {
    if (++this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.branchMarks.fill(0);
      this.confirmMarks.fill(0);
      this.stamp = 1;
    }
    this.count = 0;
    this.pendingCount = 0;
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
    for (const { path, scanner } of this.globs) {
      if (!this.wanted(scanner)) continue; // before reading the values: a glob path reads every leaf of the event
      for (const value of view.valuesAt(path)) this.scan(scanner, value);
    }
    for (let i = 0; i < this.pendingCount; i++) {
      const branch = this.pending[i]!;
      if (this.confirmed(branch)) this.candidate(this.slotOfBranch[branch]!);
    }
    return this.found.subarray(0, this.count);
  }
}
