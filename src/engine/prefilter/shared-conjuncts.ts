// Conjuncts that several rules of a schema share (logsource conditions): compiled once, evaluated once per event.
import type { Expr } from '../../ir/expr.js';
import type { LogicMode } from '../../ir/rule.js';
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

/** For `compileExpr`'s `given`: one memoised predicate per conjunct that appears in more than one rule. */
export function sharedConjuncts(
  rules: readonly { detection: Expr; logic: LogicMode }[],
): Map<Expr, EventPredicate> {
  const byKey = new Map<string, { nodes: Expr[]; logic: LogicMode; rules: number }>();
  for (const { detection, logic } of rules) {
    const seen = new Set<string>();
    for (const node of topConjuncts(detection)) {
      const key = `${logic}:${JSON.stringify(node)}`;
      const entry = byKey.get(key) ?? { nodes: [], logic, rules: 0 };
      entry.nodes.push(node);
      if (!seen.has(key)) entry.rules++;
      seen.add(key);
      byKey.set(key, entry);
    }
  }
  const given = new Map<Expr, EventPredicate>();
  for (const { nodes, logic, rules } of byKey.values()) {
    if (rules < 2) continue;
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
