// Splits `event.category == "<name>"` off a condition so it can be written as EQL's `<name> where …`.
import { and, type Expr, TRUE } from '../../ir/expr.js';
import { isPlainName } from './eql-syntax.js';

const CATEGORY_FIELD = 'event.category';

export interface CategorySplit {
  /** The event category, or `any`. */
  category: string;
  rest: Expr;
}

/**
 * `<name> where` filters on the exact, case-sensitive term `event.category: <name>`; only such a test, alone
 * or directly under the top-level AND, is taken out. Anything else stays in the condition under `any`.
 */
export function splitCategory(expr: Expr): CategorySplit {
  if (categoryOf(expr)) return { category: categoryOf(expr)!, rest: TRUE };
  if (expr.kind !== 'and') return { category: 'any', rest: expr };
  const index = expr.children.findIndex((child) => categoryOf(child) !== undefined);
  if (index < 0) return { category: 'any', rest: expr };
  return {
    category: categoryOf(expr.children[index]!)!,
    rest: and(expr.children.filter((_, i) => i !== index)),
  };
}

function categoryOf(expr: Expr): string | undefined {
  if (expr.kind !== 'match' || expr.field !== CATEGORY_FIELD || expr.transform) return undefined;
  const { matcher } = expr;
  const exact = matcher.kind === 'string' && matcher.op === 'equals' && matcher.caseSensitive;
  return exact && isPlainName(matcher.value) ? matcher.value : undefined;
}
