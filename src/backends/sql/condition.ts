// Renders a detection expression tree as an SQL boolean condition, keeping Sigma's two-valued or EQL's three-valued logic.
import type { Expr } from '../../ir/expr.js';
import { UnsupportedConstruct } from '../target.js';
import type { SqlContext } from './context.js';
import { existsSql, fieldRefSql, keywordSql, matchSql } from './leaf.js';

function joined(ctx: SqlContext, children: Expr[], operator: 'AND' | 'OR'): string {
  return `(${children.map((child) => conditionSql(ctx, child)).join(` ${operator} `)})`;
}

/**
 * SQL's NOT of an unknown (a missing field) is unknown; Sigma's negation of a non-match is a match, so in
 * two-valued logic the child's unknown is read as false first.
 */
function negated(ctx: SqlContext, child: Expr): string {
  const inner = conditionSql(ctx, child);
  return ctx.logic === 'ternary' ? `NOT (${inner})` : `NOT COALESCE(${inner}, FALSE)`;
}

export function conditionSql(ctx: SqlContext, expr: Expr): string {
  switch (expr.kind) {
    case 'and':
      return joined(ctx, expr.children, 'AND');
    case 'or':
      return joined(ctx, expr.children, 'OR');
    case 'not':
      return negated(ctx, expr.child);
    case 'const':
      return expr.value ? 'TRUE' : 'FALSE';
    case 'match':
      return matchSql(ctx, expr);
    case 'exists':
      return existsSql(ctx, expr);
    case 'keyword':
      return keywordSql(ctx, expr);
    case 'fieldref':
      return fieldRefSql(ctx, expr);
    case 'nested':
      throw new UnsupportedConstruct('nested', `${expr.path}: a flat table has no arrays of objects`);
  }
}
