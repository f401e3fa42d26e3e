// Conjuncts that several rules of a schema share (logsource conditions): compiled once, evaluated once per event.
import { type Expr, fieldsOf } from '../../ir/expr.js';
import type { Matcher } from '../../ir/matcher.js';
import type { LogicMode } from '../../ir/rule.js';
import { textFingerprint } from '../../util/text-fingerprint.js';
import { compileExpr, type EventPredicate, type Truth } from '../compile-expr.js';
import type { EventView } from '../event-view.js';

/** The conjuncts of each branch of a top-level OR (or of the expression itself). */
function topConjuncts(expr: Expr): Expr[] {
  const branches = expr.kind === 'or' ? expr.children : [expr];
  return branches.flatMap((branch) => (branch.kind === 'and' ? branch.children : [branch]));
}

/** Remembers the result for the last event seen. */
function memoise(predicate: EventPredicate): EventPredicate {
  let lastView: EventView | undefined;
  let last: Truth = null;
  return (view) => {
    if (view !== lastView) {
      last = predicate(view);
      lastView = view;
    }
    return last;
  };
}

function mix(hash: number, value: number): number {
  return Math.imul(hash ^ value, 0x01000193) & 0x3fffffff; // 30 bits: small integers V8 does not allocate
}

function mixText(hash: number, text: string): number {
  return mix(hash, textFingerprint(text));
}

function matcherPrint(hash: number, m: Matcher): number {
  const h = mixText(hash, m.kind);
  switch (m.kind) {
    case 'string':
      return mixText(mixText(h, m.op), m.value);
    case 'wildcard': {
      const first = m.parts[0];
      return mix(first?.type === 'literal' ? mixText(h, first.text) : h, m.parts.length);
    }
    case 'regex':
      return mixText(h, m.pattern);
    case 'cidr':
      return mixText(h, m.cidr);
    case 'number':
      return mix(h, m.value | 0);
    case 'compare':
      return typeof m.value === 'number' ? mix(h, m.value | 0) : mixText(h, m.value);
    default:
      return h;
  }
}

/**
 * A hash of a conjunct's shape, fields and literals (in part: equal conjuncts share it, and their JSON tells apart
 * the few others that do), or -1 for one of over SHARED_NODES nodes.
 */
function conjunctPrint(expr: Expr, hash: number, budget = { nodes: SHARED_NODES }): number {
  if (--budget.nodes < 0) return -1;
  const h = mixText(hash, expr.kind);
  switch (expr.kind) {
    case 'and':
    case 'or': {
      let out = mix(h, expr.children.length);
      for (const child of expr.children) {
        out = conjunctPrint(child, out, budget);
        if (out < 0) return -1;
      }
      return out;
    }
    case 'not':
      return conjunctPrint(expr.child, h, budget);
    case 'nested':
      return conjunctPrint(expr.child, mixText(h, expr.path), budget);
    case 'match':
      return matcherPrint(mixText(h, expr.field), expr.matcher);
    case 'keyword':
      return matcherPrint(h, expr.matcher);
    case 'exists':
      return mixText(h, expr.field);
    case 'fieldref':
      return mixText(mixText(h, expr.field), expr.other);
    case 'const':
      return mix(h, expr.value ? 1 : 0);
  }
}

/** Equal conjuncts of the rules (by JSON, compared only where their prints agree), and how many rules have each. */
function equalConjuncts(
  rules: readonly { detection: Expr; logic: LogicMode }[],
): { nodes: Expr[]; logic: LogicMode; rules: number }[] {
  // Most conjuncts are in one rule alone: comparing their prints first spares turning them into JSON.
  const byPrint = new Map<number, { node: Expr; logic: LogicMode; rule: number }[]>();
  rules.forEach(({ detection, logic }, rule) => {
    for (const node of topConjuncts(detection)) {
      const print = conjunctPrint(node, mixText(0, logic));
      if (print < 0) continue;
      const bucket = byPrint.get(print);
      if (bucket) bucket.push({ node, logic, rule });
      else byPrint.set(print, [{ node, logic, rule }]);
    }
  });
  const out: { nodes: Expr[]; logic: LogicMode; rules: number }[] = [];
  for (const bucket of byPrint.values()) {
    if (bucket.length === 1) {
      out.push({ nodes: [bucket[0]!.node], logic: bucket[0]!.logic, rules: 1 });
      continue;
    }
    const byKey = new Map<string, { nodes: Expr[]; logic: LogicMode; rules: number; lastRule: number }>();
    for (const { node, logic, rule } of bucket) {
      const key = `${logic}:${JSON.stringify(node)}`;
      const entry = byKey.get(key) ?? { nodes: [], logic, rules: 0, lastRule: -1 };
      entry.nodes.push(node);
      if (entry.lastRule !== rule) entry.rules++;
      entry.lastRule = rule;
      byKey.set(key, entry);
    }
    for (const { nodes, logic, rules } of byKey.values()) out.push({ nodes, logic, rules });
  }
  return out;
}

/** For `compileExpr`'s `given`: one memoised predicate per conjunct that is cheap or appears in several rules. */
export function sharedConjuncts(
  rules: readonly { detection: Expr; logic: LogicMode }[],
): Map<Expr, EventPredicate> {
  const given = new Map<Expr, EventPredicate>();
  for (const { nodes, logic, rules: count } of equalConjuncts(rules)) {
    if (count < 2 && !isCheap(nodes[0]!, { nodes: GATE_NODES })) continue;
    let predicate: EventPredicate;
    try {
      predicate = memoise(compileExpr(nodes[0]!, logic));
    } catch {
      continue; // each rule reports the error when it is compiled on its own
    }
    for (const node of nodes) given.set(node, predicate);
  }
  return given;
}

/** Most nodes a gate conjunct may have: gates are checked for every event, so they must be cheap. */
const GATE_NODES = 16;
/** Larger conjuncts are not looked for among other rules (they are rarely shared, and costly to compare). */
const SHARED_NODES = 64;

/** Whether a conjunct is cheap enough to check for every event: equality, null and existence tests combined. */
function isCheap(expr: Expr, budget: { nodes: number }): boolean {
  if (--budget.nodes < 0) return false;
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.children.every((child) => isCheap(child, budget));
    case 'not':
      return isCheap(expr.child, budget);
    case 'exists':
    case 'const':
      return true;
    case 'match': {
      const m = expr.matcher;
      return (
        !expr.transform &&
        (m.kind === 'number' ||
          m.kind === 'null' ||
          m.kind === 'bool' ||
          (m.kind === 'string' && m.op === 'equals'))
      );
    }
    default:
      return false;
  }
}

/** A conjunct that several rules share, with its memoised predicate. */
export interface GateConjunct {
  expr: Expr;
  predicate: EventPredicate;
}

/**
 * Fields that shared cheap conjuncts of at least this share of the rules test are logsource fields (1 %: a service
 * like auditd has a few dozen rules among thousands; without a gate its keyword rules scan every event).
 */
const GATE_FIELD_SHARE = 0.01;

/** Per branch of the top-level OR, the conjuncts that are shared and cheap. */
function cheapShared(detection: Expr, given: ReadonlyMap<Expr, EventPredicate>): Expr[][] {
  return (detection.kind === 'or' ? detection.children : [detection]).map((branch) =>
    (branch.kind === 'and' ? branch.children : [branch]).filter(
      (c) => given.has(c) && isCheap(c, { nodes: GATE_NODES }),
    ),
  );
}

/**
 * What must hold for each rule to be true: for each branch of its top-level OR, the branch's shared, cheap
 * conjuncts on logsource fields (fields many rules test that way: EventID, Channel, event.category); the rule
 * is true only if all conjuncts of some branch are. Null for a rule with a branch that has none.
 */
export function ruleGates(
  detections: readonly Expr[],
  given: ReadonlyMap<Expr, EventPredicate>,
): (GateConjunct[][] | null)[] {
  const candidates = detections.map((detection) => cheapShared(detection, given));
  const rulesByField = new Map<string, number>();
  for (const branches of candidates) {
    const fields = new Set(branches.flat().flatMap((c) => fieldsOf(c)));
    for (const field of fields) rulesByField.set(field, (rulesByField.get(field) ?? 0) + 1);
  }
  const minimum = detections.length * GATE_FIELD_SHARE;
  const isGate = (c: Expr) => fieldsOf(c).every((field) => (rulesByField.get(field) ?? 0) >= minimum);
  return candidates.map((branches) => {
    const gate = branches.map((branch) =>
      branch.filter(isGate).map((expr) => ({ expr, predicate: given.get(expr)! })),
    );
    return gate.some((branch) => !branch.length) ? null : gate;
  });
}
