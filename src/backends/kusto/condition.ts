// The Kusto `where` condition of an IR expression, keeping two-valued logic where Kusto's nulls would not.
import type { Expr, MatchExpr } from '../../ir/expr.js';
import type { StringMatcher } from '../../ir/matcher.js';
import type { LogicMode } from '../../ir/rule.js';
import { type LeafExpr, type OrOperand, printCondition } from '../render-util-boolean.js';
import { UnsupportedConstruct } from '../target.js';
import { kustoField } from './identifier.js';
import { kustoString } from './literal.js';
import { type FieldOperand, fieldrefPredicate, keywordPredicate, matchPredicate } from './predicate.js';

export interface ConditionContext {
  logic: LogicMode;
  /** Target columns known not to hold strings; string operators read them through `tostring()`. */
  nonStringColumns: ReadonlySet<string>;
}

export function fieldOperand(field: string, ctx: ConditionContext): FieldOperand {
  const value = kustoField(field);
  return { value, text: ctx.nonStringColumns.has(field) ? `tostring(${value})` : value };
}

/**
 * Kusto comparisons yield null for a value they cannot convert (toreal, todatetime, ipv4_is_in_range), and
 * `not(null)` is null, which `where` drops. Outside negations null and false drop a row alike; under an odd
 * number of negations such a test is wrapped in `coalesce(…, false)` so that, as in the IR's boolean logic,
 * its negation holds. Ternary (EQL) rules keep Kusto's own null semantics.
 */
function leaf(node: LeafExpr, negated: boolean, ctx: ConditionContext): string {
  switch (node.kind) {
    case 'match': {
      const predicate = matchPredicate(node, fieldOperand(node.field, ctx));
      return negated && predicate.nullable && ctx.logic === 'boolean'
        ? `coalesce(${predicate.text}, false)`
        : predicate.text;
    }
    case 'keyword':
      return keywordPredicate(node.matcher);
    case 'exists':
      // Kusto stores a missing string as "", so `isnotnull` would hold for every row of a string column.
      return `isnotempty(${kustoField(node.field)})`;
    case 'fieldref':
      return fieldrefPredicate(node, fieldOperand(node.field, ctx), fieldOperand(node.other, ctx));
    case 'nested':
      throw new UnsupportedConstruct(
        'nested',
        `'${node.path}': Kusto has no test on one element of an object array`,
      );
    case 'const':
      return String(node.value);
  }
}

type Equality = MatchExpr & { matcher: StringMatcher };

function isEquality(node: Expr): node is Equality {
  return (
    node.kind === 'match' && !node.transform && node.matcher.kind === 'string' && node.matcher.op === 'equals'
  );
}

/** Equality tests of one field with one case rule, OR-ed, become `field in~ (…)` (or `in` when case-sensitive). */
function groupEqualities(children: Expr[], ctx: ConditionContext): OrOperand[] {
  const groups = new Map<string, Equality[]>();
  const keyOf = (node: Equality) => JSON.stringify([node.field, node.matcher.caseSensitive]);
  for (const child of children) {
    if (!isEquality(child)) continue;
    const key = keyOf(child);
    groups.set(key, [...(groups.get(key) ?? []), child]);
  }
  const operands: OrOperand[] = [];
  const printed = new Set<string>();
  for (const child of children) {
    const group = isEquality(child) ? groups.get(keyOf(child)) : undefined;
    if (!group || group.length < 2) {
      operands.push(child);
      continue;
    }
    const key = keyOf(group[0]!);
    if (printed.has(key)) continue;
    printed.add(key);
    const first = group[0]!;
    const values = group.map((node) => kustoString(node.matcher.value)).join(', ');
    const operator = first.matcher.caseSensitive ? 'in' : 'in~';
    operands.push({ printed: `${fieldOperand(first.field, ctx).text} ${operator} (${values})` });
  }
  return operands;
}

export function kustoCondition(expr: Expr, ctx: ConditionContext): string {
  return printCondition(expr, {
    and: ' and ',
    or: ' or ',
    not: (operand) => `not(${operand})`,
    constant: (value) => String(value),
    leaf: (node, negated) => leaf(node, negated, ctx),
    groupOr: (children) => groupEqualities(children, ctx),
  });
}
