// Kusto predicates: one IR matcher applied to a field, to a transformed field, or (keywords) to every column.
import ipaddr from 'ipaddr.js';
import type { FieldRefExpr, FieldTransform, MatchExpr } from '../../ir/expr.js';
import type { CompareMatcher, Matcher, RegexFlags, StringOp, WildcardPart } from '../../ir/matcher.js';
import { dateBound, numberBound } from '../render-util-bounds.js';
import { portableRegex } from '../render-util-regex.js';
import { inlineFlags, wildcardRegex, wildcardShape } from '../render-util-wildcard.js';
import { UnsupportedConstruct } from '../target.js';
import { kustoDatetime, kustoNumber, kustoString } from './literal.js';

/** A boolean expression; `nullable` when it yields null rather than false for a missing or unparsable value. */
export interface Predicate {
  text: string;
  nullable: boolean;
}

/** A field as read by predicates: `value` as stored, `text` as a string (`tostring()` for non-string columns). */
export interface FieldOperand {
  value: string;
  text: string;
  /** A property of a dynamic column, null when missing: even string tests on it may be null. */
  path: boolean;
}

/** Case-insensitive and case-sensitive operator of each string test. `has` is never used: it matches terms. */
const STRING_OPERATORS: Record<StringOp, { folded: string; exact: string }> = {
  equals: { folded: '=~', exact: '==' },
  contains: { folded: 'contains', exact: 'contains_cs' },
  startswith: { folded: 'startswith', exact: 'startswith_cs' },
  endswith: { folded: 'endswith', exact: 'endswith_cs' },
};

const COMPARE_OPERATORS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** `datetime_part` names; `week_of_year` is the ISO 8601 week, as Sigma's `week` modifier. */
const DATE_PARTS = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  week: 'week_of_year',
  month: 'month',
  year: 'year',
} as const;

function stringOperator(op: StringOp, caseSensitive: boolean): string {
  const operators = STRING_OPERATORS[op];
  return caseSensitive ? operators.exact : operators.folded;
}

function stringTest(subject: string, op: StringOp, value: string, caseSensitive: boolean): string {
  return `${subject} ${stringOperator(op, caseSensitive)} ${kustoString(value)}`;
}

function regexTest(subject: string, pattern: string): string {
  return `${subject} matches regex ${kustoString(pattern)}`;
}

/**
 * A glob: one string operator when exact, `startswith … and endswith …` when prefix and suffix cannot
 * overlap, otherwise a regex. Only `*`: any non-empty value (Kusto stores a missing string as "").
 */
function wildcardTest(operand: FieldOperand, parts: readonly WildcardPart[], caseSensitive: boolean): string {
  const shape = wildcardShape(parts, caseSensitive);
  switch (shape.kind) {
    case 'any':
      return `isnotempty(${operand.value})`;
    case 'string':
      return stringTest(operand.text, shape.op, shape.value, caseSensitive);
    case 'prefix-suffix':
      return `(${stringTest(operand.text, 'startswith', shape.prefix, caseSensitive)} and ${stringTest(operand.text, 'endswith', shape.suffix, caseSensitive)})`;
    case 'pattern':
      return regexTest(operand.text, wildcardRegex(parts, caseSensitive));
  }
}

function cidrTest(subject: string, cidr: string): string {
  if (!ipaddr.isValidCIDR(cidr)) throw new UnsupportedConstruct('cidr', `'${cidr}' is not a CIDR network`);
  const family = ipaddr.parseCIDR(cidr)[0].kind() === 'ipv4' ? 'ipv4' : 'ipv6';
  return `${family}_is_in_range(${subject}, ${kustoString(cidr)})`;
}

function compareTest(operand: FieldOperand, matcher: CompareMatcher): Predicate {
  const op = COMPARE_OPERATORS[matcher.op];
  switch (matcher.type) {
    case 'number':
      return {
        text: `toreal(${operand.value}) ${op} ${kustoNumber(numberBound(matcher.value))}`,
        nullable: true,
      };
    case 'date':
      return {
        text: `todatetime(${operand.value}) ${op} ${kustoDatetime(dateBound(matcher.value))}`,
        nullable: true,
      };
    case 'string':
      // Ordinal order, as EQL's; an empty value stands for a missing one, which compares false.
      return {
        text: `(isnotempty(${operand.value}) and strcmp(${operand.text}, ${kustoString(String(matcher.value))}) ${op} 0)`,
        nullable: false,
      };
  }
}

/** A field tested as stored. */
function valuePredicate(operand: FieldOperand, matcher: Matcher): Predicate {
  switch (matcher.kind) {
    case 'string':
      return {
        text: stringTest(operand.text, matcher.op, matcher.value, matcher.caseSensitive),
        nullable: false,
      };
    case 'wildcard':
      return { text: wildcardTest(operand, matcher.parts, matcher.caseSensitive), nullable: false };
    case 'regex':
      return { text: regexTest(operand.text, kustoRegex(matcher.pattern, matcher.flags)), nullable: false };
    case 'cidr':
      return { text: cidrTest(operand.text, matcher.cidr), nullable: true };
    case 'number':
      // Null (an empty or non-numeric value) == n is false, not null.
      return { text: `toreal(${operand.value}) == ${kustoNumber(matcher.value)}`, nullable: false };
    case 'compare':
      return compareTest(operand, matcher);
    case 'null':
      return { text: `isempty(${operand.value})`, nullable: false };
    case 'bool':
      return { text: `tostring(${operand.value}) =~ ${kustoString(String(matcher.value))}`, nullable: false };
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

function transformed(operand: FieldOperand, transform: FieldTransform): string {
  return transform.kind === 'length'
    ? `strlen(${operand.text})`
    : `datetime_part(${kustoString(DATE_PARTS[transform.part])}, todatetime(${operand.value}))`;
}

/** A field after a transform, which yields a number: only number and numeric comparison matchers apply. */
function transformedPredicate(operand: FieldOperand, transform: FieldTransform, matcher: Matcher): Predicate {
  const subject = transformed(operand, transform);
  if (matcher.kind === 'number')
    return { text: `${subject} == ${kustoNumber(matcher.value)}`, nullable: true };
  if (matcher.kind === 'compare' && matcher.type === 'number')
    return {
      text: `${subject} ${COMPARE_OPERATORS[matcher.op]} ${kustoNumber(numberBound(matcher.value))}`,
      nullable: true,
    };
  throw new UnsupportedConstruct(`${transform.kind} transform`, `with a ${matcher.kind} matcher`);
}

/** Regex flags as an inline group, since `matches regex` has no flag argument. */
function kustoRegex(pattern: string, flags: RegexFlags): string {
  return inlineFlags(flags) + portableRegex(pattern, flags);
}

export function matchPredicate(node: MatchExpr, operand: FieldOperand): Predicate {
  return node.transform
    ? transformedPredicate(operand, node.transform, node.matcher)
    : valuePredicate(operand, node.matcher);
}

/**
 * Fieldless search: `*` tests every column, the faithful form of "some value of the event matches"; the
 * operators are the field ones (`* contains`, not `* has`, whose term matching differs from substrings).
 */
export function keywordPredicate(matcher: Matcher): string {
  switch (matcher.kind) {
    case 'string':
      return stringTest('*', matcher.op, matcher.value, matcher.caseSensitive);
    case 'wildcard': {
      const shape = wildcardShape(matcher.parts, matcher.caseSensitive);
      return shape.kind === 'string'
        ? stringTest('*', shape.op, shape.value, matcher.caseSensitive)
        : regexTest('*', wildcardRegex(matcher.parts, matcher.caseSensitive));
    }
    case 'regex':
      return regexTest('*', kustoRegex(matcher.pattern, matcher.flags));
    default:
      throw new UnsupportedConstruct(
        `${matcher.kind} keyword`,
        'Kusto can only search every column for text',
      );
  }
}

/** One field compared with another: `a == b`, `a startswith_cs b`, … */
export function fieldrefPredicate(node: FieldRefExpr, left: FieldOperand, right: FieldOperand): string {
  return `${left.text} ${stringOperator(node.op, node.caseSensitive)} ${right.text}`;
}
