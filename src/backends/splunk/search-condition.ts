// SPL search syntax for what it expresses natively: case-insensitive values with `*`, numbers, IPv4 networks.
import ipaddr from 'ipaddr.js';
import type { Expr } from '../../ir/expr.js';
import type { Matcher, StringOp, WildcardPart } from '../../ir/matcher.js';
import { type LeafExpr, printCondition } from '../render-util-boolean.js';
import { numberBound } from '../render-util-bounds.js';
import { normalizeWildcard, stringOpParts } from '../render-util-wildcard.js';
import { searchField, splNumber, splString } from './literal.js';

const COMPARE_OPERATORS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

/**
 * A search pattern (`*` for any run of characters): only for case-insensitive patterns without `?` and
 * without a literal `*`, which a search cannot escape.
 */
function searchPattern(parts: readonly WildcardPart[], caseSensitive: boolean): string | undefined {
  if (caseSensitive) return undefined;
  let pattern = '';
  for (const part of normalizeWildcard(parts)) {
    if (part.type === 'one' || (part.type === 'literal' && part.text.includes('*'))) return undefined;
    pattern += part.type === 'literal' ? part.text : '*';
  }
  return splString(pattern);
}

function stringPattern(op: StringOp, value: string, caseSensitive: boolean): string | undefined {
  return searchPattern(stringOpParts(op, value), caseSensitive);
}

function matcherTerm(field: string, matcher: Matcher): string | undefined {
  switch (matcher.kind) {
    case 'string': {
      const pattern = stringPattern(matcher.op, matcher.value, matcher.caseSensitive);
      return pattern && `${field}=${pattern}`;
    }
    case 'wildcard': {
      const pattern = searchPattern(matcher.parts, matcher.caseSensitive);
      return pattern && `${field}=${pattern}`;
    }
    case 'cidr':
      // A search matches IPv4 values against CIDR notation; IPv6 networks need cidrmatch().
      return ipaddr.isValidCIDR(matcher.cidr) && ipaddr.parseCIDR(matcher.cidr)[0].kind() === 'ipv4'
        ? `${field}=${splString(matcher.cidr)}`
        : undefined;
    case 'number':
      return `${field}=${splNumber(matcher.value)}`;
    case 'compare':
      return matcher.type === 'number'
        ? `${field}${COMPARE_OPERATORS[matcher.op]}${splNumber(numberBound(matcher.value))}`
        : undefined;
    case 'null':
      return `NOT ${field}=*`;
    case 'bool':
      return `${field}=${splString(String(matcher.value))}`;
    default:
      return undefined;
  }
}

/** The search term of a leaf, or undefined when a search cannot express it. */
export function searchTerm(node: LeafExpr): string | undefined {
  switch (node.kind) {
    case 'match': {
      const field = searchField(node.field);
      return field && !node.transform ? matcherTerm(field, node.matcher) : undefined;
    }
    case 'exists': {
      const field = searchField(node.field);
      return field && `${field}=*`;
    }
    case 'keyword':
      // A quoted term is matched against the raw event text.
      if (node.matcher.kind === 'string')
        return stringPattern(node.matcher.op, node.matcher.value, node.matcher.caseSensitive);
      if (node.matcher.kind === 'wildcard')
        return searchPattern(node.matcher.parts, node.matcher.caseSensitive);
      return undefined;
    default:
      return undefined;
  }
}

export function isSearchable(expr: Expr): boolean {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.children.length > 0 && expr.children.every(isSearchable);
    case 'not':
      return isSearchable(expr.child);
    case 'const':
      return false;
    default:
      return searchTerm(expr) !== undefined;
  }
}

/**
 * The search text of an expression for which `isSearchable` holds. A search's `NOT field=value` also
 * matches events without the field, the IR's two-valued negation; a double negation cancels.
 */
export function searchCondition(expr: Expr): string {
  return printCondition(expr, {
    and: ' AND ',
    or: ' OR ',
    not: (operand, compound) =>
      compound ? `NOT (${operand})` : operand.startsWith('NOT ') ? operand.slice(4) : `NOT ${operand}`,
    constant: () => {
      throw new Error('searchCondition needs an expression isSearchable accepts');
    },
    leaf: (node) => {
      const term = searchTerm(node);
      if (term === undefined) throw new Error('searchCondition needs an expression isSearchable accepts');
      return term;
    },
  });
}
