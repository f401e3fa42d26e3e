// The literal atoms a compiled rule cannot be true without: for some field, a folded value must contain one of them.
import { type Expr, walkExpr } from '../../ir/expr.js';
import type { Matcher, RegexMatcher } from '../../ir/matcher.js';
import { re2Flags } from '../../util/safe-regex.js';
import { foldText } from './case-fold.js';
import { longestCommonSubstring } from './common-substring.js';
import { cheapest } from './need.js';
import { regexLiterals } from './regex-literals.js';

/** Folded text that some value of `field` (of any field, for fieldless keyword search) must contain. */
export interface Atom {
  field: string | null;
  text: string;
}

/**
 * A regular expression some value of `field` must match: what a regex test with no literal worth scanning for
 * needs (found by the prefilter's pattern sets, not its automata).
 */
export interface PatternAtom {
  field: string;
  regex: RegexMatcher;
}

/**
 * What some value of `field` must be, exactly: a number (as number matchers read values), a text (case-sensitively,
 * or lower-cased when `folded`), or anything at all (`present`). Settled by a look-up per value, not by a scan: the
 * need of tests with no literal worth scanning for (`port == 3389`, `field : *`, `kind == "1"`).
 */
export interface ValueAtom {
  field: string;
  value:
    | { kind: 'number'; number: number }
    | { kind: 'text'; text: string; folded: boolean }
    | { kind: 'present' };
}

/** An atom an expression's need can hold: a literal to scan for or a value to look up. */
export type NeedAtom = Atom | ValueAtom;

/** Any kind of atom, as the needs of a rule branch hold them. */
export type AnyAtom = NeedAtom | PatternAtom;

export function isPattern(atom: AnyAtom): atom is PatternAtom {
  return 'regex' in atom;
}

export function isValue(atom: AnyAtom): atom is ValueAtom {
  return 'value' in atom;
}

/** Estimated chance that an atom occurs in an event by accident (see `atomCostModel`). */
export type AtomCost = (atom: NeedAtom) => number;

/** A value atom as one string, for maps. */
function valueKey(atom: ValueAtom): string {
  const v = atom.value;
  const what =
    v.kind === 'number' ? `n${v.number}` : v.kind === 'text' ? `${v.folded ? 'f' : 't'}${v.text}` : 'p';
  return `${atom.field}\u0000${what}`;
}

/** Any atom as one string: equal for atoms that are met by the same values. */
export function atomKey(atom: AnyAtom): string {
  if (isValue(atom)) return valueKey(atom);
  if (isPattern(atom)) return `${atom.field}\u0000r${re2Flags(atom.regex.flags)}/${atom.regex.pattern}`;
  return `${atom.field ?? ''}\u0000${atom.field === null ? 'k' : 'l'}${atom.text}`;
}

/** Per field, values keyed by one more key. */
class FieldMap<K, T> {
  /** Made on the first `set`: most maps (see `dedupe`) hold one kind of atom, or none. */
  private byField: Map<string | null, Map<K, T>> | undefined;

  get(field: string | null, key: K): T | undefined {
    return this.byField?.get(field)?.get(key);
  }

  set(field: string | null, key: K, value: T): void {
    this.byField ??= new Map();
    let inner = this.byField.get(field);
    if (!inner) {
      inner = new Map();
      this.byField.set(field, inner);
    }
    inner.set(key, value);
  }
}

/**
 * Values keyed by atom (field and text, or value), without building a key string per look-up: the cost model looks
 * atoms up some 200,000 times per SigmaHQ compile, most of them value atoms.
 */
export class AtomMap<T> {
  private readonly literals = new FieldMap<string, T>();
  private readonly numbers = new FieldMap<number, T>();
  private readonly exact = new FieldMap<string, T>();
  private readonly folded = new FieldMap<string, T>();
  private readonly present = new FieldMap<true, T>();

  get(atom: NeedAtom): T | undefined {
    if (!isValue(atom)) return this.literals.get(atom.field, atom.text);
    const v = atom.value;
    if (v.kind === 'number') return this.numbers.get(atom.field, v.number);
    if (v.kind === 'text') return (v.folded ? this.folded : this.exact).get(atom.field, v.text);
    return this.present.get(atom.field, true);
  }

  set(atom: NeedAtom, value: T): void {
    if (!isValue(atom)) {
      this.literals.set(atom.field, atom.text, value);
      return;
    }
    const v = atom.value;
    if (v.kind === 'number') this.numbers.set(atom.field, v.number, value);
    else if (v.kind === 'text') (v.folded ? this.folded : this.exact).set(atom.field, v.text, value);
    else this.present.set(atom.field, true, value);
  }
}

/** Alternatives one of which is present whenever the expression is true; null: no such guarantee; []: never true. */
export type AtomNeed = NeedAtom[] | null;

const literalsByMatcher = new WeakMap<Matcher, string[] | null>();

/**
 * Folded literals one of which a value's text contains whenever the matcher accepts it; worked out once per
 * matcher, so that the same strings (with their hashes computed) serve every look-up.
 */
function matcherLiterals(matcher: Matcher): string[] | null {
  let literals = literalsByMatcher.get(matcher);
  if (literals === undefined) {
    literals = foldedLiterals(matcher);
    literalsByMatcher.set(matcher, literals);
  }
  return literals;
}

function foldedLiterals(matcher: Matcher): string[] | null {
  switch (matcher.kind) {
    case 'string': {
      const text = foldText(matcher.value);
      return text ? [text] : null;
    }
    case 'wildcard': {
      const parts = matcher.parts.flatMap((p) => (p.type === 'literal' ? [foldText(p.text)] : []));
      return parts
        .filter((t) => t)
        .sort((a, b) => b.length - a.length)
        .slice(0, 1);
    }
    case 'regex': {
      const literals = regexLiterals(matcher.pattern)?.map(foldText);
      return literals?.every((t) => t) ? [...new Set(literals)] : null;
    }
    case 'placeholder':
      return [];
    default:
      return null;
  }
}

/** Most alternatives in one field that are searched for a common part, and their longest length. */
const CONDENSE_LIMIT = 1024;
const CONDENSE_LENGTH = 48;
/** A common part is only used when it is itself unlikely to occur by chance. */
const CONDENSE_MAX_COST = 0.1;
/**
 * ... and when it is most of every alternative: what variants of one text share (`-s cmd`, `/s cmd`), not the
 * framing that values of a field all have (`IMPHASH=` of `IMPHASH=<hash>`, `:\Windows\Sys` of system paths).
 */
const CONDENSE_MIN_SHARE = 2 / 3;

/**
 * Alternatives in the same field that all contain one text (windash variants `-s cmd`, `/s cmd`, …) can be
 * replaced by that text: whichever alternative is present, it is. Done when the one atom is cheaper.
 */
function condense(atoms: NeedAtom[], cost: AtomCost): NeedAtom[] {
  const byField = new Map<string | null, Atom[]>();
  const out: NeedAtom[] = [];
  for (const atom of atoms) {
    if (isValue(atom)) {
      out.push(atom);
      continue;
    }
    const group = byField.get(atom.field);
    if (group) group.push(atom);
    else byField.set(atom.field, [atom]);
  }
  for (const [field, group] of byField) {
    if (
      group.length < 2 ||
      group.length > CONDENSE_LIMIT ||
      group.some((a) => a.text.length > CONDENSE_LENGTH)
    ) {
      out.push(...group);
      continue;
    }
    const common: Atom = { field, text: longestCommonSubstring(group.map((a) => a.text)) };
    const shortest = Math.min(...group.map((a) => a.text.length));
    const separate = group.reduce((sum, atom) => sum + cost(atom), 0);
    const commonCost = common.text ? cost(common) : Number.POSITIVE_INFINITY;
    const covers = common.text.length >= CONDENSE_MIN_SHARE * shortest;
    if (covers && commonCost < separate && commonCost <= CONDENSE_MAX_COST) out.push(common);
    else out.push(...group);
  }
  return out;
}

function dedupe(atoms: NeedAtom[]): NeedAtom[] {
  const seen = new AtomMap<true>();
  return atoms.filter((atom) => {
    if (seen.get(atom)) return false;
    seen.set(atom, true);
    return true;
  });
}

/** The need of one match or keyword test: one of the matcher's literals in the field (any field: null). */
function leafNeed(field: string | null, matcher: Matcher): Atom[] | null {
  return matcherLiterals(matcher)?.map((text) => ({ field, text })) ?? null;
}

/**
 * The value atoms of a test: its value for an equality (number, text, boolean: the text a boolean matcher also
 * accepts, folded) without a transform; else the presence of its field, which any test but a null test needs.
 */
function valueNeed(expr: Expr): ValueAtom[] | null {
  if (expr.kind === 'exists' || expr.kind === 'fieldref') return [{ field: expr.field, value: PRESENT }];
  if (expr.kind !== 'match') return null;
  const m = expr.matcher;
  const value = expr.transform ? undefined : equalityValue(m);
  if (value) return [{ field: expr.field, value }];
  return m.kind === 'null' ? null : [{ field: expr.field, value: PRESENT }];
}

const PRESENT: ValueAtom['value'] = { kind: 'present' };

/** The value an equality matcher accepts, as a value atom holds it (see `ValueAtom`). */
function equalityValue(m: Matcher): ValueAtom['value'] | undefined {
  if (m.kind === 'number') return { kind: 'number', number: m.value };
  if (m.kind === 'bool') return { kind: 'text', text: String(m.value), folded: true };
  if (m.kind !== 'string' || m.op !== 'equals') return undefined;
  return { kind: 'text', text: m.caseSensitive ? m.value : m.value.toLowerCase(), folded: !m.caseSensitive };
}

/** Every literal the expression mentions, negated or not (folded). */
export function literalsOf(expr: Expr): string[] {
  const out: string[] = [];
  walkExpr(expr, (node) => {
    if (node.kind !== 'match' && node.kind !== 'keyword') return;
    const literals = matcherLiterals(node.matcher);
    if (literals) for (let i = 0; i < literals.length; i++) out.push(literals[i]!);
  });
  return out;
}

/** Every atom of a test that is not under a negation (literals and values): what the expression looks for. */
export function positiveAtoms(expr: Expr, out: NeedAtom[] = []): NeedAtom[] {
  switch (expr.kind) {
    case 'match':
      if (!expr.transform) out.push(...(leafNeed(expr.field, expr.matcher) ?? []));
      out.push(...(valueNeed(expr) ?? []));
      break;
    case 'exists':
    case 'fieldref':
      out.push(...(valueNeed(expr) ?? []));
      break;
    case 'keyword':
      out.push(...(leafNeed(null, expr.matcher) ?? []));
      break;
    case 'and':
    case 'or':
      for (const child of expr.children) positiveAtoms(child, out);
      break;
  }
  return out;
}

/**
 * What `expr` needs to be true, in either two- or three-valued logic (true needs the same in both). Of the
 * children of an AND, the need with the lowest summed `cost` (chance of an atom occurring by accident) is kept.
 * A test's literals are its need unless one is too common to scan for; then an equality or existence test needs
 * its value.
 */
export function exprNeed(expr: Expr, cost: AtomCost): AtomNeed {
  switch (expr.kind) {
    case 'match': {
      const literals = expr.transform ? null : leafNeed(expr.field, expr.matcher);
      if (literals?.every((atom) => cost(atom) < USELESS_COST)) return literals;
      return valueNeed(expr) ?? literals;
    }
    case 'exists':
    case 'fieldref':
      return valueNeed(expr);
    case 'keyword':
      return leafNeed(null, expr.matcher);
    case 'and': {
      const needs = expr.children.map((c) => exprNeed(c, cost)).filter((n): n is NeedAtom[] => n !== null);
      return cheapest(needs, cost);
    }
    case 'or': {
      const needs = expr.children.map((c) => exprNeed(c, cost));
      if (needs.some((n) => n === null)) return null;
      return condense(dedupe((needs as NeedAtom[][]).flat()), cost);
    }
    case 'const':
      return expr.value ? null : [];
    default:
      return null;
  }
}

/** Whether a need is met by its fields being present, whatever their values. */
function onlyPresence(need: readonly NeedAtom[]): boolean {
  return need.every((atom) => isValue(atom) && atom.value.kind === 'present');
}

/** Most needs a branch of a rule is given: each one more makes it a candidate less often, and adds atoms to scan. */
const MAX_NEEDS = 3;
/** A need with an atom this likely to occur by chance (one character, a logsource value) filters next to nothing. */
const USELESS_COST = 0.5;

/** The conjuncts of nested ANDs: each one must be true for the whole to be. */
function conjuncts(expr: Expr, out: Expr[] = []): Expr[] {
  if (expr.kind === 'and') for (const child of expr.children) conjuncts(child, out);
  else out.push(expr);
  return out;
}

/**
 * What a conjunct needs as alternatives that may include regexes: each regex test in it is a pattern atom, each
 * other test must have literals worth scanning for; of an AND, the first child whose need has a regex. Null when
 * some test offers neither.
 */
function patternNeed(expr: Expr, cost: AtomCost): AnyAtom[] | null {
  switch (expr.kind) {
    case 'match': {
      if (expr.transform) return null;
      if (expr.matcher.kind === 'regex') return [{ field: expr.field, regex: expr.matcher }];
      const need = leafNeed(expr.field, expr.matcher);
      return need?.every((atom) => cost(atom) < USELESS_COST) ? need : null;
    }
    case 'or': {
      const out: AnyAtom[] = [];
      for (const child of expr.children) {
        const need = patternNeed(child, cost);
        if (need === null) return null;
        out.push(...need);
      }
      return out;
    }
    case 'and': {
      for (const child of expr.children) {
        const need = patternNeed(child, cost);
        if (need?.some(isPattern)) return need;
      }
      return null;
    }
    default:
      return null;
  }
}

/** A conjunct's need with its atoms' summed cost. */
interface CostedNeed {
  need: NeedAtom[];
  total: number;
}

/** Costed needs of the conjuncts seen so far: the parts a branch is split into share most of their conjuncts. */
type CostedMemo = Map<Expr, CostedNeed | null>;

/** A conjunct's need and its cost; null when it has none worth looking for. An empty need (never met) costs 0. */
function costedNeed(conjunct: Expr, cost: AtomCost, memo: CostedMemo): CostedNeed | null {
  const known = memo.get(conjunct);
  if (known !== undefined) return known;
  const need = exprNeed(conjunct, cost);
  let costed: CostedNeed | null = null;
  if (need !== null) {
    const costs = need.map(cost);
    if (!costs.some((c) => c >= USELESS_COST)) costed = { need, total: costs.reduce((sum, c) => sum + c, 0) };
  }
  memo.set(conjunct, costed);
  return costed;
}

/** The needs of some conjuncts that are worth looking for, cheapest first; null when one is never true. */
function costedNeeds(conjuncts: readonly Expr[], cost: AtomCost, memo: CostedMemo): NeedAtom[][] | null {
  const needs: CostedNeed[] = [];
  for (const conjunct of conjuncts) {
    const costed = costedNeed(conjunct, cost, memo);
    if (costed === null) continue;
    if (costed.need.length === 0) return null;
    needs.push(costed);
  }
  return needs.sort((a, b) => a.total - b.total || a.need.length - b.need.length).map(({ need }) => need);
}

/**
 * Needs that must all be met for a conjunction to be true: those of its conjuncts that are worth looking for (not
 * `gated`: logsource conditions the prefilter checks anyway; no atom as common as the events themselves), the
 * cheapest first, at most MAX_NEEDS. When these only ask for fields to be present: one conjunct's regexes (with
 * literals beside them) as pattern atoms first, else the needs of its gated conjuncts too (a rule's gate holds when
 * the conjuncts of any of its branches do, so a branch set apart by its gated conjuncts alone would make the rule a
 * candidate whenever another branch's gate holds). [] when nothing is worth it; null when the conjunction is never
 * true.
 */
function conjunctionNeeds(
  all: readonly Expr[],
  cost: AtomCost,
  gated: ReadonlySet<Expr>,
  memo: CostedMemo,
): AnyAtom[][] | null {
  const own = costedNeeds(
    all.filter((conjunct) => !gated.has(conjunct)),
    cost,
    memo,
  );
  if (own === null) return null;
  if (!own.every(onlyPresence)) return own.slice(0, MAX_NEEDS);
  for (const conjunct of all) {
    if (gated.has(conjunct)) continue;
    const need = patternNeed(conjunct, cost);
    if (need?.some(isPattern)) return [need, ...own].slice(0, MAX_NEEDS);
  }
  const gate = costedNeeds(
    all.filter((conjunct) => gated.has(conjunct)),
    cost,
    memo,
  );
  return gate && [...gate, ...own].slice(0, MAX_NEEDS);
}

/** Most parts a branch of a rule's expression is split into (see `splitBranch`). */
const MAX_PARTS = 16;

/**
 * A conjunction's conjuncts as disjuncts, split while an (ungated) OR among the conjuncts has a conjunction among its
 * children (`1 of selection_*` with selections of several tests) and there are at most MAX_PARTS: (a and (b or (c
 * and d))) is (a and b) or (a and c and d), so each selection can need atoms of all its tests, not one of any.
 */
function splitBranch(conjunction: Expr[], gated: ReadonlySet<Expr>): Expr[][] {
  const out = [conjunction];
  for (let i = 0; i < out.length; i++) {
    const list = out[i]!;
    const at = list.findIndex(
      (c) => c.kind === 'or' && !gated.has(c) && c.children.some((child) => child.kind === 'and'),
    );
    if (at < 0) continue;
    const children = (list[at] as Extract<Expr, { kind: 'or' }>).children;
    if (out.length - 1 + children.length > MAX_PARTS) continue;
    const rest = list.filter((_, j) => j !== at);
    out.splice(i, 1, ...children.map((child) => [...rest, ...conjuncts(child)]));
    i--; // the first of the new parts may split further
  }
  return out;
}

/**
 * What a rule's expression needs, per branch of its top-level OR (one branch per logsource variant, or per
 * `1 of` selection), each split into parts where every part has needs (see `splitBranch`): the expression is true
 * only if every need of some branch is met. Branches that are never true are left out; null when some branch has no
 * need worth looking for (the rule is always evaluated).
 */
export function exprNeeds(expr: Expr, cost: AtomCost, gated: ReadonlySet<Expr>): AnyAtom[][][] | null {
  const branches: AnyAtom[][][] = [];
  const memo: CostedMemo = new Map();
  for (const branch of expr.kind === 'or' ? expr.children : [expr]) {
    const whole = conjuncts(branch);
    const parts = splitBranch(whole, gated).map((part) => conjunctionNeeds(part, cost, gated, memo));
    const split = parts.length > 1 && parts.every((needs) => needs === null || needs.length > 0);
    for (const needs of split ? parts : [conjunctionNeeds(whole, cost, gated, memo)]) {
      if (needs === null) continue;
      if (needs.length === 0) return null;
      branches.push(needs);
    }
  }
  return branches;
}
