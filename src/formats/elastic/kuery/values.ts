// Meaning of `field:value` and of a fieldless value, following how Kibana queries each field type.
import ipaddr from 'ipaddr.js';
import { and, type Expr, FALSE, match, or, TRUE } from '../../../ir/expr.js';
import type { Matcher } from '../../../ir/matcher.js';
import type { KueryError } from './errors.js';
import type { FieldKind } from './field-kinds.js';
import { isDateMath, parseDateBound, parseNumber } from './scalars.js';
import { hasWildcard, type KqlLiteral, literalText } from './syntax.js';
import { anyTokenMatcher, phraseMatcher, tokenWildcardMatcher } from './text-analysis.js';
import { wholeValueMatcher } from './wildcard.js';

/** A field as the IR names it (relative inside `nested`) and how its values match. */
export interface FieldTarget {
  name: string;
  kind: FieldKind;
}

/** Builds the error for a value at a query offset. */
export type Fail = (offset: number, message: string) => KueryError;

/** The literal is an unquoted lone `*`: as a value Kibana turns it into an exists query. */
export function isLoneWildcard(literal: KqlLiteral): boolean {
  return literal.parts.length === 1 && literal.parts[0]!.type === 'any';
}

/** Kibana parses an unquoted `null` into a null literal, which Elasticsearch refuses as a match value. */
function rejectNull(value: KqlLiteral, fail: Fail): void {
  if (!value.quoted && literalText(value) === 'null') {
    throw fail(
      value.offset,
      'Unquoted null is not a value Elasticsearch can match; quote it ("null") to search the text null, ' +
        'or use "not field:*" for a missing field',
    );
  }
}

/** `field:value` for one value of a (possibly nested-relative) field. */
export function fieldValueExpr(field: FieldTarget, value: KqlLiteral, fail: Fail): Expr {
  if (isLoneWildcard(value)) return { kind: 'exists', field: field.name };
  rejectNull(value, fail);
  const text = literalText(value);
  const refuseWildcard = () => {
    if (hasWildcard(value)) {
      throw fail(
        value.offset,
        `Elasticsearch cannot match wildcards on the ${field.kind} field "${field.name}"`,
      );
    }
  };
  switch (field.kind) {
    case 'keyword':
    case 'unknown':
      return match(field.name, wholeValueMatcher(value.parts, true));
    case 'caseless':
      return match(field.name, wholeValueMatcher(value.parts, false));
    case 'text': {
      const matcher = textMatcher(value);
      return matcher ? match(field.name, matcher) : FALSE;
    }
    case 'number': {
      refuseWildcard();
      const number = parseNumber(text);
      if (number === undefined) throw fail(value.offset, `"${text}" is not a number (field "${field.name}")`);
      return match(field.name, { kind: 'number', value: number });
    }
    case 'boolean':
      refuseWildcard();
      if (text !== 'true' && text !== 'false') {
        throw fail(value.offset, `"${text}" is not true or false (boolean field "${field.name}")`);
      }
      return match(field.name, { kind: 'bool', value: text === 'true' });
    case 'ip':
      refuseWildcard();
      return ipExpr(field.name, text, () =>
        fail(value.offset, `"${text}" is not an IP address or CIDR network`),
      );
    case 'date':
      refuseWildcard();
      return dateEqualsExpr(field.name, value, fail);
  }
}

/**
 * Analysed text: a wildcard term matches one token, a phrase its tokens in order, a bare value any of its
 * tokens; undefined when the value has no token, so nothing can match it.
 */
function textMatcher(value: KqlLiteral): Matcher | undefined {
  if (hasWildcard(value)) return tokenWildcardMatcher(value.parts);
  const text = literalText(value);
  return value.quoted ? phraseMatcher(text) : anyTokenMatcher(text);
}

/** A CIDR network; an IPv4 address as its exact text; an IPv6 address as its /128 network (any spelling). */
function ipExpr(field: string, text: string, notAnIp: () => KueryError): Expr {
  if (text.includes('/')) {
    if (!ipaddr.isValidCIDR(text)) throw notAnIp();
    return match(field, { kind: 'cidr', cidr: text });
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return match(field, { kind: 'string', op: 'equals', value: text, caseSensitive: true });
  }
  if (ipaddr.IPv6.isValid(text)) return match(field, { kind: 'cidr', cidr: `${text}/128` });
  throw notAnIp();
}

/** Kibana turns `date:value` into `value <= date <= value`, the upper bound rounded up over missing parts. */
function dateEqualsExpr(field: string, value: KqlLiteral, fail: Fail): Expr {
  const text = literalText(value);
  if (isDateMath(text)) throw fail(value.offset, `Date math "${text}" is not supported`);
  const from = parseDateBound(text, false);
  const to = parseDateBound(text, true);
  if (from === undefined || to === undefined) {
    throw fail(value.offset, `"${text}" is not an ISO 8601 date or epoch milliseconds (field "${field}")`);
  }
  return and([
    match(field, { kind: 'compare', op: 'gte', value: from, type: 'date' }),
    match(field, { kind: 'compare', op: 'lte', value: to, type: 'date' }),
  ]);
}

/**
 * A value without a field: Kibana searches every field (`multi_match`, or `query_string` for wildcards), so a
 * value matches exactly like on a keyword field or like on a text field; a lone `*` matches every event.
 */
export function freeTextExpr(value: KqlLiteral, fail: Fail): Expr {
  if (isLoneWildcard(value)) return TRUE;
  rejectNull(value, fail);
  const asText = textMatcher(value);
  const asKeyword: Expr = { kind: 'keyword', matcher: wholeValueMatcher(value.parts, true) };
  return asText ? or([asKeyword, { kind: 'keyword', matcher: asText }]) : asKeyword;
}
