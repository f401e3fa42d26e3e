// Kibana KQL backend. Case: KQL string matches are case-sensitive on keyword fields; see `stringMatch`.
import type { Expr } from '../../ir/expr.js';
import type { Matcher, WildcardPart } from '../../ir/matcher.js';
import { type Backend, UnsupportedConstruct } from '../target.js';
import { type LeafExpr, printBoolean } from './boolean-printer.js';
import { hasCaseVariants } from './case-fold.js';
import { type ElasticFieldOptions, FieldInfo } from './field-info.js';
import { kueryField, kueryQuoted, kueryUnquoted, kueryWildcard } from './kuery-syntax.js';
import { refuseAggregation } from './no-aggregation.js';
import { literalTexts, lowerCaseParts, stringMatcherParts } from './wildcard-parts.js';

const RANGE_OPERATORS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export function createKueryBackend(options: ElasticFieldOptions = {}): Backend {
  const fields = new FieldInfo(options);
  return {
    name: 'kuery',
    render(target) {
      refuseAggregation(target.rule, 'KQL');
      return renderKuery(target.detection, fields);
    },
  };
}

/** KQL for fields whose types are unknown, refusing case-insensitive matches it cannot express. */
export const kueryBackend: Backend = createKueryBackend();

/** The KQL text of a detection expression; throws UnsupportedConstruct. */
export function renderKuery(expr: Expr, fields: FieldInfo): string {
  return printBoolean(expr, {
    and: ' and ',
    or: ' or ',
    not: (operand) => `not ${operand}`,
    leaf: (node) => leaf(node, fields),
    nested: (node, printChild) => `${kueryField(node.path)}: { ${printChild(node.child)} }`,
  });
}

function leaf(node: LeafExpr, fields: FieldInfo): string {
  switch (node.kind) {
    case 'const':
      return node.value ? '*: *' : 'not *: *';
    case 'exists':
      return `${kueryField(node.field)}: *`;
    case 'keyword':
      return freeText(node.matcher, fields);
    case 'fieldref':
      throw new UnsupportedConstruct('field reference', 'KQL cannot compare two fields');
    case 'match':
      if (node.transform)
        throw new UnsupportedConstruct(`${node.transform.kind} transform`, 'KQL has no functions');
      return fieldMatch(node.field, node.matcher, fields);
  }
}

function fieldMatch(field: string, matcher: Matcher, fields: FieldInfo): string {
  const name = kueryField(field);
  switch (matcher.kind) {
    case 'string':
      return patternMatch(field, stringMatcherParts(matcher), matcher.caseSensitive, fields);
    case 'wildcard':
      return patternMatch(field, matcher.parts, matcher.caseSensitive, fields);
    case 'regex':
      throw new UnsupportedConstruct('regex', 'KQL has no regular expressions');
    case 'cidr':
      if (!fields.mayHoldIps(field))
        throw new UnsupportedConstruct('cidr', `${field} is mapped as ${fields.type(field)}, not ip`);
      return `${name}: ${kueryQuoted(matcher.cidr)}`;
    case 'number':
      return `${name}: ${numberText(matcher.value)}`;
    case 'compare': {
      const value =
        matcher.type === 'number' ? numberText(Number(matcher.value)) : kueryQuoted(String(matcher.value));
      return `${name} ${RANGE_OPERATORS[matcher.op]} ${value}`;
    }
    case 'null':
      return `not ${name}: *`;
    case 'bool':
      return `${name}: ${matcher.value}`;
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

/**
 * KQL compares keyword values exactly, case included. A case-insensitive match is rendered exactly when its
 * text has no cased letters, or lower-cased on the field's `.caseless` multi-field; otherwise the backend
 * refuses (default) or, with `caseInsensitive: 'as-written'`, matches the case as written. Spelling out
 * case permutations is no option: KQL has no character classes, and the permutations grow exponentially.
 */
function patternMatch(
  field: string,
  parts: WildcardPart[],
  caseSensitive: boolean,
  fields: FieldInfo,
): string {
  let target = field;
  let pattern = parts;
  if (!caseSensitive) {
    const plan = fields.casePlan(field, literalTexts(parts));
    if (plan.kind === 'caseless') {
      target = plan.field;
      pattern = lowerCaseParts(parts);
    } else if (plan.kind === 'unexpressed' && fields.caseInsensitivePolicy === 'refuse') {
      throw new UnsupportedConstruct(
        'case-insensitive match',
        `KQL matches ${field} case-sensitively and no ${field}.caseless field is known`,
      );
    }
  }
  return `${kueryField(target)}: ${patternValue(pattern)}`;
}

function patternValue(parts: readonly WildcardPart[]): string {
  const only = parts[0];
  if (parts.length === 0) return '""';
  if (parts.length === 1 && only?.type === 'literal') return kueryQuoted(only.text);
  return kueryWildcard(parts);
}

/** Fieldless search: a quoted phrase for equality, an unquoted wildcard otherwise. */
function freeText(matcher: Matcher, fields: FieldInfo): string {
  if (matcher.kind === 'number') return numberText(matcher.value);
  if (matcher.kind !== 'string' && matcher.kind !== 'wildcard')
    throw new UnsupportedConstruct(
      `keyword ${matcher.kind}`,
      'KQL free text searches strings and numbers only',
    );
  const parts = matcher.kind === 'string' ? stringMatcherParts(matcher) : matcher.parts;
  const caseMatters = !matcher.caseSensitive && literalTexts(parts).some(hasCaseVariants);
  if (caseMatters && fields.caseInsensitivePolicy === 'refuse')
    throw new UnsupportedConstruct(
      'case-insensitive keyword',
      'KQL free text on keyword fields is case-sensitive',
    );
  return patternValue(parts);
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) throw new UnsupportedConstruct('number', `${value} has no KQL literal`);
  return kueryUnquoted(String(value));
}
