// Per-schema prefilter: the compiled rules an event may satisfy, from one automaton scan of each needed value.

import type { Expr } from '../../ir/expr.js';
import type { EventView } from '../event-view.js';
import { valueText } from '../match-value.js';
import { AhoCorasick, type HitSink } from './aho-corasick.js';
import { fieldClasses, SymbolTable } from './alphabet.js';
import { atomCostModel } from './atom-cost.js';
import { narrowAtoms } from './atom-window.js';
import { type AtomNeed, exprNeed } from './atoms.js';
import { FieldNode, walkFields } from './field-trie.js';

/** Longest atom kept: longer ones are cut to their most distinctive window. */
const MAX_ATOM = 8;

interface FieldScanner {
  automaton: AhoCorasick;
  classes: Uint8Array;
}

/** Atom text → slots of the rules needing it, per field (null: any value, for keyword search). */
type AtomsByField = Map<string | null, Map<string, number[]>>;

function groupAtoms(needs: readonly AtomNeed[]): AtomsByField {
  const byField: AtomsByField = new Map();
  needs.forEach((need, slot) => {
    for (const atom of need ?? []) {
      const atoms = byField.get(atom.field) ?? new Map<string, number[]>();
      byField.set(atom.field, atoms);
      const slots = atoms.get(atom.text) ?? [];
      if (slots[slots.length - 1] !== slot) slots.push(slot);
      atoms.set(atom.text, slots);
    }
  });
  for (const [field, atoms] of byField) {
    const narrowed = narrowAtoms([...atoms.keys()], MAX_ATOM);
    const merged = new Map<string, number[]>();
    for (const [text, slots] of atoms) {
      const key = narrowed.get(text) ?? text;
      merged.set(key, [...new Set([...(merged.get(key) ?? []), ...slots])]);
    }
    byField.set(field, merged);
  }
  return byField;
}

export class Prefilter implements HitSink {
  /** Slots evaluated for every event: rules without a needed atom. */
  private readonly always: Int32Array;
  private readonly symbols: SymbolTable;
  private readonly fields = new FieldNode<FieldScanner>();
  private readonly globs: { field: string; scanner: FieldScanner }[] = [];
  private keyword: FieldScanner | undefined;
  private readonly marks: Uint32Array;
  private readonly found: Int32Array;
  private count = 0;
  private stamp = 0;

  /** `detections[slot]`: the mapped expression of the compiled rule in that slot. */
  constructor(detections: readonly Expr[]) {
    const cost = atomCostModel(detections);
    const needs = detections.map((expr) => exprNeed(expr, cost));
    this.always = Int32Array.from(needs.flatMap((need, slot) => (need === null ? [slot] : [])));
    const byField = groupAtoms(needs);
    this.symbols = new SymbolTable([...byField.values()].flatMap((atoms) => [...atoms.keys()]));
    for (const [field, atoms] of byField) {
      const scanner = this.scanner(atoms);
      if (field === null) this.keyword = scanner;
      else if (field.includes('*')) this.globs.push({ field, scanner });
      else this.fields.add(field).target = scanner;
    }
    this.marks = new Uint32Array(needs.length);
    this.found = new Int32Array(needs.length);
  }

  private scanner(atoms: Map<string, number[]>): FieldScanner {
    const texts = [...atoms.keys()];
    const { classes, width } = fieldClasses(this.symbols, texts);
    const patterns = [...atoms].map(([text, payloads]) => ({
      classes: Array.from({ length: text.length }, (_, i) => classes[this.symbols.of(text.charCodeAt(i))]!),
      payloads,
    }));
    return { automaton: new AhoCorasick(patterns, width), classes };
  }

  /** Marks a slot as a candidate (once per event). */
  hit(slot: number): void {
    if (this.marks[slot] === this.stamp) return;
    this.marks[slot] = this.stamp;
    this.found[this.count++] = slot;
  }

  private readonly scanValue = (scanner: FieldScanner, value: unknown): void => {
    const text = valueText(value);
    if (text !== undefined) scanner.automaton.scan(text, this.symbols.symbols, scanner.classes, this);
  };

  /** Slots of the compiled rules that may be true for the event, unordered; valid until the next call. */
  candidates(view: EventView): Int32Array {
    if (++this.stamp === 0xffffffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    this.count = 0;
    for (const slot of this.always) this.hit(slot);
    walkFields(view.raw, this.fields, this.scanValue);
    for (const { field, scanner } of this.globs)
      for (const value of view.values(field)) this.scanValue(scanner, value);
    if (this.keyword) for (const value of view.allValues()) this.scanValue(this.keyword, value);
    return this.found.subarray(0, this.count);
  }
}
