// Detection expressions of the Rule IR: the boolean tree every rule format is parsed into.
import type { Matcher, StringOp } from './matcher.js';

/** A function applied to a field's value before matching (Sigma time modifiers, EQL `length()`). */
export type FieldTransform =
  | { kind: 'length' }
  | { kind: 'datepart'; part: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year' };

export interface AndExpr {
  kind: 'and';
  children: Expr[];
}

export interface OrExpr {
  kind: 'or';
  children: Expr[];
}

export interface NotExpr {
  kind: 'not';
  child: Expr;
}

/** A field's value (any element, for arrays) satisfies the matcher. */
export interface MatchExpr {
  kind: 'match';
  field: string;
  matcher: Matcher;
  transform?: FieldTransform;
}

/** Fieldless search: any string (or number) value anywhere in the event satisfies the matcher. */
export interface KeywordExpr {
  kind: 'keyword';
  matcher: Matcher;
}

/** The field is present in the event (its value may be null or empty). */
export interface ExistsExpr {
  kind: 'exists';
  field: string;
}

/** Compares one field's value with another field's value of the same event. */
export interface FieldRefExpr {
  kind: 'fieldref';
  field: string;
  other: string;
  op: StringOp;
  caseSensitive: boolean;
}

/** KQL `path:{ … }`: some single object of the (array) field at `path` satisfies `child`, whose fields are relative to it. */
export interface NestedExpr {
  kind: 'nested';
  path: string;
  child: Expr;
}

export interface ConstExpr {
  kind: 'const';
  value: boolean;
}

export type Expr =
  | AndExpr
  | OrExpr
  | NotExpr
  | MatchExpr
  | KeywordExpr
  | ExistsExpr
  | FieldRefExpr
  | NestedExpr
  | ConstExpr;

export const TRUE: ConstExpr = { kind: 'const', value: true };
export const FALSE: ConstExpr = { kind: 'const', value: false };

/** AND of the given expressions, flattened; the empty AND is true. */
export function and(children: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const child of children) {
    if (child.kind === 'and') flat.push(...child.children);
    else if (child.kind === 'const' && child.value) continue;
    else if (child.kind === 'const') return FALSE;
    else flat.push(child);
  }
  if (flat.length === 0) return TRUE;
  return flat.length === 1 ? flat[0]! : { kind: 'and', children: flat };
}

/** OR of the given expressions, flattened; the empty OR is false. */
export function or(children: Expr[]): Expr {
  const flat: Expr[] = [];
  for (const child of children) {
    if (child.kind === 'or') flat.push(...child.children);
    else if (child.kind === 'const' && !child.value) continue;
    else if (child.kind === 'const') return TRUE;
    else flat.push(child);
  }
  if (flat.length === 0) return FALSE;
  return flat.length === 1 ? flat[0]! : { kind: 'or', children: flat };
}

export function not(child: Expr): Expr {
  if (child.kind === 'const') return { kind: 'const', value: !child.value };
  if (child.kind === 'not') return child.child;
  return { kind: 'not', child };
}

export function match(field: string, matcher: Matcher, transform?: FieldTransform): MatchExpr {
  return transform ? { kind: 'match', field, matcher, transform } : { kind: 'match', field, matcher };
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  if (expr.kind === 'and' || expr.kind === 'or') for (const child of expr.children) walkExpr(child, visit);
  else if (expr.kind === 'not' || expr.kind === 'nested') walkExpr(expr.child, visit);
}

/** Every field name the expression reads, in first-seen order. */
export function fieldsOf(expr: Expr): string[] {
  const seen = new Set<string>();
  walkExpr(expr, (node) => {
    if (node.kind === 'match' || node.kind === 'exists') seen.add(node.field);
    else if (node.kind === 'nested') seen.add(node.path);
    else if (node.kind === 'fieldref') {
      seen.add(node.field);
      seen.add(node.other);
    }
  });
  return [...seen];
}

/** Rebuilds the tree bottom-up, letting `leaf` replace each non-boolean node by any expression. */
export function mapLeaves(
  expr: Expr,
  leaf: (node: Exclude<Expr, AndExpr | OrExpr | NotExpr | NestedExpr>) => Expr,
): Expr {
  switch (expr.kind) {
    case 'and':
      return and(expr.children.map((c) => mapLeaves(c, leaf)));
    case 'or':
      return or(expr.children.map((c) => mapLeaves(c, leaf)));
    case 'not':
      return not(mapLeaves(expr.child, leaf));
    case 'nested':
      return { kind: 'nested', path: expr.path, child: mapLeaves(expr.child, leaf) };
    default:
      return leaf(expr);
  }
}
