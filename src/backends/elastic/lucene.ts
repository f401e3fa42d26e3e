// Lucene query_string backend; case-insensitive matches become `.caseless` terms or case-folded regexes.
import type { Expr } from '../../ir/expr.js';
import type { CompareMatcher, Matcher, WildcardPart } from '../../ir/matcher.js';
import { type Backend, UnsupportedConstruct } from '../target.js';
import { type LeafExpr, printBoolean } from './boolean-printer.js';
import { hasCaseVariants } from './case-fold.js';
import { type ElasticFieldOptions, FieldInfo } from './field-info.js';
import { caseInsensitiveWildcardRegex, luceneRegex } from './lucene-regex.js';
import { luceneField, luceneQuoted, luceneRegexTerm, luceneTerm, luceneWildcard } from './lucene-syntax.js';
import { refuseAggregation } from './no-aggregation.js';
import { literalTexts, lowerCaseParts, stringMatcherParts } from './wildcard-parts.js';

/** Matches every document; a negation needs it as its positive part to stand alone inside OR. */
const ALL = '*:*';

export function createLuceneBackend(options: ElasticFieldOptions = {}): Backend {
  const fields = new FieldInfo(options);
  return {
    name: 'lucene',
    render(target) {
      refuseAggregation(target.rule, 'Lucene');
      return renderLucene(target.detection, fields);
    },
  };
}

export const luceneBackend: Backend = createLuceneBackend();

/** The query_string text of a detection expression; throws UnsupportedConstruct. */
export function renderLucene(expr: Expr, fields: FieldInfo): string {
  return printBoolean(expr, {
    and: ' AND ',
    or: ' OR ',
    not: (operand) => `(${ALL} NOT ${operand})`,
    leaf: (node) => leaf(node, fields),
    nested: () => {
      throw new UnsupportedConstruct('nested query', 'query_string cannot query nested objects');
    },
    parenthesizeAll: true,
  });
}

function leaf(node: LeafExpr, fields: FieldInfo): string {
  switch (node.kind) {
    case 'const':
      return node.value ? ALL : `(${ALL} NOT ${ALL})`;
    case 'exists':
      return `_exists_:${luceneField(node.field)}`;
    case 'keyword':
      return freeText(node.matcher);
    case 'fieldref':
      throw new UnsupportedConstruct('field reference', 'query_string cannot compare two fields');
    case 'match':
      if (node.transform)
        throw new UnsupportedConstruct(`${node.transform.kind} transform`, 'query_string has no functions');
      return fieldMatch(node.field, node.matcher, fields);
  }
}

function fieldMatch(field: string, matcher: Matcher, fields: FieldInfo): string {
  const name = luceneField(field);
  switch (matcher.kind) {
    case 'string':
      return patternMatch(field, stringMatcherParts(matcher), matcher.caseSensitive, fields);
    case 'wildcard':
      return patternMatch(field, matcher.parts, matcher.caseSensitive, fields);
    case 'regex':
      return `${name}:${luceneRegexTerm(luceneRegex(matcher))}`;
    case 'cidr':
      if (!fields.mayHoldIps(field))
        throw new UnsupportedConstruct('cidr', `${field} is mapped as ${fields.type(field)}, not ip`);
      return `${name}:${luceneQuoted(matcher.cidr)}`;
    case 'number':
      return `${name}:${numberTerm(matcher.value)}`;
    case 'compare':
      return `${name}:${range(matcher)}`;
    case 'null':
      return `(${ALL} NOT _exists_:${name})`;
    case 'bool':
      return `${name}:${matcher.value}`;
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

/**
 * query_string compares keyword values case-sensitively. A case-insensitive match whose text has cased
 * letters goes to the field's `.caseless` multi-field when known, else becomes a regex whose letters are
 * classes of their case forms (`[Cc][Mm][Dd]`): exact, but slower than a term or wildcard query.
 */
function patternMatch(
  field: string,
  parts: WildcardPart[],
  caseSensitive: boolean,
  fields: FieldInfo,
): string {
  const plan = caseSensitive ? { kind: 'exact' as const } : fields.casePlan(field, literalTexts(parts));
  switch (plan.kind) {
    case 'exact':
      return `${luceneField(field)}:${patternValue(parts)}`;
    case 'caseless':
      return `${luceneField(plan.field)}:${patternValue(lowerCaseParts(parts))}`;
    case 'unexpressed':
      return `${luceneField(field)}:${luceneRegexTerm(caseInsensitiveWildcardRegex(parts))}`;
  }
}

function patternValue(parts: readonly WildcardPart[]): string {
  const only = parts[0];
  if (parts.length === 0) return '""';
  if (parts.length === 1 && only?.type === 'literal') return luceneQuoted(only.text);
  return luceneWildcard(parts);
}

/** Fieldless search over the default fields: phrase, wildcard, or case-folded regex. */
function freeText(matcher: Matcher): string {
  if (matcher.kind === 'number') return numberTerm(matcher.value);
  if (matcher.kind !== 'string' && matcher.kind !== 'wildcard')
    throw new UnsupportedConstruct(`keyword ${matcher.kind}`, 'free text searches strings and numbers only');
  const parts = matcher.kind === 'string' ? stringMatcherParts(matcher) : matcher.parts;
  if (matcher.caseSensitive || !literalTexts(parts).some(hasCaseVariants)) return patternValue(parts);
  return luceneRegexTerm(caseInsensitiveWildcardRegex(parts));
}

/**
 * `{v TO *}`, `[v TO *]`, `{* TO v}`, `[* TO v]`: braces exclude the bound, brackets include it. Range bounds
 * are read without escapes, so a number is written as is and any other value quoted.
 */
function range(matcher: CompareMatcher): string {
  const value =
    matcher.type === 'number' ? finite(Number(matcher.value)) : luceneQuoted(String(matcher.value));
  switch (matcher.op) {
    case 'gt':
      return `{${value} TO *}`;
    case 'gte':
      return `[${value} TO *]`;
    case 'lt':
      return `{* TO ${value}}`;
    case 'lte':
      return `[* TO ${value}]`;
  }
}

function numberTerm(value: number): string {
  return luceneTerm(finite(value));
}

function finite(value: number): string {
  if (!Number.isFinite(value))
    throw new UnsupportedConstruct('number', `${value} has no query_string literal`);
  return String(value);
}
