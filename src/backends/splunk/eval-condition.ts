// SPL eval conditions (`| where`) for what a search cannot express: case-sensitive text, regexes, field pairs.
import ipaddr from 'ipaddr.js';
import type { Expr, FieldRefExpr, MatchExpr } from '../../ir/expr.js';
import type { Matcher, RegexFlags, WildcardPart } from '../../ir/matcher.js';
import type { LogicMode } from '../../ir/rule.js';
import { type LeafExpr, printCondition } from '../render-util-boolean.js';
import { numberBound } from '../render-util-bounds.js';
import { portableRegex } from '../render-util-regex.js';
import { inlineFlags, stringOpParts, wildcardRegex } from '../render-util-wildcard.js';
import { UnsupportedConstruct } from '../target.js';
import { evalField, splNumber, splString } from './literal.js';
import { isSearchable, searchCondition, searchTerm } from './search-condition.js';

const COMPARE_OPERATORS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/** A boolean eval expression, and the test that its operands are not null (a null operand makes it null). */
interface EvalTest {
  text: string;
  guard?: string;
}

function regexTest(subject: string, pattern: string): string {
  return `match(${subject}, ${splString(pattern)})`;
}

/** The PCRE form of an IR regex, flags inline. */
export function splRegex(pattern: string, flags: RegexFlags): string {
  return inlineFlags(flags) + portableRegex(pattern, flags);
}

function cidrTest(subject: string, cidr: string): string {
  if (!ipaddr.isValidCIDR(cidr)) throw new UnsupportedConstruct('cidr', `'${cidr}' is not a CIDR network`);
  return `cidrmatch(${splString(cidr)}, ${subject})`;
}

function matcherTest(field: string, matcher: Matcher): EvalTest {
  const present = `isnotnull(${field})`;
  switch (matcher.kind) {
    case 'string':
      return matcher.op === 'equals' && matcher.caseSensitive
        ? { text: `${field}==${splString(matcher.value)}`, guard: present }
        : {
            text: regexTest(
              field,
              wildcardRegex(stringOpParts(matcher.op, matcher.value), matcher.caseSensitive),
            ),
            guard: present,
          };
    case 'wildcard':
      return { text: regexTest(field, wildcardRegex(matcher.parts, matcher.caseSensitive)), guard: present };
    case 'regex':
      return { text: regexTest(field, splRegex(matcher.pattern, matcher.flags)), guard: present };
    case 'cidr':
      return { text: cidrTest(field, matcher.cidr), guard: present };
    case 'number':
      return {
        text: `tonumber(${field})==${splNumber(matcher.value)}`,
        guard: `isnotnull(tonumber(${field}))`,
      };
    case 'compare':
      if (matcher.type === 'number')
        return {
          text: `tonumber(${field})${COMPARE_OPERATORS[matcher.op]}${splNumber(numberBound(matcher.value))}`,
          guard: `isnotnull(tonumber(${field}))`,
        };
      if (matcher.type === 'string')
        return {
          text: `${field}${COMPARE_OPERATORS[matcher.op]}${splString(String(matcher.value))}`,
          guard: present,
        };
      throw new UnsupportedConstruct(
        'date comparison',
        'SPL cannot read an ISO date without knowing its format',
      );
    case 'null':
      return { text: `isnull(${field})` };
    case 'bool':
      return { text: `lower(${field})==${splString(String(matcher.value))}`, guard: present };
    case 'placeholder':
      throw new UnsupportedConstruct('placeholder', `%${matcher.name}% was not resolved`);
  }
}

function matchTest(node: MatchExpr): EvalTest {
  const field = evalField(node.field);
  if (!node.transform) return matcherTest(field, node.matcher);
  if (node.transform.kind === 'datepart')
    throw new UnsupportedConstruct(
      'datepart transform',
      'SPL cannot read a date field without knowing its format',
    );
  const length = `len(${field})`;
  const guard = `isnotnull(${field})`;
  if (node.matcher.kind === 'number') return { text: `${length}==${splNumber(node.matcher.value)}`, guard };
  if (node.matcher.kind === 'compare' && node.matcher.type === 'number')
    return {
      text: `${length}${COMPARE_OPERATORS[node.matcher.op]}${splNumber(numberBound(node.matcher.value))}`,
      guard,
    };
  throw new UnsupportedConstruct('length transform', `with a ${node.matcher.kind} matcher`);
}

/** One field compared with another; case folding by lower(). */
function fieldrefTest(node: FieldRefExpr): EvalTest {
  const [left, right] = [evalField(node.field), evalField(node.other)];
  const guard = `isnotnull(${left}) AND isnotnull(${right})`;
  const [a, b] = node.caseSensitive ? [left, right] : [`lower(${left})`, `lower(${right})`];
  switch (node.op) {
    case 'equals':
      return { text: `${a}==${b}`, guard };
    case 'startswith':
      return { text: `substr(${a}, 1, len(${b}))==${b}`, guard };
    case 'endswith':
      return { text: `(len(${a})>=len(${b}) AND substr(${a}, len(${a})-len(${b})+1)==${b})`, guard };
    case 'contains':
      throw new UnsupportedConstruct(
        'fieldref contains',
        'SPL eval has no substring search for a field value',
      );
  }
}

/** Fieldless text, looked for anywhere in the raw event: a value matching the pattern is a substring of it. */
function keywordTest(matcher: Matcher): EvalTest {
  const anywhere = (parts: readonly WildcardPart[], caseSensitive: boolean) =>
    regexTest('_raw', wildcardRegex([{ type: 'any' }, ...parts, { type: 'any' }], caseSensitive));
  switch (matcher.kind) {
    case 'string':
      return { text: anywhere(stringOpParts('equals', matcher.value), matcher.caseSensitive) };
    case 'wildcard':
      return { text: anywhere(matcher.parts, matcher.caseSensitive) };
    case 'regex':
      return { text: regexTest('_raw', splRegex(matcher.pattern, matcher.flags)) };
    default:
      throw new UnsupportedConstruct(`${matcher.kind} keyword`, 'SPL can only search the raw event for text');
  }
}

function leafTest(node: LeafExpr): EvalTest {
  switch (node.kind) {
    case 'match':
      return matchTest(node);
    case 'exists':
      return { text: `isnotnull(${evalField(node.field)})` };
    case 'keyword':
      return keywordTest(node.matcher);
    case 'fieldref':
      return fieldrefTest(node);
    case 'nested':
      throw new UnsupportedConstruct(
        'nested',
        `'${node.path}': SPL has no test on one element of an object array`,
      );
    case 'const':
      return { text: node.value ? 'true()' : 'false()' };
  }
}

/**
 * An eval condition. Leaves and subtrees a search can express become `searchmatch("…")`, so they keep the
 * search's case-insensitive semantics. Eval yields null for a null field and `NOT null` is null, which `where`
 * drops; in boolean rules a negated test is therefore preceded by its non-null guard.
 */
export function evalCondition(expr: Expr, logic: LogicMode): string {
  return printCondition(expr, {
    and: ' AND ',
    or: ' OR ',
    not: (operand, compound) => (compound ? `NOT (${operand})` : `NOT ${operand}`),
    constant: (value) => (value ? 'true()' : 'false()'),
    whole: (node) => (isSearchable(node) ? `searchmatch(${splString(searchCondition(node))})` : undefined),
    leaf: (node, negated) => {
      const term = searchTerm(node);
      if (term !== undefined) return `searchmatch(${splString(term)})`;
      const test = leafTest(node);
      return negated && test.guard && logic === 'boolean' ? `(${test.guard} AND ${test.text})` : test.text;
    },
  });
}
