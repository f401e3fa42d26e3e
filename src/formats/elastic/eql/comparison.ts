// `==`, `!=`, `<`, `<=`, `>`, `>=` and `[not] in[~]` lookups as IR matchers, field references or constants.
import { and, type Expr, FALSE, match, not, or, TRUE } from '../../../ir/expr.js';
import type { CompareOp } from '../../../ir/matcher.js';
import type { ComparisonNode, ComparisonOp, ConstantNode, ExprNode, InNode } from './ast.js';
import { translateCondition } from './condition.js';
import { type Operand, resolveOperand } from './operand.js';
import type { TranslationContext } from './translation-context.js';

type FieldOperand = Extract<Operand, { kind: 'field' }>;

/** The same comparison with its operands swapped: `5 < x` is `x > 5`. */
const SWAPPED: Record<ComparisonOp, ComparisonOp> = {
  '==': '==',
  '!=': '!=',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};
const ORDERING: Record<string, CompareOp> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

export function translateComparison(node: ComparisonNode, ctx: TranslationContext): Expr {
  const left = resolveOperand(node.left);
  const right = resolveOperand(node.right);
  if (left.kind === 'condition' || right.kind === 'condition') return conditionComparison(node, ctx);
  return compareOperands(node.op, left, right, true, node, ctx);
}

/** `value in (a, b)` is `value == a or value == b`; `in~` compares strings case-insensitively. */
export function translateIn(node: InNode, ctx: TranslationContext): Expr {
  const value = resolveOperand(node.value);
  if (value.kind === 'unsupported') return ctx.unsupported(value.reason, node);
  if (value.kind === 'condition') return ctx.unsupported('lookup of a condition in a list', node);
  const alternatives = node.list.map((item) =>
    compareOperands('==', value, resolveOperand(item), !node.caseInsensitive, item, ctx),
  );
  const anyOf = or(alternatives);
  return node.negated ? not(anyOf) : anyOf;
}

/** `left op right`; `at` is the node a placeholder stands in for when the IR cannot express it. */
function compareOperands(
  op: ComparisonOp,
  left: Operand,
  right: Operand,
  caseSensitive: boolean,
  at: ExprNode,
  ctx: TranslationContext,
): Expr {
  if (left.kind === 'unsupported') return ctx.unsupported(left.reason, at);
  if (right.kind === 'unsupported') return ctx.unsupported(right.reason, at);
  if (left.kind === 'condition' || right.kind === 'condition')
    return ctx.unsupported('comparison of a condition', at);
  if (left.kind === 'field') {
    return right.kind === 'field'
      ? fieldComparison(op, left, right, caseSensitive, at, ctx)
      : fieldVersusConstant(left, op, right.constant, caseSensitive, at, ctx);
  }
  if (right.kind === 'field')
    return fieldVersusConstant(right, SWAPPED[op], left.constant, caseSensitive, at, ctx);
  return constantComparison(op, left.constant, right.constant, caseSensitive, at, ctx);
}

/** `condition == true`, `condition != false` … keep or negate the condition. */
function conditionComparison(node: ComparisonNode, ctx: TranslationContext): Expr {
  const [condition, other] =
    resolveOperand(node.left).kind === 'condition' ? [node.left, node.right] : [node.right, node.left];
  if (other.kind !== 'boolean' || (node.op !== '==' && node.op !== '!=')) {
    return ctx.unsupported('comparison of a condition', node);
  }
  const expr = translateCondition(condition, ctx);
  return (node.op === '==') === other.value ? expr : not(expr);
}

function fieldComparison(
  op: ComparisonOp,
  left: FieldOperand,
  right: FieldOperand,
  caseSensitive: boolean,
  at: ExprNode,
  ctx: TranslationContext,
): Expr {
  if (left.transform || right.transform) return ctx.unsupported('field-to-field comparison of length()', at);
  if (op !== '==' && op !== '!=') return ctx.unsupported(`field-to-field comparison ${op}`, at);
  const equal: Expr = {
    kind: 'fieldref',
    field: left.field,
    other: right.field,
    op: 'equals',
    caseSensitive,
  };
  return op === '==' ? equal : not(equal);
}

function fieldVersusConstant(
  operand: FieldOperand,
  op: ComparisonOp,
  constant: ConstantNode,
  caseSensitive: boolean,
  at: ExprNode,
  ctx: TranslationContext,
): Expr {
  const { field, transform } = operand;
  if (constant.kind === 'null') {
    // length(x) is null exactly when x is.
    if (op === '==') return match(field, { kind: 'null' });
    if (op === '!=') return and([{ kind: 'exists', field }, not(match(field, { kind: 'null' }))]);
    throw ctx.error('null can only be compared with == or !=', at.span);
  }
  if (transform && constant.kind !== 'number') {
    throw ctx.error(`length() returns a number: compare it with a number, not a ${constant.kind}`, at.span);
  }
  const equality = (matcherExpr: Expr) => (op === '==' ? matcherExpr : not(matcherExpr));
  if (constant.kind === 'boolean') {
    if (op !== '==' && op !== '!=') throw ctx.error(`booleans can only be compared with == or !=`, at.span);
    return equality(match(field, { kind: 'bool', value: constant.value }));
  }
  const ordering = ORDERING[op];
  if (constant.kind === 'number') {
    if (ordering)
      return match(
        field,
        { kind: 'compare', op: ordering, value: constant.value, type: 'number' },
        transform,
      );
    return equality(match(field, { kind: 'number', value: constant.value }, transform));
  }
  if (ordering) return match(field, { kind: 'compare', op: ordering, value: constant.value, type: 'string' });
  return equality(match(field, { kind: 'string', op: 'equals', value: constant.value, caseSensitive }));
}

/** Both sides constant: decided now. */
function constantComparison(
  op: ComparisonOp,
  left: ConstantNode,
  right: ConstantNode,
  caseSensitive: boolean,
  at: ExprNode,
  ctx: TranslationContext,
): Expr {
  if (left.kind === 'null' || right.kind === 'null')
    return ctx.unsupported('comparison of constants with null', at);
  if (left.kind !== right.kind)
    throw ctx.error(`cannot compare a ${left.kind} with a ${right.kind}`, at.span);
  const fold = (value: string | number | boolean) =>
    typeof value === 'string' && !caseSensitive ? value.toLowerCase() : value;
  const a = fold(left.value);
  const b = fold(right.value);
  const results: Record<ComparisonOp, boolean> = {
    '==': a === b,
    '!=': a !== b,
    '<': a < b,
    '<=': a <= b,
    '>': a > b,
    '>=': a >= b,
  };
  return results[op] ? TRUE : FALSE;
}
