// The Kusto `where` condition of an IR expression, keeping two-valued logic where Kusto's nulls would not.
import type { Expr, MatchExpr } from '../../ir/expr.js';
import type { StringMatcher } from '../../ir/matcher.js';
import type { LogicMode } from '../../ir/rule.js';
import { type LeafExpr, type OrOperand, printCondition } from '../render-util-boolean.js';
import { UnsupportedConstruct } from '../target.js';
import { isPropertyPath, kustoField } from './identifier.js';
import { kustoString } from './literal.js';
import { type FieldOperand, fieldrefPredicate, keywordPredicate, matchPredicate } from './predicate.js';

export interface ConditionContext {
  logic: LogicMode;
  /** Target columns known not to hold strings; string operators read them through `tostring()`. */
  nonStringColumns: ReadonlySet<string>;
}

function fieldOperand(field: string, ctx: ConditionContext): FieldOperand {
  const value = kustoField(field);
  const text = ctx.nonStringColumns.has(field) ? `tostring(${value})` : value;
  return { value, text, path: isPropertyPath(field) };
}

/** Makes a test that may be null false instead, where that matters: under a negation, in boolean rules. */
function twoValued(text: string, nullable: boolean, negated: boolean, ctx: ConditionContext): string {
  return negated && nullable && ctx.logic === 'boolean' ? `coalesce(${text}, false)` : text;
}

/**
 * Kusto comparisons yield null for a value they cannot convert (toreal, todatetime, ipv4_is_in_range) or a
 * missing dynamic property, and `not(null)` is null, which `where` drops. Outside negations null and false
 * drop a row alike; under an odd number of negations such a test is wrapped in `coalesce(…, false)` so that,
 * as in the IR's boolean logic, its negation holds. Ternary (EQL) rules keep Kusto's own null semantics.
 */
function leaf(node: LeafExpr, negated: boolean, ctx: ConditionContext): string {
  switch (node.kind) {
    case 'match': {
      const operand = fieldOperand(node.field, ctx);
      const predicate = matchPredicate(node, operand);
      return twoValued(predicate.text, predicate.nullable || operand.path, negated, ctx);
    }
    case 'keyword':
      return keywordPredicate(node.matcher);
    case 'exists':
      // Kusto stores a missing string as "", so `isnotnull` would hold for every row of a string column.
      return `isnotempty(${kustoField(node.field)})`;
    case 'fieldref': {
      const [left, right] = [fieldOperand(node.field, ctx), fieldOperand(node.other, ctx)];
      return twoValued(fieldrefPredicate(node, left, right), left.path || right.path, negated, ctx);
    }
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
function groupEqualities(children: Expr[], negated: boolean, ctx: ConditionContext): OrOperand[] {
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
    const operand = fieldOperand(first.field, ctx);
    const values = group.map((node) => kustoString(node.matcher.value)).join(', ');
    const test = `${operand.text} ${first.matcher.caseSensitive ? 'in' : 'in~'} (${values})`;
    operands.push({ printed: twoValued(test, operand.path, negated, ctx) });
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
    groupOr: (children, negated) => groupEqualities(children, negated, ctx),
  });
}
