// Translates an EQL condition to an IR expression; the engine evaluates it with three-valued (null) logic.
import { and, type Expr, FALSE, match, not, or, TRUE } from '../../../ir/expr.js';
import type { ExprNode } from './ast.js';
import { translateComparison, translateIn } from './comparison.js';
import { translatePattern } from './pattern-match.js';
import { translatePredicateCall } from './predicate-call.js';
import type { TranslationContext } from './translation-context.js';

export function translateCondition(node: ExprNode, ctx: TranslationContext): Expr {
  switch (node.kind) {
    case 'and':
      return and(node.children.map((child) => translateCondition(child, ctx)));
    case 'or':
      return or(node.children.map((child) => translateCondition(child, ctx)));
    case 'not':
      return not(translateCondition(node.child, ctx));
    case 'boolean':
      return node.value ? TRUE : FALSE;
    case 'field':
      return match(node.name, { kind: 'bool', value: true });
    case 'comparison':
      return translateComparison(node, ctx);
    case 'in':
      return translateIn(node, ctx);
    case 'pattern':
      return translatePattern(node, ctx);
    case 'call':
      return translatePredicateCall(node, ctx);
    case 'arithmetic':
      throw ctx.error('arithmetic gives a number, not a condition', node.span);
    default:
      throw ctx.error(`a ${node.kind} constant is not a condition`, node.span);
  }
}
