// ES|QL WHERE conditions from IR expressions: comparisons, LIKE/RLIKE, TO_LOWER for case-insensitive matches.
import type { Expr, FieldRefExpr, MatchExpr } from '../../ir/expr.js';
import type { CompareMatcher, StringMatcher, WildcardMatcher } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import { type LeafExpr, printBoolean } from './boolean-printer.js';
import { hasCaseVariants } from './case-fold.js';
import { esqlField, esqlLikePattern, esqlString } from './esql-syntax.js';
import type { FieldInfo } from './field-info.js';
import { luceneRegex } from './lucene-regex.js';
import { literalTexts, lowerCaseParts } from './wildcard-parts.js';

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** The boolean expression of a WHERE command; throws UnsupportedConstruct. */
export function esqlCondition(expr: Expr, fields: FieldInfo): string {
  return printBoolean(expr, {
    and: ' AND ',
    or: ' OR ',
    not: (operand) => `NOT ${operand}`,
    leaf: (node) => leaf(node, fields),
    nested: () => {
      throw new UnsupportedConstruct('nested query', 'ES|QL does not read nested fields');
    },
  });
}

function leaf(node: LeafExpr, fields: FieldInfo): string {
  switch (node.kind) {
    case 'const':
      return String(node.value);
    case 'exists':
      return `${esqlField(node.field)} IS NOT NULL`;
    case 'keyword':
      throw new UnsupportedConstruct('keyword', 'ES|QL has no fieldless search');
    case 'fieldref':
      return fieldComparison(node);
    case 'match':
      return fieldMatch(node, fields);
  }
}

function fieldMatch(node: MatchExpr, fields: FieldInfo): string {
  const { matcher } = node;
  const field = esqlField(node.field);
  const operand = transformed(node, field);
  switch (matcher.kind) {
    case 'string':
      return stringMatch(operand, matcher);
    case 'wildcard':
      return wildcardMatch(operand, matcher);
    case 'regex':
      return `${operand} RLIKE ${esqlString(luceneRegex(matcher))}`;
    case 'cidr':
      if (!fields.mayHoldIps(node.field))
        throw new UnsupportedConstruct(
          'cidr',
          `${node.field} is mapped as ${fields.type(node.field)}, not ip`,
        );
      return `CIDR_MATCH(${operand}, ${esqlString(matcher.cidr)})`;
    case 'number':
      return `${operand} == ${finite(matcher.value)}`;
    case 'compare':
      return `${operand} ${COMPARISONS[matcher.op]} ${compareValue(matcher)}`;
    case 'null':
      return `${operand} IS NULL`;
    case 'bool':
      return `${operand} == ${matcher.value}`;
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

/** The value tested: the field, or `LENGTH(field)`. */
function transformed(node: MatchExpr, field: string): string {
  if (!node.transform) return field;
  if (node.transform.kind === 'length') return `LENGTH(${field})`;
  throw new UnsupportedConstruct(
    'datepart transform',
    `ES|QL rendering of ${node.transform.part} is not defined`,
  );
}

/** Case-insensitive tests compare `TO_LOWER(field)` with the lower-cased value. */
function stringMatch(operand: string, matcher: StringMatcher): string {
  const folded = !matcher.caseSensitive && hasCaseVariants(matcher.value);
  const subject = folded ? `TO_LOWER(${operand})` : operand;
  const value = folded ? matcher.value.toLowerCase() : matcher.value;
  switch (matcher.op) {
    case 'equals':
      return `${subject} == ${esqlString(value)}`;
    case 'startswith':
      return `STARTS_WITH(${subject}, ${esqlString(value)})`;
    case 'endswith':
      return `ENDS_WITH(${subject}, ${esqlString(value)})`;
    case 'contains':
      return `${subject} LIKE ${esqlLikePattern([{ type: 'any' }, { type: 'literal', text: value }, { type: 'any' }])}`;
  }
}

function wildcardMatch(operand: string, matcher: WildcardMatcher): string {
  if (matcher.caseSensitive || !literalTexts(matcher.parts).some(hasCaseVariants))
    return `${operand} LIKE ${esqlLikePattern(matcher.parts)}`;
  return `TO_LOWER(${operand}) LIKE ${esqlLikePattern(lowerCaseParts(matcher.parts))}`;
}

function fieldComparison(node: FieldRefExpr): string {
  const wrap = (field: string) => (node.caseSensitive ? esqlField(field) : `TO_LOWER(${esqlField(field)})`);
  const [a, b] = [wrap(node.field), wrap(node.other)];
  switch (node.op) {
    case 'equals':
      return `${a} == ${b}`;
    case 'startswith':
      return `STARTS_WITH(${a}, ${b})`;
    case 'endswith':
      return `ENDS_WITH(${a}, ${b})`;
    case 'contains':
      return `LOCATE(${a}, ${b}) > 0`;
  }
}

function compareValue(matcher: CompareMatcher): string {
  if (matcher.type === 'number') return finite(Number(matcher.value));
  if (matcher.type === 'date') return `TO_DATETIME(${esqlString(String(matcher.value))})`;
  return esqlString(String(matcher.value));
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} has no ES|QL literal`);
  return String(value);
}
