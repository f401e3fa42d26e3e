// EQL conditions from IR expressions: `:` and `like` wildcards, `regex`, `~` functions, cidrMatch, length().
import type { Expr, FieldRefExpr, MatchExpr } from '../../ir/expr.js';
import type { RegexMatcher, StringMatcher, WildcardPart } from '../../ir/matcher.js';
import { UnsupportedConstruct } from '../target.js';
import { type LeafExpr, printBoolean } from './boolean-printer.js';
import { eqlField, eqlString } from './eql-syntax.js';
import type { FieldInfo } from './field-info.js';
import { luceneRegex } from './lucene-regex.js';
import { regexIgnoresCase } from './regex-syntax.js';
import { literalTexts, stringMatcherParts } from './wildcard-parts.js';

const COMPARISONS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
const SUBSTRING_FUNCTIONS = {
  contains: 'stringContains',
  startswith: 'startsWith',
  endswith: 'endsWith',
} as const;

/** The condition after `where`; throws UnsupportedConstruct. */
export function eqlCondition(expr: Expr, fields: FieldInfo): string {
  return printBoolean(expr, {
    and: ' and ',
    or: ' or ',
    not: (operand) => `not ${operand}`,
    leaf: (node) => leaf(node, fields),
    negatedLeaf: (node) =>
      node.kind === 'match' && node.matcher.kind === 'null' && !node.transform
        ? `${eqlField(node.field)} != null`
        : undefined,
    nested: () => {
      throw new UnsupportedConstruct('nested query', 'EQL does not query nested objects');
    },
  });
}

function leaf(node: LeafExpr, fields: FieldInfo): string {
  switch (node.kind) {
    case 'const':
      return String(node.value);
    case 'exists':
      return `${eqlField(node.field)} != null`;
    case 'keyword':
      throw new UnsupportedConstruct('keyword', 'EQL has no fieldless search');
    case 'fieldref':
      return fieldComparison(node);
    case 'match':
      return fieldMatch(node, fields);
  }
}

function fieldMatch(node: MatchExpr, fields: FieldInfo): string {
  const { matcher } = node;
  const field = eqlField(node.field);
  if (node.transform) return lengthTest(node, field);
  switch (matcher.kind) {
    case 'string':
      return stringMatch(field, matcher);
    case 'wildcard':
      return wildcardMatch(field, matcher.parts, matcher.caseSensitive);
    case 'regex':
      return regexMatch(field, matcher);
    case 'cidr':
      if (!fields.mayHoldIps(node.field))
        throw new UnsupportedConstruct(
          'cidr',
          `${node.field} is mapped as ${fields.type(node.field)}, not ip`,
        );
      return `cidrMatch(${field}, ${eqlString(matcher.cidr)})`;
    case 'number':
      return `${field} == ${finite(matcher.value)}`;
    case 'compare':
      if (matcher.type === 'date')
        throw new UnsupportedConstruct('date comparison', 'EQL has no date literals');
      return `${field} ${COMPARISONS[matcher.op]} ${matcher.type === 'number' ? finite(Number(matcher.value)) : eqlString(String(matcher.value))}`;
    case 'null':
      return `${field} == null`;
    case 'bool':
      return `${field} == ${matcher.value}`;
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

function lengthTest(node: MatchExpr, field: string): string {
  const { matcher, transform } = node;
  if (transform?.kind !== 'length')
    throw new UnsupportedConstruct(`${transform?.kind} transform`, 'EQL has no date parts');
  if (matcher.kind === 'number') return `length(${field}) == ${finite(matcher.value)}`;
  if (matcher.kind === 'compare' && matcher.type === 'number')
    return `length(${field}) ${COMPARISONS[matcher.op]} ${finite(Number(matcher.value))}`;
  throw new UnsupportedConstruct('length transform', `length() compared by a ${matcher.kind} matcher`);
}

/**
 * `==` and `like` compare case-sensitively, `:` ignores case; both `like` and `:` read `*` and `?` as
 * wildcards with no escape, so a value holding them goes through `stringContains`/`startsWith`/`endsWith`
 * (with `~` to ignore case), or `in~` for a case-insensitive equality.
 */
function stringMatch(field: string, matcher: StringMatcher): string {
  const { op, value, caseSensitive } = matcher;
  if (op === 'equals' && caseSensitive) return `${field} == ${eqlString(value)}`;
  if (!/[*?]/.test(value)) return wildcardMatch(field, stringMatcherParts(matcher), caseSensitive);
  if (op === 'equals') return `${field} in~ (${eqlString(value)})`;
  return `${SUBSTRING_FUNCTIONS[op]}${caseSensitive ? '' : '~'}(${field}, ${eqlString(value)})`;
}

function wildcardMatch(field: string, parts: readonly WildcardPart[], caseSensitive: boolean): string {
  if (literalTexts(parts).some((text) => /[*?]/.test(text)))
    throw new UnsupportedConstruct('wildcard', 'EQL wildcard patterns cannot hold a literal * or ?');
  const pattern = parts
    .map((part) => (part.type === 'any' ? '*' : part.type === 'one' ? '?' : part.text))
    .join('');
  return `${field} ${caseSensitive ? 'like' : ':'} ${eqlString(pattern)}`;
}

/** EQL regexes use Lucene's whole-value dialect; `regex~` ignores case as Elasticsearch folds it. */
function regexMatch(field: string, matcher: RegexMatcher): string {
  const keyword = regexIgnoresCase(matcher) ? 'regex~' : 'regex';
  return `${field} ${keyword} ${eqlString(luceneRegex(matcher, { foldCase: false }))}`;
}

function fieldComparison(node: FieldRefExpr): string {
  if (node.op === 'equals')
    throw new UnsupportedConstruct('field reference', 'EQL cannot compare a field with another for equality');
  return `${SUBSTRING_FUNCTIONS[node.op]}${node.caseSensitive ? '' : '~'}(${eqlField(node.field)}, ${eqlField(node.other)})`;
}

function finite(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} has no EQL literal`);
  return String(value);
}
