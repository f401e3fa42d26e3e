// Keeps two-valued (Sigma/KQL) logic in three-valued targets (EQL, ES|QL), where `not` of a test on a missing field is null.
import { and, type Expr, not, or } from '../../ir/expr.js';
import type { LogicMode } from '../../ir/rule.js';

/**
 * In `boolean` mode a test on a missing field is false, so its negation is true; in EQL and ES|QL it is null
 * and stays null under `not`. Under a negation each such test is therefore preceded by a presence test of its
 * fields, making it false rather than null. Outside negations null and false reject an event alike.
 */
export function guardMissingFields(expr: Expr, logic: LogicMode): Expr {
  return logic === 'ternary' ? expr : guard(expr, false);
}

function guard(expr: Expr, negated: boolean): Expr {
  switch (expr.kind) {
    case 'and':
      return and(expr.children.map((child) => guard(child, negated)));
    case 'or':
      return or(expr.children.map((child) => guard(child, negated)));
    case 'not':
      return not(guard(expr.child, true));
    case 'nested':
      return { ...expr, child: guard(expr.child, negated) };
    case 'match':
      return negated && expr.matcher.kind !== 'null'
        ? and([{ kind: 'exists', field: expr.field }, expr])
        : expr;
    case 'fieldref':
      return negated
        ? and([{ kind: 'exists', field: expr.field }, { kind: 'exists', field: expr.other }, expr])
        : expr;
    default:
      return expr;
  }
}
